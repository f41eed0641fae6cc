import CourseImport
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The page `tutord import` reads, never more of it than ``NerdSipImporter/maxPageBytes``: a
/// regular file over the limit is refused from its size before a byte of it is read, and
/// anything else (standard input, a pipe) is read until it passes the limit, then refused.
/// Either way memory stays bounded, whatever the page (importing holds a multiple of it).
enum PageInput {
    /// The page's bytes, or a message saying why there are none.
    static func read(_ page: String) -> Result<[UInt8], Problem> {
        let limit = NerdSipImporter.maxPageBytes
        let descriptor = page == "-" ? STDIN_FILENO : open(page, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return .failure(Problem("cannot read \(page): \(String(cString: strerror(errno)))")) }
        defer { if descriptor != STDIN_FILENO { close(descriptor) } }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { return .failure(Problem("cannot read \(page): \(String(cString: strerror(errno)))")) }
        if status.st_mode & S_IFMT == S_IFREG, status.st_size > limit {
            return .failure(tooLarge(page, size: "\(mebibytes(Int(status.st_size)))"))
        }
        // To the end, but never past the limit: a pipe has no size, and a file may grow.
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while bytes.count <= limit {
            let got = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if got < 0, errno == EINTR { continue }
            guard got >= 0 else { return .failure(Problem("cannot read \(page): \(String(cString: strerror(errno)))")) }
            if got == 0 { break }
            bytes += chunk[..<got]
        }
        guard bytes.count <= limit else { return .failure(tooLarge(page, size: "over \(mebibytes(limit))")) }
        return .success(bytes)
    }

    private static func tooLarge(_ page: String, size: String) -> Problem {
        Problem("\(page) is \(size); a page may be at most \(mebibytes(NerdSipImporter.maxPageBytes)) (a course file's limit), so it is not read")
    }

    /// `4.0 MiB`, to a tenth.
    static func mebibytes(_ bytes: Int) -> String {
        let tenths = (bytes / 1024 * 10 + 512) / 1024
        return "\(tenths / 10).\(tenths % 10) MiB"
    }

    /// Why there is no page to import.
    struct Problem: Error {
        var message: String
        init(_ message: String) { self.message = message }
    }
}
