import ArgumentParser
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A course shipped as a tarball (`.tar.gz` or `.tgz`): unpacked by `tar` into a private
/// temporary folder, from which `install-course` installs its `.dialogue` files (a course's
/// exercises are in its file). The archive is anyone's: an entry named with an absolute path
/// or `..` is refused before anything is unpacked, and a link leading out of the folder after
/// (GNU tar creates links only once the files are out, so none is written through).
struct CourseArchive {
    /// The folder the archive was unpacked in.
    let folder: String
    /// The private temporary folder holding it (and what tar says); removed by ``remove()``.
    let work: String

    static func isArchive(_ path: String) -> Bool {
        path.hasSuffix(".tar.gz") || path.hasSuffix(".tgz")
    }

    /// Unpacks `path`, or says why not.
    static func unpack(_ path: String) throws(ArchiveError) -> CourseArchive {
        var template = Array((NSTemporaryDirectory() + "/tutord-course-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else { throw ArchiveError("cannot make a temporary folder: \(String(cString: strerror(errno)))") }
        let work = String(cString: made)
        let archive = CourseArchive(folder: work + "/course", work: work)
        do throws(ArchiveError) {
            let names = try archive.tar(["-tzf", path]).split(separator: "\n").map(String.init)
            if let bad = names.first(where: { $0.hasPrefix("/") || $0.split(separator: "/").contains("..") }) {
                throw ArchiveError("\(path) is not installed: its entry \(bad) would be written outside the course's folder")
            }
            guard mkdir(archive.folder, 0o700) == 0 else { throw ArchiveError("cannot make \(archive.folder): \(String(cString: strerror(errno)))") }
            _ = try archive.tar(["-xzf", path, "-C", archive.folder, "--no-same-owner", "--no-same-permissions"])
            if let link = archive.linkLeaving() {
                throw ArchiveError("\(path) is not installed: its link \(link) leads outside the course's folder")
            }
        } catch {
            archive.remove()
            throw error
        }
        return archive
    }

    /// The course files unpacked, anywhere in the folder (an archive usually holds one folder).
    var courseFiles: [String] {
        let found = FileManager.default.enumerator(atPath: folder)?.compactMap { $0 as? String } ?? []
        return found.filter { $0.hasSuffix(".dialogue") }.sorted().map { folder + "/" + $0 }
    }

    func remove() { try? FileManager.default.removeItem(atPath: work) }

    /// A symbolic link whose target is outside the folder (absolute, or climbing out with `..`).
    private func linkLeaving() -> String? {
        let base = URL(fileURLWithPath: folder).standardizedFileURL.path
        for name in FileManager.default.enumerator(atPath: folder)?.compactMap({ $0 as? String }) ?? [] {
            let path = folder + "/" + name
            guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: path) else { continue }
            let resolved = target.hasPrefix("/") ? target
                : URL(fileURLWithPath: (path as NSString).deletingLastPathComponent).appendingPathComponent(target).standardizedFileURL.path
            if !(resolved + "/").hasPrefix(base + "/") || target.hasPrefix("/") { return name }
        }
        return nil
    }

    /// Runs tar with `arguments` and returns what it printed, or its error. Its complaints go to
    /// a file, not a second pipe: a pipe nobody reads while the first is read could fill and
    /// stop tar for ever.
    private func tar(_ arguments: [String]) throws(ArchiveError) -> String {
        let errorsPath = work + "/tar-errors"
        guard FileManager.default.createFile(atPath: errorsPath, contents: nil),
              let errors = FileHandle(forWritingAtPath: errorsPath) else { throw ArchiveError("cannot write \(errorsPath)") }
        defer { try? errors.close() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["tar"] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch { throw ArchiveError("cannot run tar: \(error.localizedDescription)") }
        let printed = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let complaint = (try? String(contentsOfFile: errorsPath, encoding: .utf8)) ?? ""
            throw ArchiveError("tar \(arguments.joined(separator: " ")) failed: " + complaint.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        return String(decoding: printed, as: UTF8.self)
    }
}

/// Why an archive was not unpacked.
struct ArchiveError: Error {
    let message: String
    init(_ message: String) { self.message = message }
}
