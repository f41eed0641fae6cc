import Dispatch
import GRDB
import GRDBSQLite
import NIOConcurrencyHelpers

/// Copies the write-ahead log back into the database file on a connection and thread of its
/// own, so a commit (and the replies waiting for it) does not pay for the copy.
///
/// SQLite's automatic checkpoint runs inside the commit that fills the log past 1,000 pages:
/// that commit then copies every page and syncs the database file before it returns, and every
/// learner in its batch waits (measured: a commit's p99 went from about 5 ms to 26 ms). Here the
/// writer's automatic checkpoint is replaced by a WAL hook that only wakes this checkpointer,
/// which copies most pages with `PASSIVE` checkpoints (writers go on meanwhile) and the last few
/// with a `FULL` one, which holds writers back only for those; the next write then starts the
/// log over. If the log still reaches ``backstopPages`` (a reader holding an old snapshot, a
/// checkpointer that cannot keep up), the writer checkpoints inline as SQLite would, so the log
/// stays bounded.
///
/// Checkpoints change where pages live, never what is committed: a crash during one loses
/// nothing (SQLite's own guarantee), and the durability of a commit is the log's fsync, as before.
final class WALCheckpointer: Sendable {
    /// Log size (pages) that wakes the checkpointer (16 MiB: ``SQLiteProgressStore/checkpointBytes``).
    let thresholdPages: Int32
    /// Log size (pages) at which the writer checkpoints inline.
    let backstopPages: Int32
    /// Frames left after the `PASSIVE` rounds that the `FULL` round finishes.
    let finishingFrames: Int

    let connection: DatabaseQueue
    private let queue = DispatchQueue(label: "tutord.checkpoint")
    private let state = NIOLockedValueBox(State())

    private struct State {
        var scheduled = false
        /// While held, woken checkpoints wait (tests: to watch the log grow).
        var held = false
        var missed = false
        var completed = 0
        var lastLogPages: Int32 = 0
    }

    /// A second connection to the database at `path`, used for nothing but checkpoints.
    init(path: String, thresholdPages: Int32, backstopPages: Int32, finishingFrames: Int = 64) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.label = "tutord.checkpoint"
        // Through the log-writes VFS, as every connection of the store.
        configuration.prepareDatabase { try LogWritesVFS.requireIt($0) }
        connection = try DatabaseQueue(path: LogWritesVFS.uri(path), configuration: configuration)
        self.thresholdPages = thresholdPages
        self.backstopPages = backstopPages
        self.finishingFrames = finishingFrames
    }

    /// Replaces the automatic checkpoint of `db` (the store's writer) with this checkpointer.
    /// The store keeps the checkpointer alive as long as the connection, and calls
    /// ``uninstall(from:)`` before it goes.
    func install(on db: Database) {
        let context = Unmanaged.passUnretained(self).toOpaque()
        sqlite3_wal_hook(db.sqliteConnection, { context, connection, _, pages in
            guard let context else { return SQLITE_OK }
            let checkpointer = Unmanaged<WALCheckpointer>.fromOpaque(context).takeUnretainedValue()
            checkpointer.state.withLockedValue { $0.lastLogPages = pages }
            if pages >= checkpointer.backstopPages {
                // What SQLite's automatic checkpoint does, at a larger size.
                sqlite3_wal_checkpoint_v2(connection, nil, SQLITE_CHECKPOINT_PASSIVE, nil, nil)
            } else if pages >= checkpointer.thresholdPages {
                checkpointer.wake()
            }
            return SQLITE_OK
        }, context)
    }

    func uninstall(from db: Database) {
        sqlite3_wal_hook(db.sqliteConnection, nil, nil)
    }

    private func wake() {
        let start = state.withLockedValue { state in
            if state.scheduled { return false }
            if state.held { state.missed = true; return false }
            state.scheduled = true
            return true
        }
        if start { queue.async { self.run() } }
    }

    private func run() {
        state.withLockedValue { $0.scheduled = false }
        do {
            try connection.writeWithoutTransaction { db in
                var remaining = Int.max
                while true {
                    let (log, done) = try db.checkpoint(.passive)
                    let left = log - done
                    if left <= finishingFrames || left >= remaining { break }
                    remaining = left
                }
                try db.checkpoint(.full)
            }
        } catch {
            // Busy or failing: the next commit wakes it again, and the backstop bounds the log.
        }
        state.withLockedValue { $0.completed += 1 }
    }

    /// Checkpoints run so far (for tests).
    var completedCheckpoints: Int { state.withLockedValue { $0.completed } }

    /// Pages in the log after the last commit (for tests).
    var lastLogPages: Int { Int(state.withLockedValue { $0.lastLogPages }) }

    /// Holds woken checkpoints back until ``release()`` (for tests).
    func hold() { state.withLockedValue { $0.held = true } }

    /// Runs a checkpoint that was woken while held, and waits until the queue is idle (for tests).
    func release() {
        let missed = state.withLockedValue { state in
            state.held = false
            defer { state.missed = false }
            return state.missed
        }
        if missed { wake() }
        queue.sync {}
    }
}
