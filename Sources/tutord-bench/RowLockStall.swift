import Foundation

/// The class benchmark's stalled learner on PostgreSQL: a second session (psql) that, over and
/// over, takes `FOR UPDATE` locks on that learner's own rows (its `learner` row and its
/// enrolments) and holds them for `hold` seconds, then lets go for a moment. Only that
/// learner's statements touch those rows: updating its enrolment waits on the lock, and so
/// does every row inserted for it (the foreign key to `learner` takes a share lock on that
/// row). Plain reads do not wait (PostgreSQL's reads take no row locks), so the stall is in
/// its writes, which is where a learner's store access is on every step.
final class RowLockStall {
    private let process = Process()

    init(database: String, profile: String, hold: Double, seconds: Double) throws {
        guard let psql = Self.psql() else { throw BenchError("--stall needs PostgreSQL's psql") }
        let cycle = """
            BEGIN;
            SELECT 1 FROM learner WHERE profile = '\(profile)' FOR UPDATE;
            SELECT 1 FROM enrolment WHERE learner_id IN (SELECT id FROM learner WHERE profile = '\(profile)') FOR UPDATE;
            SELECT pg_sleep(\(hold));
            COMMIT;
            SELECT pg_sleep(0.1);

            """
        let script = NSTemporaryDirectory() + "tutord-bench-stall-\(getpid()).sql"
        try String(repeating: cycle, count: Int(seconds / (hold + 0.1)) + 1).write(toFile: script, atomically: true, encoding: .utf8)
        process.executableURL = URL(fileURLWithPath: psql)
        process.arguments = ["-q", "-v", "ON_ERROR_STOP=1", "-f", script, database]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
    }

    /// Ends the session; PostgreSQL rolls back its open transaction and lets the rows go.
    func stop() {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
    }

    private static func psql() -> String? {
        let root = "/usr/lib/postgresql"
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).compactMap(Int.init).sorted()
        return (versions.reversed().map { "\(root)/\($0)/bin/psql" } + ["/usr/bin/psql"]).first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}
