/// Where tutord keeps its state (progress, and the log of a daemon `tutor` started):
/// `$XDG_STATE_HOME/tutord`, or `~/.local/state/tutord`.
public enum StateDirectory {
    /// The default directory, or `nil` when neither variable gives an absolute path.
    public static func defaultPath(environment: [String: String]) -> String? {
        if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") {
            return state + "/tutord"
        }
        guard let home = environment["HOME"], home.hasPrefix("/") else { return nil }
        return home + "/.local/state/tutord"
    }
}
