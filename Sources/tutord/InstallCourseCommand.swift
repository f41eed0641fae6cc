import ArgumentParser
import CourseCatalog
import Dialogue
import Foundation
import LineProtocol
import SystemSupport
import TutorClient
#if canImport(Glibc)
import Glibc
#endif

/// `tutord install-course FILE|DIR|TARBALL`: check courses and put them where the daemon finds them.
struct InstallCourseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "install-course",
        abstract: "Check course files and install them in your course directory; a running tutord reloads.",
        discussion: """
            Installs into $XDG_DATA_HOME/tutord/dialogues (or ~/.local/share/tutord/dialogues) as \
            <course id>.dialogue. A directory installs its .dialogue files; a .tar.gz (or .tgz) \
            is unpacked first (never outside its folder) and installs the .dialogue files in it. \
            A file that does not check is refused, and so is a course whose id \
            is already installed with other contents, or whose <course id>.dialogue holds another \
            course, unless --replace. Progress on a replaced course \
            is kept. Exits 0 when every course was installed.
            """
    )

    @Argument(help: "A .dialogue file, a directory of them, or a .tar.gz of a course's folder.",
              completion: .file(extensions: [CourseFiles.fileExtension, "tar.gz", "tgz"]))
    var source: String

    @Flag(help: "Replace an installed course with the same id.")
    var replace = false

    @OptionGroup var daemon: DaemonSocketOptions

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        guard let directory = CourseFiles.userDirectory(environment: environment) else {
            printError("tutord: neither XDG_DATA_HOME nor HOME is set; there is no course directory to install into")
            throw ExitCode.failure
        }
        var archive: CourseArchive?
        if CourseArchive.isArchive(source) {
            do {
                archive = try CourseArchive.unpack(source)
            } catch {
                printError("tutord: \(error.message)")
                throw ExitCode.failure
            }
        }
        defer { archive?.remove() }
        // A file of an archive is named by the archive and its place in it, never by the
        // temporary folder it was unpacked in (gone when this command ends).
        let files: [(path: String, name: String)]
        if let archive {
            files = archive.courseFiles.map { ($0, source + ":" + $0.dropFirst(archive.folder.count + 1)) }
            if files.isEmpty {
                printError("tutord: \(source) holds no .dialogue files")
                throw ExitCode.failure
            }
        } else {
            files = try Self.courseFiles(source).map { ($0, $0) }
        }
        var installed = InstalledCourses(directory: directory)
        var failed = false
        var changed: [String] = []
        for (path, file) in files {
            let bytes: [UInt8]
            switch CourseFiles.read(file: path) {
            case .success(let contents): bytes = contents
            case .failure(let problem):
                var diagnostic = problem.diagnostic
                diagnostic.file = file
                printError(diagnostic.description)
                failed = true
                continue
            }
            let result = DialogueParser().parse(bytes, file: file, lint: true)
            for diagnostic in result.diagnostics { printError(diagnostic.description) }
            guard let course = result.course else {
                printError("tutord: \(file) is not installed: it does not check")
                failed = true
                continue
            }
            switch installed.install(course.id, bytes, replacing: replace) {
            case .installed(let path):
                print("installed `\(course.id)` (\(course.title)) as \(path)")
                changed.append(course.id)
            case .unchanged(let path):
                print("`\(course.id)` is already installed as \(path), unchanged")
            case .collides(let path):
                printError("tutord: `\(course.id)` is already installed as \(path) with other contents; --replace replaces it")
                failed = true
            case .occupied(let path, let holder):
                let held = holder.map { "the course `\($0)`" } ?? "no course tutord can read"
                printError("tutord: `\(course.id)` is not installed: \(path) holds \(held), which it would overwrite; --replace overwrites it")
                failed = true
            case .failed(let message):
                printError("tutord: \(message)")
                failed = true
            }
        }
        if !changed.isEmpty { daemon.reloadRunningDaemon(expecting: changed) }
        if failed { throw ExitCode.failure }
    }

    /// FILE, or the `.dialogue` files of DIR.
    static func courseFiles(_ source: String) throws -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: source, isDirectory: &isDirectory) else {
            printError("tutord: \(source) does not exist")
            throw ExitCode.failure
        }
        guard isDirectory.boolValue else { return [source] }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: source)) ?? []
        let files = names.filter { $0.hasSuffix(".dialogue") }.sorted().map { source + "/" + $0 }
        if files.isEmpty {
            printError("tutord: \(source) holds no .dialogue files")
            throw ExitCode.failure
        }
        return files
    }
}

/// `tutord remove-course ID`.
struct RemoveCourseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove-course",
        abstract: "Remove a course you installed; a running tutord reloads. Progress in it is kept.")

    @Argument(help: "The course id.", completion: .installedCourseIDs)
    var id: String

    @OptionGroup var daemon: DaemonSocketOptions

    func run() throws {
        guard let directory = CourseFiles.userDirectory(environment: ProcessInfo.processInfo.environment) else {
            printError("tutord: neither XDG_DATA_HOME nor HOME is set; there is no course directory")
            throw ExitCode.failure
        }
        var installed = InstalledCourses(directory: directory)
        guard let path = installed.path(of: id) else {
            let known = installed.ids.sorted()
            printError("tutord: no course `\(id)` is installed in \(directory)" + (known.isEmpty ? "" : "; installed: \(known.joined(separator: ", "))"))
            throw ExitCode.failure
        }
        do {
            try FileManager.default.removeItem(atPath: path)
        } catch {
            printError("tutord: cannot remove \(path): \(error.localizedDescription)")
            throw ExitCode.failure
        }
        let broken = installed.isBroken(id) ? " (it no longer parsed; a running tutord served its last good version until now)" : ""
        installed.forget(id)
        print("removed `\(id)` (\(path))\(broken); your progress in it is kept")
        daemon.reloadRunningDaemon(expecting: [])
    }
}

/// The courses in the learner's course directory, by id.
struct InstalledCourses {
    let directory: String
    private var paths: [String: String] = [:]
    /// Files that no longer parse, by the id their `course` line declares (else their name):
    /// still installed (a running daemon serves their last good version), so still removable.
    private var broken: [String: String] = [:]
    /// The course each file read holds (by path): the id it parses as, else the one its
    /// `course` line declares, else nil. A course is written as `<id>.dialogue`, and that
    /// name may already hold another course (a file copied or renamed by hand).
    private var holders: [String: String?] = [:]

    init(directory: String) {
        self.directory = directory
        let (files, _) = CourseFiles.read(directories: [directory])
        for file in files {
            if let course = DialogueParser().parse(file.bytes, file: file.path).course {
                paths[course.id] = file.path
                holders[file.path] = course.id
            } else {
                let declared = Self.declaredID(file.bytes)
                broken[declared ?? URL(fileURLWithPath: file.path).deletingPathExtension().lastPathComponent] = file.path
                holders[file.path] = declared
            }
        }
        for id in paths.keys { broken[id] = nil }
    }

    /// The id of a file's first `course <id>` line, read without parsing the rest.
    private static func declaredID(_ bytes: [UInt8]) -> String? {
        for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: true) {
            let words = line.split(separator: " ", omittingEmptySubsequences: true)
            if words.count == 2, words[0] == "course" { return String(words[1]) }
        }
        return nil
    }

    var ids: [String] { Array(Set(paths.keys).union(broken.keys)) }

    func path(of id: String) -> String? { paths[id] ?? broken[id] }

    func isBroken(_ id: String) -> Bool { paths[id] == nil && broken[id] != nil }

    mutating func forget(_ id: String) {
        paths[id] = nil
        broken[id] = nil
    }

    enum Outcome {
        case installed(String), unchanged(String), collides(String), failed(String)
        /// The file the course would be written as holds another course (or none that reads).
        case occupied(String, holder: String?)
    }

    /// Writes the course as `<id>.dialogue` (removing a differently named file of the same id).
    /// Without `replacing`, neither another version of the course nor another course in that
    /// file is overwritten.
    mutating func install(_ id: String, _ bytes: [UInt8], replacing: Bool) -> Outcome {
        let target = directory + "/" + id + ".dialogue"
        if let existing = paths[id], FileManager.default.contents(atPath: existing) == Data(bytes) { return .unchanged(existing) }
        // A file that was not read (too large, unreadable) holds nothing known: refused too.
        let holder = holders[target] ?? nil
        if FileManager.default.fileExists(atPath: target), holder != id, !replacing { return .occupied(target, holder: holder) }
        if let existing = paths[id], !replacing { return .collides(existing) }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            try Data(bytes).write(to: URL(fileURLWithPath: target), options: .atomic)
            if let existing = paths[id], existing != target { try FileManager.default.removeItem(atPath: existing) }
        } catch {
            return .failed("cannot write \(target): \(error.localizedDescription)")
        }
        if let holder, holder != id {
            // Its file now holds this course.
            if paths[holder] == target { paths[holder] = nil }
            if broken[holder] == target { broken[holder] = nil }
        }
        paths[id] = target
        holders[target] = id
        return .installed(target)
    }
}

/// Where the daemon to tell is, for commands that change what it serves.
struct DaemonSocketOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The running daemon's socket.", discussion: "Default: the one tutor uses.", valueName: "path"), completion: .file())
    var socket: String?

    /// Asks a running tutord to reload its courses (SIGHUP to the process serving the socket,
    /// found by its peer credentials) and waits until it has: an `idle courses` sent first
    /// returns when the reload is done. Says so when no daemon runs.
    func reloadRunningDaemon(expecting ids: [String]) {
        let path = socket ?? SocketPath.defaultPath(environment: ProcessInfo.processInfo.environment)
        guard SocketPath.isListening(path), let connection = try? LineConnection(path: path, trust: SocketTrust(users: [getuid()]), receiveTimeout: 10),
              let peer = UnixSocket.peerCredentials(connection.descriptor), peer.pid > 0 else {
            print("no tutord is running on \(path); it loads the courses when it starts")
            return
        }
        do {
            try connection.send(line: RequestKind.idle.line(Subsystem.courses.rawValue))
            guard kill(peer.pid, SIGHUP) == 0 else {
                printError("tutord: cannot signal the daemon (pid \(peer.pid)): \(SocketPath.errnoText()); restart it to load the courses")
                return
            }
            _ = try connection.readReply()
            let listed = Set(try connection.request(RequestKind.courses.line()).values("course").map { String($0.prefix { $0 != " " }) })
            let missing = ids.filter { !listed.contains($0) }
            if missing.isEmpty {
                print("tutord (pid \(peer.pid)) reloaded its courses")
            } else {
                printError("tutord: the daemon reloaded but does not serve \(missing.joined(separator: ", ")); is \(path) using another course directory (--dialogues)?")
            }
        } catch {
            printError("tutord: the daemon did not confirm the reload: \(error)")
        }
    }
}
