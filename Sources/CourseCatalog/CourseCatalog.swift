import Dialogue
import Foundation

/// The courses a daemon serves, loaded from `.dialogue` files.
///
/// Loading is split in two: ``CourseFiles`` reads bytes from disk, and the catalog turns
/// file contents into courses. A reload that meets a broken file keeps that file's previous
/// course, so a typo saved in an editor never takes a course away from learners.
public struct CourseCatalog: Sendable {
    /// Courses by id.
    public private(set) var courses: [String: Course] = [:]
    /// Which file each course came from, so a failed reload can keep the old version.
    public private(set) var sources: [String: String] = [:]

    public init() {}

    /// Course ids in a stable order.
    public var ids: [String] { courses.keys.sorted() }

    public subscript(id: String) -> Course? { courses[id] }

    /// A new catalog from these files (path and contents, in priority order: when two files
    /// define the same course id, the first wins). Files that fail to parse keep the course
    /// they defined in `self`, if any.
    public func reloaded(from files: [(path: String, bytes: [UInt8])]) -> (catalog: CourseCatalog, diagnostics: [Diagnostic]) {
        var next = CourseCatalog()
        var diagnostics: [Diagnostic] = []
        let parser = DialogueParser()
        for file in files {
            let result = parser.parse(file.bytes, file: file.path)
            diagnostics += result.diagnostics
            let course = result.course ?? sources.first(where: { $0.value == file.path }).flatMap { courses[$0.key] }
            guard let course else { continue }
            if let other = next.sources[course.id] {
                diagnostics.append(Diagnostic(
                    file: file.path, line: 1, column: 1, severity: .warning,
                    message: "course `\(course.id)` is also defined in \(other), which takes precedence; this file is ignored"))
                continue
            }
            next.courses[course.id] = course
            next.sources[course.id] = file.path
        }
        return (next, diagnostics)
    }
}

/// Finding and reading course files on disk.
public enum CourseFiles {
    /// The file name extension of course files.
    public static let fileExtension = "dialogue"

    /// Directories to load courses from, in priority order: `--dialogues DIR` alone when given;
    /// otherwise `$XDG_DATA_HOME/tutord/dialogues` (default `~/.local/share/...`), the
    /// installed `PREFIX/share/tutord/dialogues` next to the executable, and the `Dialogues`
    /// folder of the checkout the executable was built in (``checkoutDirectory(executablePath:)``).
    ///
    /// The current directory is never on the path: a daemon that `tutor` starts wherever it is
    /// run would otherwise serve whatever `./Dialogues` that directory holds, even a course
    /// another user put there.
    public static func searchPath(explicit: String?, environment: [String: String], executablePath: String) -> [String] {
        if let explicit { return [explicit] }
        var path: [String] = []
        if let user = userDirectory(environment: environment) { path.append(user) }
        let binDirectory = URL(fileURLWithPath: executablePath).deletingLastPathComponent()
        path.append(binDirectory.deletingLastPathComponent().appendingPathComponent("share/tutord/dialogues").path)
        if let checkout = checkoutDirectory(executablePath: executablePath) { path.append(checkout) }
        var seen: Set<String> = []
        return path.filter { seen.insert($0).inserted }
    }

    /// `<checkout>/Dialogues` when the executable was built in that checkout: its path lies
    /// under `<checkout>/.build/`, and the checkout holds `Package.swift` and `Dialogues`.
    /// So `make run` serves the checkout's courses, and nothing else does. `nil` otherwise.
    public static func checkoutDirectory(executablePath: String) -> String? {
        guard executablePath.hasPrefix("/") else { return nil }  // found on PATH: an install
        var directory = URL(fileURLWithPath: executablePath).deletingLastPathComponent()
        while directory.path != "/" {
            if directory.lastPathComponent == ".build" {
                let checkout = directory.deletingLastPathComponent()
                let courses = checkout.appendingPathComponent("Dialogues").path
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: checkout.appendingPathComponent("Package.swift").path),
                      FileManager.default.fileExists(atPath: courses, isDirectory: &isDirectory), isDirectory.boolValue
                else { return nil }
                return courses
            }
            directory = directory.deletingLastPathComponent()
        }
        return nil
    }

    /// The learner's own course directory, first on the search path: where
    /// `tutord install-course` puts courses. `nil` without `XDG_DATA_HOME` or `HOME`.
    public static func userDirectory(environment: [String: String]) -> String? {
        if let data = environment["XDG_DATA_HOME"], data.hasPrefix("/") { return data + "/tutord/dialogues" }
        if let home = environment["HOME"], !home.isEmpty { return home + "/.local/share/tutord/dialogues" }
        return nil
    }

    /// Every course file in these directories (missing directories are skipped), sorted by
    /// name within a directory. Unreadable files are reported, not fatal.
    public static func read(directories: [String]) -> (files: [(path: String, bytes: [UInt8])], diagnostics: [Diagnostic]) {
        var files: [(path: String, bytes: [UInt8])] = []
        var diagnostics: [Diagnostic] = []
        let manager = FileManager.default
        for directory in directories {
            guard let names = try? manager.contentsOfDirectory(atPath: directory) else { continue }
            for name in names.sorted() where name.hasSuffix("." + fileExtension) {
                let path = directory + "/" + name
                switch read(file: path) {
                case .success(let bytes): files.append((path, bytes))
                case .failure(let problem): diagnostics.append(problem.diagnostic)
                }
            }
        }
        return (files, diagnostics)
    }

    /// Why a course file was not read.
    public struct ReadProblem: Error, Sendable {
        public var diagnostic: Diagnostic
    }

    /// Reads one course file, refusing what is not a regular file (a FIFO would block the
    /// reload for ever) and stopping at ``DialogueParser/maxFileBytes`` (a file too large is
    /// refused without being read into memory).
    public static func read(file path: String) -> Result<[UInt8], ReadProblem> {
        func problem(_ message: String) -> Result<[UInt8], ReadProblem> {
            .failure(ReadProblem(diagnostic: Diagnostic(file: path, line: 1, column: 1, message: message)))
        }
        // O_NONBLOCK: opening a FIFO with no writer must not wait; it is refused below.
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { return problem("cannot read this file: \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { return problem("cannot read this file: \(String(cString: strerror(errno)))") }
        guard status.st_mode & S_IFMT == S_IFREG else { return problem("not a regular file; a course must be a plain file") }
        let limit = DialogueParser.maxFileBytes
        guard status.st_size <= limit else {
            return .failure(ReadProblem(diagnostic: DialogueParser.tooLarge(file: path, size: Int(status.st_size))))
        }
        // Read to EOF but never past the limit (the file may have grown since fstat).
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Int(status.st_size) + 1)
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while bytes.count <= limit {
            let got = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if got < 0, errno == EINTR { continue }
            guard got >= 0 else { return problem("cannot read this file: \(String(cString: strerror(errno)))") }
            if got == 0 { break }
            bytes += chunk[..<got]
        }
        guard bytes.count <= limit else {
            return .failure(ReadProblem(diagnostic: DialogueParser.tooLarge(file: path, size: bytes.count)))
        }
        return .success(bytes)
    }
}

/// Course ids for shell completion (`tutor --course <TAB>`, `tutord walk <TAB>`): the courses
/// that a daemon started here would load, read from the same search path.
public enum CourseCompletion {
    /// The ids that start with `prefix`. `words` is the command line being completed: a
    /// `--dialogues DIR` in it narrows the search path to DIR, as it would for the command.
    /// `executablePath` is the tutord whose installed courses count.
    public static func ids(words: [String], prefix: String, executablePath: String) -> [String] {
        let explicit = words.firstIndex(of: "--dialogues").flatMap { words.indices.contains($0 + 1) ? words[$0 + 1] : nil }
        let directories = CourseFiles.searchPath(
            explicit: explicit, environment: ProcessInfo.processInfo.environment, executablePath: executablePath)
        let catalog = CourseCatalog().reloaded(from: CourseFiles.read(directories: directories).files).catalog
        return catalog.ids.filter { $0.hasPrefix(prefix) }
    }
}
