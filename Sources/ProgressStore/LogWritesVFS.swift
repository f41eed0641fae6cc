import CSQLiteLogWrites
import GRDB
import GRDBSQLite

/// The VFS that gathers the write-ahead log's appends (CSQLiteLogWrites), by name: registered
/// once, never the process's default, and used by a connection only when its file name says so.
/// SQLite writes each frame of the log with two calls, and the shim sends a commit's frames
/// with one: the `pwrite` calls had been a tenth of the daemon's CPU for answers
/// (docs/benchmarks.md).
///
/// GRDB opens every connection with `sqlite3_open_v2(path, …, nil)` and has no setting for a
/// VFS or for open flags, so the store names the VFS in an SQLite URI file name
/// (`file:…?vfs=tutord-log-writes`), which this SQLite reads as a URI without being asked
/// (it is built with SQLITE_USE_URI; ``register()`` checks). Every connection the store opens
/// (the pool's writer and readers, the checkpointer's, the read-only and immutable ones) is
/// opened with ``uri(_:immutable:)`` and checked with ``requireIt(_:)`` before it is used.
///
/// Why all of them: the shim holds a connection's log appends in that connection's memory until
/// a commit frame is complete, so what is in the file, not what was written, is what other
/// connections can read. One VFS for every connection of the store keeps the store's writes
/// and reads under the same rules, and anything else in the process (the in-memory course
/// index, tests) keeps SQLite's own.
enum LogWritesVFS {
    static let name = TUTORD_LOG_WRITES_VFS

    /// Registers the VFS (once per process; later calls only report the first's result).
    static func register() throws(StoreError) {
        guard sqlite3_compileoption_used("USE_URI") == 1 else {
            // A file name would then be taken literally, and SQLite would create a file
            // called `file:…` instead of opening the database through the VFS.
            throw StoreError(.io, "this SQLite does not read file names as URIs (SQLITE_USE_URI), so the store cannot name its VFS")
        }
        let code = tutord_log_writes_register()
        if code != SQLITE_OK {
            throw StoreError(.io, "cannot set up SQLite's log writes: \(String(cString: sqlite3_errstr(code)))")
        }
    }

    /// `path` as an SQLite URI file name that opens it through this VFS; `immutable`: a file
    /// SQLite may assume nobody changes (read with no locks and no `-shm`).
    ///
    /// In the URI's path `%`, `?` and `#` would be read as an escape, the query and the
    /// fragment, so they are percent-encoded; every other byte stands for itself. An absolute
    /// path follows an empty authority (`file://` + `/…`), so a path that starts with `//` is
    /// not read as a host name.
    static func uri(_ path: String, immutable: Bool = false) -> String {
        var encoded = path.hasPrefix("/") ? "file://" : "file:"
        for character in path.unicodeScalars {
            switch character {
            case "%": encoded += "%25"
            case "?": encoded += "%3F"
            case "#": encoded += "%23"
            default: encoded.unicodeScalars.append(character)
            }
        }
        encoded += "?vfs=\(name)"
        if immutable { encoded += "&immutable=1" }
        return encoded
    }

    /// The VFS stack of the connection's main file, shim first (`tutord-log-writes/unix`), as
    /// SQLITE_FCNTL_VFSNAME reports it; `nil` when no VFS answers.
    static func stack(of db: Database) -> String? {
        var name: UnsafeMutablePointer<CChar>?
        guard sqlite3_file_control(db.sqliteConnection, "main", SQLITE_FCNTL_VFSNAME, &name) == SQLITE_OK,
              let name else { return nil }
        defer { sqlite3_free(name) }
        return String(cString: name)
    }

    /// Throws unless `db` reaches its file through this VFS: a connection of the store that
    /// does not is refused before it reads or writes anything.
    static func requireIt(_ db: Database) throws {
        let stack = stack(of: db)
        guard stack?.hasPrefix(name + "/") == true else {
            throw DatabaseError(message: "the connection to \(db.description) uses the VFS \(stack ?? "(unknown)"), not \(name)")
        }
    }
}
