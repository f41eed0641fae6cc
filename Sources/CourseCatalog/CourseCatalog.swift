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
    /// installed `PREFIX/share/tutord/dialogues` next to the executable, and `./Dialogues`.
    public static func searchPath(
        explicit: String?, environment: [String: String], executablePath: String, currentDirectory: String
    ) -> [String] {
        if let explicit { return [explicit] }
        var path: [String] = []
        if let data = environment["XDG_DATA_HOME"], data.hasPrefix("/") {
            path.append(data + "/tutord/dialogues")
        } else if let home = environment["HOME"], !home.isEmpty {
            path.append(home + "/.local/share/tutord/dialogues")
        }
        let binDirectory = URL(fileURLWithPath: executablePath).deletingLastPathComponent()
        path.append(binDirectory.deletingLastPathComponent().appendingPathComponent("share/tutord/dialogues").path)
        path.append(currentDirectory + "/Dialogues")
        var seen: Set<String> = []
        return path.filter { seen.insert($0).inserted }
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
                if let data = manager.contents(atPath: path) {
                    files.append((path, [UInt8](data)))
                } else {
                    diagnostics.append(Diagnostic(file: path, line: 1, column: 1, message: "cannot read this file"))
                }
            }
        }
        return (files, diagnostics)
    }

    /// Reads one file for `tutord check`.
    public static func read(file path: String) -> [UInt8]? {
        FileManager.default.contents(atPath: path).map { [UInt8]($0) }
    }
}
