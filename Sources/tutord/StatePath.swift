import Foundation
import ProgressStore

/// Where progress lives: `$XDG_STATE_HOME/tutord`, or `~/.local/state/tutord`.
enum StatePath {
    static func defaultDirectory(environment: [String: String]) throws(StoreError) -> String {
        if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") {
            return state + "/tutord"
        }
        guard let home = environment["HOME"], home.hasPrefix("/") else {
            throw StoreError(.io, "neither XDG_STATE_HOME nor HOME is set; give --state-dir")
        }
        return home + "/.local/state/tutord"
    }

    /// Creates the directory (0700) if needed and returns it.
    static func prepare(_ directory: String) throws(StoreError) -> String {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            throw StoreError(.io, "cannot create the state directory \(directory): \(error.localizedDescription)")
        }
        return directory
    }
}
