import SystemSupport
import ArgumentParser
import CourseCatalog
import Dispatch
import Foundation
import Logging
import ProgressStore
import TutorServer

/// `tutord` / `tutord serve`: run the daemon.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the tutor daemon (what `tutord` does without a subcommand).",
        discussion: """
            Serves the line protocol (docs/protocol.md) on a Unix socket. SIGTERM or SIGINT \
            stops it cleanly; SIGHUP reloads the courses. For tests and demonstrations of spaced \
            review, TUTORD_NOW=2026-12-24T09:00:00Z fixes the daemon's clock at that instant.
            """
    )

    @Option(help: ArgumentHelp("The Unix socket to serve.", discussion: "Default: $XDG_RUNTIME_DIR/tutord.sock, or /tmp/tutord-$UID/tutord.sock.", valueName: "path"), completion: .file())
    var socket: String?

    @Option(help: ArgumentHelp("Load courses only from this directory.", discussion: "Default: $XDG_DATA_HOME/tutord/dialogues, PREFIX/share/tutord/dialogues and, for a build, its checkout's Dialogues (never the current directory's).", valueName: "dir"), completion: .directory)
    var dialogues: String?

    @Option(help: ArgumentHelp("Where progress is stored (tutord.sqlite).", discussion: "Default: $XDG_STATE_HOME/tutord, or ~/.local/state/tutord.", valueName: "dir"), completion: .directory)
    var stateDir: String?

    @Option(help: ArgumentHelp(ArgumentHelpText.database, discussion: "Several tutords on different hosts may share one PostgreSQL database; learners are known there by user name.", valueName: "address"))
    var database: String?

    @Option(help: "Connections beyond this many get `ERR busy` and are closed.")
    var maxConnections = 1024

    @Option(help: ArgumentHelp("Close a connection that sends no request line this many seconds after connecting (`ERR timeout`); 0 never does.", valueName: "seconds"))
    var firstLineTimeout = 60

    @Option(help: "The longest request line in bytes; longer lines get `ERR line-too-long`.")
    var maxLineBytes = 4096

    @Option(help: ArgumentHelp("Log this level and above: trace, debug, info, notice, warning, error, critical.", valueName: "level"), completion: .list(["trace", "debug", "info", "notice", "warning", "error", "critical"]))
    var logLevel: Logger.Level = .info

    @Option(help: "Event loop threads (default: one per core).")
    var threads: Int?

    @Option(help: ArgumentHelp("Exit after this many seconds without a connection (for socket activation: systemd starts tutord again on the next one).", valueName: "seconds"))
    var exitWhenIdle: Int?

    @Flag(help: ArgumentHelp("Serve a class: every member of the socket group learns as their own Unix user, and the teachers' group reads reports (docs/classroom.md).", discussion: "Defaults then: --socket /run/tutord/tutord.sock, --state-dir $STATE_DIRECTORY or /var/lib/tutord."))
    var classroom = false

    @Option(help: ArgumentHelp("In a classroom, the group whose members may connect (the socket is 0660 and this group's).", valueName: "group"))
    var socketGroup = "tutord"

    @Option(help: ArgumentHelp("In a classroom, the group whose members may read the class report.", valueName: "group"))
    var teacherGroup = "tutord-teachers"

    @Option(help: ArgumentHelp("In a classroom, the most connections one user may hold at once (`ERR busy` beyond).", valueName: "count"))
    var maxConnectionsPerUser = 64

    @OptionGroup
    var writeLimits: WriteLimitOptions
    @Option(help: ArgumentHelp("How many class-wide reads (`leaderboard`, `report`) one Unix user may make a minute, after 10 at once (`ERR rate-limited` beyond); 0 for no limit.", valueName: "count"))
    var maxClassReadsPerMinute = 30

    func validate() throws {
        guard maxConnections >= 1 else { throw ValidationError("--max-connections must be at least 1") }
        guard (64...1_048_576).contains(maxLineBytes) else { throw ValidationError("--max-line-bytes must be from 64 to 1048576") }
        guard firstLineTimeout >= 0 else { throw ValidationError("--first-line-timeout must be 0 or more seconds") }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
        if let exitWhenIdle, exitWhenIdle < 1 { throw ValidationError("--exit-when-idle must be at least 1 second") }
        guard maxConnectionsPerUser >= 1 else { throw ValidationError("--max-connections-per-user must be at least 1") }
        guard maxClassReadsPerMinute >= 0 else { throw ValidationError("--max-class-reads-per-minute must be 0 (no limit) or more") }
    }

    func run() throws {
        // Before any thread exists, so every thread the daemon starts inherits the mask: the
        // stop and reload signals stay pending until the Dispatch sources (a signalfd read on
        // libdispatch's manager thread) take them. Unblocked, a SIGTERM that reaches an event
        // loop thread before libdispatch has installed its handler (it does so asynchronously,
        // after `resume()`) met the SIG_IGN set for the source and was lost: an activated
        // tutord then kept serving after a SIGTERM sent right after its first reply.
        SignalHandlers.blockInEveryThreadToCome([SIGTERM, SIGINT, SIGHUP])
        let environment = ProcessInfo.processInfo.environment
        let level = logLevel
        LoggingSystem.bootstrap { label in JournalLogHandler(label: label, level: level, environment: environment) }
        let logger = Logger(label: "tutord")
        do {
            try Daemon(options: self, environment: environment, logger: logger).run()
        } catch let failure as SocketPath.Failure {
            printError("tutord: \(failure.description)")
            throw ExitCode.failure
        } catch let failure as StoreError {
            printError("tutord: \(failure.description)")
            throw ExitCode.failure
        }
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}

extension Daemon {
    /// Where a classroom daemon listens unless told otherwise (the system units use it too).
    static let classroomSocket = "/run/tutord/tutord.sock"
}

/// The daemon's life: take the socket, serve, react to signals, clean up.
private struct Daemon {
    let options: ServeCommand
    let environment: [String: String]
    let logger: Logger

    func run() throws {
        // Socket activation: systemd owns the socket; we adopt it and never unlink it.
        let activated = try SocketActivation.listeningSocket(environment: environment)
        let path = try activated.flatMap(SocketActivation.path(of:)) ?? options.socket
            ?? (options.classroom ? Self.classroomSocket : SocketPath.checkedDefaultPath(environment: environment))
        // A classroom's socket belongs to a group; its teachers to another. Both are looked up once, here.
        var classroom: Classroom?
        var socketGroup: UInt32?
        if options.classroom {
            guard let group = Classroom.groupID(options.socketGroup) else {
                throw SocketPath.Failure(description: "there is no group `\(options.socketGroup)` for the classroom's socket; create it (groupadd \(options.socketGroup)) and add the students, or name another with --socket-group")
            }
            socketGroup = group
            let teachers = Classroom.groupID(options.teacherGroup)
            if teachers == nil {
                logger.warning("there is no group `\(options.teacherGroup)`: nobody can read the class report (groupadd \(options.teacherGroup))")
            }
            classroom = Classroom(teacherGroup: teachers, maxConnectionsPerUser: options.maxConnectionsPerUser)
            if activated == nil {
                mkdir((path as NSString).deletingLastPathComponent, 0o755)
            }
        }
        var lock: CInt = -1
        defer { if lock >= 0 { close(lock) } }
        if activated == nil {
            lock = try SocketPath.lock(path)
            try SocketPath.clearStale(path)
        }
        raiseDescriptorLimit()
        let clock: TutorClock
        do {
            clock = try TutorClock.fromEnvironment(environment)
        } catch {
            throw SocketPath.Failure(description: error.description)
        }
        if clock.isFixed {
            logger.notice("the clock is fixed by TUTORD_NOW (a testing aid)", metadata: ["now": "\(clock.now())"])
        }

        let directories = CourseFiles.searchPath(
            explicit: options.dialogues, environment: environment, executablePath: executablePath)
        let library = CourseLibrary(directories: directories, logger: logger)
        // The `ask` index is built once the daemon listens (an ask before then waits for it).
        library.holdIndexBuilds()
        // Released once the daemon listens; here too when start-up fails (a suspended queue
        // must not be freed: libdispatch traps).
        defer { library.releaseIndexBuilds() }
        library.reload()

        // A full disk must surface as an error from write(2), not kill the daemon.
        signal(SIGXFSZ, SIG_IGN)
        // Whatever the daemon creates from here on is its user's alone: the database, and its
        // -wal and -shm files (SQLite gives them the database file's mode).
        umask(0o077)
        let stateDirectory = try StatePath.prepare(options.stateDir
            ?? (options.classroom ? environment["STATE_DIRECTORY"] ?? "/var/lib/tutord" : StatePath.defaultDirectory(environment: environment)))
        let address = try StoreOpening.address(options.database, stateDirectory: stateDirectory)
        // tutord.lock keeps a second daemon off the SQLite file in the state directory. Progress
        // in PostgreSQL is meant to be shared by daemons (each on its own socket, whose lock
        // was taken above), so with it the state directory is not locked.
        var stateLock: CInt = -1
        defer { if stateLock >= 0 { close(stateLock) } }
        if case .sqlite = address {
            stateLock = try StatePath.lock(stateDirectory)
        }
        for note in StatePath.secure(stateDirectory) {
            logger.warning("\(note)")
        }
        let store = try StoreOpening.open(address, readOnly: false, logger: logger)
        logger.info("progress store", metadata: ["database": "\(store.location)"])
        if store.isReadOnly {
            logger.warning("progress store is read-only: progress can be read but nothing new is saved",
                           metadata: ["database": "\(store.location)", "cause": "\(store.readOnlyCause ?? "opened read-only")"])
        }

        var configuration = ServerConfiguration(
            socketPath: path, maxConnections: options.maxConnections,
            maxLineBytes: options.maxLineBytes, threads: options.threads ?? ProcessInfo.processInfo.activeProcessorCount,
            firstLineTimeout: options.firstLineTimeout > 0 ? .seconds(Int64(options.firstLineTimeout)) : nil,
            clock: clock, classroom: classroom)
        configuration.writeLimits = options.writeLimits.limits(classroom: options.classroom)
        // systemd passes the socket or waits for READY=1 (tutord.service is Type=notify).
        configuration.startedBySystemd = activated != nil || environment["NOTIFY_SOCKET"] != nil
        configuration.classReadsPerMinute = options.maxClassReadsPerMinute
        let server = TutorServer(configuration: configuration, library: library, store: store, logger: logger)

        // Signal handlers go in before anything can signal READY: a SIGTERM that arrives right
        // after start-up must not be lost.
        let notifier = SystemdNotifier(environment: environment)
        let stop = DispatchSemaphore(value: 0)
        let signals = SignalHandlers(queue: DispatchQueue(label: "tutord.signals"))
        signals.on(SIGTERM) { stop.signal() }
        signals.on(SIGINT) { stop.signal() }
        let reloads = CourseReloads(library: library, notifier: notifier, logger: logger) {
            DaemonStatus.text(of: server)
        }
        signals.on(SIGHUP) { reloads.request() }

        if let activated {
            do {
                try server.start(adopting: activated)
            } catch {
                throw SocketPath.Failure(description: "cannot serve the socket passed by systemd: \(error)")
            }
        } else {
            let previousMask = umask(0o177)  // the socket is born 0600
            do {
                try server.start()
            } catch {
                umask(previousMask)
                throw SocketPath.Failure(description: "cannot listen on \(path): \(error)")
            }
            umask(previousMask)
            if let socketGroup {
                // The class's group may connect; nobody else.
                guard chown(path, uid_t.max, socketGroup) == 0, chmod(path, 0o660) == 0 else {
                    throw SocketPath.Failure(description: "cannot give \(path) to group \(options.socketGroup): \(SocketPath.errnoText())")
                }
            } else {
                chmod(path, 0o600)
            }
        }

        notifier.notify("READY=1\nSTATUS=\(DaemonStatus.text(of: server))")
        library.releaseIndexBuilds()
        logger.info("listening", metadata: ["socket": "\(path)", "pid": "\(getpid())",
                                            "activated": "\(activated != nil)"])
        let monitor = DaemonMonitor(server: server, notifier: notifier, environment: environment,
                                    exitWhenIdle: options.exitWhenIdle, logger: logger, queue: signals.queue) {
            stop.signal()
        }
        monitor.start()

        stop.wait()

        monitor.cancel()
        reloads.finish()
        logger.info("shutting down", metadata: ["connections": "\(server.connectionCount)"])
        notifier.notify("STOPPING=1\nSTATUS=shutting down")
        server.shutdown()
        if activated == nil { unlink(path) }  // never remove a socket systemd created
        logger.info("stopped")
    }
}

/// Signal handling through Dispatch sources: the handlers run on a queue, not in signal
/// context, so they may lock, log and allocate.
final class SignalHandlers: @unchecked Sendable {
    let queue: DispatchQueue
    private var sources: [DispatchSourceSignal] = []

    init(queue: DispatchQueue) {
        self.queue = queue
    }

    /// Blocks `signals` in the calling thread, and so in every thread it starts from now on.
    /// Precondition: called before the process starts any other thread.
    static func blockInEveryThreadToCome(_ signals: [Int32]) {
        var mask = sigset_t()
        sigemptyset(&mask)
        for number in signals { sigaddset(&mask, number) }
        pthread_sigmask(SIG_BLOCK, &mask, nil)
    }

    func on(_ signalNumber: Int32, _ handler: @escaping @Sendable () -> Void) {
        signal(signalNumber, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: queue)
        source.setEventHandler(handler: handler)
        source.resume()
        sources.append(source)
    }
}
