/// Where clients find the daemon, and where it listens by default: `$XDG_RUNTIME_DIR/tutord.sock`,
/// or `/tmp/tutord-$UID/tutord.sock` without XDG_RUNTIME_DIR (the daemon creates and checks that
/// directory; see docs/protocol.md, *Transport*).
public enum DefaultSocketPath {
    public static func path(environment: [String: String], uid: UInt32) -> String {
        if let runtime = environment["XDG_RUNTIME_DIR"], runtime.hasPrefix("/") {
            return runtime + "/tutord.sock"
        }
        return privateDirectory(uid: uid) + "/tutord.sock"
    }

    /// The per-user directory used without XDG_RUNTIME_DIR.
    public static func privateDirectory(uid: UInt32) -> String {
        "/tmp/tutord-\(uid)"
    }
}
