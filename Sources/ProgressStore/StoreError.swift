/// Why the store could not do what was asked.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable {
        /// The file exists and is not a tutord database, or not one this process may use (a
        /// symlink, another user's file, in a directory others may write); it is left untouched.
        case foreignFile
        /// The database was written by a newer tutord; it is left untouched.
        case newerSchema
        /// Reading or writing failed (read-only file, disk full, I/O error, a database server
        /// that cannot be reached).
        case io
        /// The `--database` address cannot be used: not a form tutord knows, or a password
        /// file it cannot read.
        case address
        /// The database server cannot be reached (down, restarting, the network): the store
        /// has said so once in the log and connects again by itself.
        case unavailable
        /// The write was made from progress that has moved on since (another tutord on the
        /// same database wrote a newer step), so none of it was applied; see
        /// ``ProgressWrite/precondition``. The learner's progress must be read again.
        case conflict
    }

    public var kind: Kind
    public var description: String

    /// Why a write failed, in words for the learner, and whether trying again may help.
    public var cause: (text: String, isLasting: Bool) {
        if kind == .unavailable {
            return ("the progress database cannot be reached", false)
        }
        if kind == .conflict {
            return ("your progress moved on elsewhere", false)
        }
        if description.contains("SQLITE_FULL") || description.contains("disk is full") {
            return ("the disk is full", false)
        }
        if description.contains("SQLITE_READONLY") || description.contains("readonly database") {
            return ("the progress database has become read-only", true)
        }
        return ("the disk reported an error", false)
    }

    public init(_ kind: Kind, _ description: String) {
        self.kind = kind
        self.description = description
    }
}
