/// Why the store could not do what was asked.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable {
        /// The file exists and is not a tutord database; it is left untouched.
        case foreignFile
        /// The database was written by a newer tutord; it is left untouched.
        case newerSchema
        /// Reading or writing failed (read-only file, disk full, I/O error).
        case io
    }

    public var kind: Kind
    public var description: String

    public init(_ kind: Kind, _ description: String) {
        self.kind = kind
        self.description = description
    }
}
