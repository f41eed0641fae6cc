import ChatClient
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The learner's file of an open exercise, in their exercise folder
/// (``ExerciseFolder``): made with the starter when it does not exist yet, never
/// overwritten except by the learner's own `write`.
struct ExerciseFile: Equatable {
    let exercise: ExerciseStep
    /// The folder, `<base>/<profile>/<course>`.
    let folder: String
    /// The file, `<folder>/<file>`.
    let path: String

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Where `exercise`'s file is for this learner and course; nothing is made yet.
    init(exercise: ExerciseStep, base: String, profile: String?, course: String) throws(Failure) {
        guard let folder = ExerciseFolder.folder(base: base, profile: profile, course: course),
              let path = ExerciseFolder.file(folder: folder, name: exercise.file) else {
            throw Failure(description: "the exercise's file name (\(exercise.file)) or course (\(course)) is not a plain file name; it is not written")
        }
        self.exercise = exercise
        self.folder = folder
        self.path = path
    }

    /// Makes the folder (each missing folder 0700: the learner's work is theirs) and writes
    /// the starter unless the file exists. Returns whether it wrote the starter.
    func prepare() throws(Failure) -> Bool {
        try Self.makeFolders(folder)
        // O_EXCL: a file that is there (the learner's work) is never replaced.
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o644)
        if descriptor < 0 {
            if errno == EEXIST { return false }
            throw Failure(description: "cannot create \(path): \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        try Self.write(Array(exercise.starterText.utf8), to: descriptor, path: path)
        return true
    }

    /// The learner's code.
    func read() throws(Failure) -> String {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw Failure(description: "cannot read \(path): \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
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
        try Self.makeFolders(folder)
        let temporary = folder + "/.tutor-write-\(getpid())"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0o644)
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
    /// they are.
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
