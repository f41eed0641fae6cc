/// Where `tutor` keeps a learner's exercise files: one folder per profile and course, under
/// `$XDG_DATA_HOME/tutord/exercises` (default `~/.local/share`), or under the folder given
/// with `--exercises`. Kept between sessions, so a resumed exercise reopens the same file.
///
/// Pure: the environment comes in, a path comes out. The names in the path come from the
/// daemon (profile, course id, file name), so each must be one plain path component: a
/// daemon, or a course, must not be able to point the client's writes elsewhere (`..`, `/`).
public enum ExerciseFolder {
    /// The folder that holds every profile's folders: `explicit` if given, else
    /// `$XDG_DATA_HOME/tutord/exercises` (an absolute `XDG_DATA_HOME` only, as the XDG base
    /// directory specification says to ignore a relative one), else
    /// `$HOME/.local/share/tutord/exercises`; `nil` when none of these is known.
    public static func base(explicit: String?, environment: [String: String]) -> String? {
        if let explicit, !explicit.isEmpty { return trimmedSlashes(explicit) }
        if let data = environment["XDG_DATA_HOME"], data.hasPrefix("/") {
            return trimmedSlashes(data) + "/tutord/exercises"
        }
        if let home = environment["HOME"], home.hasPrefix("/") {
            return trimmedSlashes(home) + "/.local/share/tutord/exercises"
        }
        return nil
    }

    /// The learner's folder for `course`: `<base>/<profile>/<course>`, where the user's own
    /// profile is their Unix user name `user` (not the daemon's `default`: a base shared by
    /// several users, as /tmp is, must not give them one folder). `nil` if a name is not a
    /// plain component.
    public static func folder(base: String, profile: String?, user: String, course: String) -> String? {
        let profile = profile ?? user
        guard isPlainName(profile), isPlainName(course) else { return nil }
        return base + "/" + profile + "/" + course
    }

    /// The learner's file: `<folder>/<file>`; `nil` if `file` is not a plain name.
    public static func file(folder: String, name: String) -> String? {
        isPlainName(name) ? folder + "/" + name : nil
    }

    /// One path component of letters, digits, `-`, `_` and `.`, not starting with a dot (so
    /// never `.`, `..` or a hidden file), at most 255 bytes: what the dialogue format allows
    /// for an exercise's file, and wider than course ids and profile names.
    public static func isPlainName(_ name: String) -> Bool {
        guard let first = name.utf8.first, first != UInt8(ascii: "."), name.utf8.count <= 255 else { return false }
        return name.utf8.allSatisfy { byte in
            (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
                || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
                || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".")
        }
    }

    /// `/a/b/` is `/a/b`, and `/` is the empty prefix of `/tutord`.
    private static func trimmedSlashes(_ path: String) -> String {
        var path = Substring(path)
        while path.count > 1, path.hasSuffix("/") { path = path.dropLast() }
        return path == "/" ? "" : String(path)
    }
}
