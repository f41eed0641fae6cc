#if canImport(Glibc)
import Glibc
#endif

/// The saves of one file: inotify on its folder (not the file: editors replace a file by
/// renaming a new one over it, which a watch on the old file would miss), reporting a file
/// closed after writing (`IN_CLOSE_WRITE`) or renamed into place (`IN_MOVED_TO`) under its
/// name. Its descriptor goes into the caller's `poll`; the caller settles a burst of saves
/// into one action (`tutor`'s watch mode checks the exercise, `tutord walk --watch` walks the
/// course again).
public final class SaveWatch {
    public let descriptor: Int32
    private let name: String

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    public init(folder: String, file name: String) throws(Failure) {
        let descriptor = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        guard descriptor >= 0 else {
            throw Failure(description: "cannot watch \(folder) for saves: \(String(cString: strerror(errno)))")
        }
        guard inotify_add_watch(descriptor, folder, UInt32(IN_CLOSE_WRITE | IN_MOVED_TO)) >= 0 else {
            let reason = String(cString: strerror(errno))
            close(descriptor)
            throw Failure(description: "cannot watch \(folder) for saves: \(reason)")
        }
        self.descriptor = descriptor
        self.name = name
    }

    deinit {
        close(descriptor)
    }

    /// Reads every waiting event; whether one of them was the file being saved.
    public func drain() -> Bool {
        var saved = false
        // Room for many events: each is 16 bytes and its name, padded.
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            let count = read(descriptor, &buffer, buffer.count)
            if count <= 0 {
                if count < 0 && errno == EINTR { continue }
                return saved  // EAGAIN: none left
            }
            saved = Self.events(buffer[..<count]).contains(name) || saved
        }
    }

    /// The names in a buffer of `struct inotify_event`s: `wd`, `mask`, `cookie` and `len`
    /// (4 bytes each, in the machine's order), then `len` bytes of name, padded with NULs.
    static func events(_ bytes: ArraySlice<UInt8>) -> [String] {
        var names: [String] = []
        var offset = bytes.startIndex
        while offset + 16 <= bytes.endIndex {
            let length = Int(bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset - bytes.startIndex + 12, as: UInt32.self) })
            let start = offset + 16
            let end = min(bytes.endIndex, start + length)
            let name = bytes[start..<end].prefix { $0 != 0 }
            names.append(String(decoding: name, as: UTF8.self))
            offset = start + length
        }
        return names
    }
}
