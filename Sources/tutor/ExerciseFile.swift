import ChatClient
import Foundation
import SystemSupport
#if canImport(Glibc)
import Glibc
#endif

/// The learner's file of an open exercise, in their exercise folder
/// (``ExerciseFolder``): made with the starter when it does not exist yet, never
/// overwritten except by the learner's own `write`.
///
/// The base may be shared (`--exercises /tmp`), so every use checks the folders below it:
/// each one the learner's, 0700 and not a symlink (``PrivateDirectory``), and the file a
/// regular file of theirs, opened without following a symlink. Otherwise another user could
/// swap in code the checks run as the learner, or point a write or the editor elsewhere.
struct ExerciseFile: Equatable {
    let exercise: ExerciseStep
    /// The folder that holds every profile's folders.
    let base: String
    /// The folder, `<base>/<profile>/<course>`.
    let folder: String
    /// The file, `<folder>/<file>`.
    let path: String

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Where `exercise`'s file is for this learner and course; nothing is made yet.
    /// `profile`: the profile switched to, `nil` for the user's own (its folder is named
    /// after the Unix user).
    init(exercise: ExerciseStep, base: String, profile: String?, course: String) throws(Failure) {
        let user = UserDatabase.user(uid: getuid())?.name ?? "uid\(getuid())"
        guard let folder = ExerciseFolder.folder(base: base, profile: profile, user: user, course: course),
              let path = ExerciseFolder.file(folder: folder, name: exercise.file) else {
            throw Failure(description: "the exercise's file name (\(exercise.file)), profile (\(profile ?? user)) or course (\(course)) is not a plain file name; it is not written")
        }
        self.exercise = exercise
        self.base = base
        self.folder = folder
        self.path = path
    }

    /// Makes the folders (each missing folder 0700: the learner's work is theirs) and writes
    /// the starter unless the file exists. Returns whether it wrote the starter.
    func prepare() throws(Failure) -> Bool {
        try checkFolders()
        // O_EXCL: a file that is there (the learner's work) is never replaced.
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o644)
        if descriptor < 0 {
            if errno == EEXIST {
                try checkFile()
                return false
            }
            throw Failure(description: "cannot create \(path): \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        try Self.write(Array(exercise.starterText.utf8), to: descriptor, path: path)
        return true
    }

    /// The file's path for the editor, once the folders and the file (if it is there) are
    /// checked: the editor follows whatever it is given.
    func checkedPath() throws(Failure) -> String {
        try checkFolders()
        if FileStatus.of(path) != nil { try checkFile() }
        return path
    }

    /// The learner's code.
    func read() throws(Failure) -> String {
        try checkFolders()
        // O_NONBLOCK: a FIFO in the file's place must not hang the open; it is refused below.
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK)
        guard descriptor >= 0 else {
            if errno == ELOOP { try checkFile() }  // a symlink: says so, and what to do
            throw Failure(description: "cannot read \(path): \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        guard let status = FileStatus.of(descriptor: descriptor, path: path) else {
            throw Failure(description: "cannot inspect \(path): \(String(cString: strerror(errno)))")
        }
        if let problem = PrivateDirectory.fileProblem(status, uid: getuid()) { throw Failure(description: problem) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = Glibc.read(descriptor, &buffer, buffer.count)
            if count < 0 {
                if errno == EINTR { continue }
                throw Failure(description: "cannot read \(path): \(String(cString: strerror(errno)))")
            }
            if count == 0 { break }
            bytes += buffer[..<count]
            // Far more than any exercise: a file this big is a mistake, not code to check.
            if bytes.count > 4 << 20 { throw Failure(description: "\(path) is larger than 4 MiB; it is not checked") }
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw Failure(description: "\(path) is not UTF-8 text")
        }
        return text
    }

    /// Replaces the file with `text` (the inline editor's), as an editor does: written next
    /// to it, then renamed over it, so a reader never sees half of it.
    func replace(with text: String) throws(Failure) {
        try checkFolders()
        let temporary = folder + "/.tutor-write-\(getpid())"
        // Only a file made here is written: a leftover (of a tutor of this pid that was
        // killed) is removed first, and O_EXCL refuses whatever else is there, a FIFO whose
        // open would block or a symlink, instead of opening it.
        unlink(temporary)
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o644)
        guard descriptor >= 0 else {
            throw Failure(description: "cannot write \(temporary): \(String(cString: strerror(errno)))")
        }
        do {
            try Self.write(Array(text.utf8), to: descriptor, path: temporary)
        } catch {
            close(descriptor)
            unlink(temporary)
            throw error
        }
        close(descriptor)
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw Failure(description: "cannot replace \(path): \(reason)")
        }
    }

    /// Makes the base (`mkdir -p`) and checks it (``PrivateDirectory/baseProblem(_:uid:)``),
    /// then makes and checks each folder below it (``PrivateDirectory/ensure(_:uid:)``).
    private func checkFolders() throws(Failure) {
        try Self.makeFolders(base)
        guard let status = FileStatus.of(base, following: true) else {
            throw Failure(description: "cannot inspect \(base): \(String(cString: strerror(errno)))")
        }
        if let problem = PrivateDirectory.baseProblem(status, uid: getuid()) { throw Failure(description: problem) }
        var below = base
        for component in folder.dropFirst(base.count).split(separator: "/") {
            below += "/" + component
            if let problem = PrivateDirectory.ensure(below) { throw Failure(description: problem) }
        }
    }

    /// The file that is there, as `lstat` sees it: a regular file of the learner's.
    private func checkFile() throws(Failure) {
        guard let status = FileStatus.of(path) else {
            throw Failure(description: "cannot inspect \(path): \(String(cString: strerror(errno)))")
        }
        if let problem = PrivateDirectory.fileProblem(status, uid: getuid()) { throw Failure(description: problem) }
    }

    private static func write(_ bytes: [UInt8], to descriptor: Int32, path: String) throws(Failure) {
        var written = 0
        while written < bytes.count {
            let count = bytes[written...].withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw Failure(description: "cannot write \(path): \(String(cString: strerror(errno)))")
            }
            written += count
        }
    }

    /// `mkdir -p` with mode 0700 for each folder it makes; folders already there are left as
    /// they are (the base's own path is the learner's choice).
    static func makeFolders(_ folder: String) throws(Failure) {
        var path = folder.hasPrefix("/") ? "" : "."
        for component in folder.split(separator: "/") {
            path += "/" + component
            if mkdir(path, 0o700) != 0 && errno != EEXIST {
                throw Failure(description: "cannot make the folder \(path): \(String(cString: strerror(errno)))")
            }
        }
        var status = stat()
        guard stat(folder, &status) == 0, status.st_mode & S_IFMT == S_IFDIR else {
            throw Failure(description: "\(folder) is not a folder")
        }
    }
}
