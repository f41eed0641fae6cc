import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A PostgreSQL server of the tests' own: Debian's `initdb` and `pg_ctl` in a temporary
/// directory, listening on a Unix socket there and nowhere else, with `fsync` on as in
/// production. PostgreSQL refuses to run as root, so when the tests do (CI) the server runs as
/// `nobody`. One server per test process, started on first use and stopped when it exits;
/// each test gets a database of its own (``makeDatabase()``).
public final class PostgresServer: Sendable {
    /// The directory holding the data, the log and the socket.
    public let directory: String
    /// The role the tests connect as (the cluster's superuser).
    public let user = "tutord"

    public static let shared: PostgresServer = {
        do {
            let server = try PostgresServer()
            atexit { PostgresServer.stopShared() }
            return server
        } catch {
            fatalError("cannot start the tests' PostgreSQL server: \(error)")
        }
    }()

    private static func stopShared() {
        shared.shutdown()
    }

    /// A server of one test's own (one it may stop and start); ``shutdown()`` removes it.
    /// The others share ``shared``.
    public init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("tutord-pg-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: directory + "/data", withIntermediateDirectories: true)
        if geteuid() == 0 {
            for path in [directory, directory + "/data"] { chown(path, 65534, 65534) }
        }
        chmod(directory + "/data", 0o700)
        try run(Self.binary("initdb"), ["-D", directory + "/data", "-U", user, "--auth=trust", "-E", "UTF8", "--locale=C", "--no-instructions"])
        try start()
    }

    public var socketPath: String { directory + "/.s.PGSQL.5432" }

    /// The address `tutord --database` takes for database `name` on this server.
    public func address(of name: String) -> String {
        "postgresql://\(user)@/\(name)?host=\(directory)"
    }

    /// A new, empty database; its name.
    public func makeDatabase() throws -> String {
        let name = "test_" + UUID().uuidString.prefix(12).lowercased().replacingOccurrences(of: "-", with: "")
        try run(Self.binary("createdb"), ["-h", directory, "-U", user, name])
        return name
    }

    /// A server setting's value, as `SHOW` gives it (for the benchmark's report).
    public func show(_ setting: String) throws -> String {
        try run(Self.binary("psql"), ["-h", directory, "-U", user, "-d", "postgres", "-Atc", "SHOW \(setting)"])
        return ((try? String(contentsOfFile: directory + "/command.out", encoding: .utf8)) ?? "")
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    public func stop() throws { try pgctl(["stop", "-w", "-m", "fast"]) }

    /// Stops a server of the test's own at once and removes its directory.
    public func shutdown() {
        try? pgctl(["stop", "-m", "immediate"])
        try? FileManager.default.removeItem(atPath: directory)
    }
    /// Starts the server: on a socket in ``directory`` only, syncing as in production.
    public func start() throws {
        try pgctl(["start", "-w", "-t", "60", "-l", directory + "/log",
                   "-o", "-k \(directory) -c listen_addresses= -c fsync=on -c synchronous_commit=on"])
    }

    private func pgctl(_ arguments: [String]) throws {
        try run(Self.binary("pg_ctl"), ["-D", directory + "/data"] + arguments)
    }

    /// Runs a PostgreSQL program to completion, as `nobody` when we are root. Spawned and
    /// reaped directly (`posix_spawn`, `waitpid`): its output goes to a file, not a pipe, which
    /// the server `pg_ctl` starts would hold open for its whole life.
    private func run(_ program: String, _ arguments: [String]) throws {
        let argv = geteuid() == 0 ? ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--", program] + arguments
                                  : [program] + arguments
        let outputPath = directory + "/command.out"
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        var cArguments = argv.map { strdup($0) } + [nil]
        defer { for argument in cArguments { free(argument) } }
        var pid = pid_t()
        let spawned = posix_spawn(&pid, argv[0], &actions, nil, &cArguments, environ)
        guard spawned == 0 else {
            throw PostgresServerError(description: "cannot run \(argv[0]): \(String(cString: strerror(spawned)))")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        guard status == 0 else {
            let output = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
            let log = (try? String(contentsOfFile: directory + "/log", encoding: .utf8)) ?? ""
            throw PostgresServerError(description: "\((program as NSString).lastPathComponent) \(arguments.joined(separator: " ")) failed (status \(status)): \(output)\(log)")
        }
    }

    /// A program of the newest PostgreSQL installed (`/usr/lib/postgresql/<version>/bin`).
    private static func binary(_ name: String) -> String {
        let root = "/usr/lib/postgresql"
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).compactMap(Int.init).sorted()
        guard let newest = versions.last else { return name }
        return "\(root)/\(newest)/bin/\(name)"
    }
}

public struct PostgresServerError: Error, CustomStringConvertible {
    public var description: String
}
