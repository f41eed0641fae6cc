import Foundation
import Logging
import ProgressStore
import SystemSupport

/// `--database`: which store a command opens, the same way for every command.
enum StoreOpening {
    /// The address `--database` gives, or the SQLite file in the state directory.
    static func address(_ database: String?, stateDirectory: @autoclosure () throws -> String) throws -> DatabaseAddress {
        guard let database else { return .sqlite(path: try stateDirectory() + "/tutord.sqlite") }
        return try DatabaseAddress(parsing: database, defaultUser: UserDatabase.name(of: getuid()))
    }

    /// Opens the store at `address`; an SQLite file read-only when `readOnly` (a PostgreSQL
    /// database is shared, and a command's reads do not get in the daemons' way).
    static func open(_ address: DatabaseAddress, readOnly: Bool, logger: Logger) throws(StoreError) -> any ProgressStorage {
        switch address {
        case .sqlite(let path): try SQLiteProgressStore.open(path: path, readOnly: readOnly)
        case .postgres(let postgres): try PostgresProgressStore.open(postgres, logger: logger)
        }
    }
}

/// Help shared by the commands that take `--database`.
enum ArgumentHelpText {
    static let database = "Where progress is kept: sqlite:PATH, or a PostgreSQL address (postgres://user@host/db, postgresql:///db?host=/run/postgresql); see tutord(1). Default: tutord.sqlite in the state directory."
}
