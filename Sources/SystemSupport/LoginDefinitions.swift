#if canImport(Glibc)
import Glibc
#endif

/// Where the login accounts' uids start (`UID_MIN` in /etc/login.defs): the uids below it,
/// root's aside, are system accounts, made by the administrator for services, never by or for
/// a student.
public enum LoginDefinitions {
    /// `useradd`'s own default when login.defs does not say.
    public static let defaultFirstLoginUID: UInt32 = 1000

    /// `UID_MIN` from /etc/login.defs, or the default when the file or the setting is missing.
    public static func firstLoginUID(path: String = "/etc/login.defs") -> UInt32 {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return defaultFirstLoginUID }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while bytes.count < 1 << 20 {  // a login.defs is a few kilobytes
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            guard count > 0 else { break }
            bytes += chunk[..<count]
        }
        return firstLoginUID(text: String(decoding: bytes, as: UTF8.self)) ?? defaultFirstLoginUID
    }

    /// `UID_MIN` in the text of a login.defs (`KEY value` lines, `#` comments), or `nil`.
    public static func firstLoginUID(text: String) -> UInt32? {
        var found: UInt32?
        for line in text.split(separator: "\n") {
            let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard words.count >= 2, words[0] == "UID_MIN" else { continue }
            if let value = UInt32(words[1]) { found = value }  // the last one counts, as for shadow's tools
        }
        return found
    }
}
