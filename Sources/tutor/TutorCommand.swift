import ArgumentParser
import ChatClient
import CourseCatalog
import Foundation
import LineProtocol
import SystemSupport
import TutorClient
#if canImport(Glibc)
import Glibc
#endif

@main
struct TutorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tutor",
        abstract: "Chat with tutord: take a course in the terminal.",
        discussion: """
            Connects to tutord (starting it if none runs, with its log in \
            $XDG_STATE_HOME/tutord/tutord.log; if that daemon goes away mid-session, it is \
            started again the same way) and shows the conversation, or the course picker when \
            there is nothing to continue. Keys: Enter goes on or sends, 1-9 or ↑↓ Enter answer \
            a quiz, PgUp/PgDn scroll, ? or F1 help, Ctrl-A/E/K edit, Ctrl-C or quit (exit, q, \
            /quit) quits. Type courses to pick another course, learner NAME to switch profile. At an \
            exercise, edit opens your file (kept under --exercises) in $VISUAL or $EDITOR, \
            write types it here, check runs its checks with python3, as you; every save \
            checks it again. \
            Without a terminal, with TERM=dumb, or with --plain, it reads lines from stdin and \
            prints the daemon's reply lines. Exit status: 0 when every request was answered, \
            1 when the daemon refused one, or an exercise's file or checks could not be made or \
            run (an `error:` line says why; a --course it cannot open \
            ends the session at once), 2 when tutord could not be reached or went away, 64 for \
            a bad command line.
            """,
        version: "0.1.0"
    )

    @Option(help: ArgumentHelp("The daemon's socket (default: $XDG_RUNTIME_DIR/tutord.sock).", valueName: "path"), completion: .file())
    var socket: String?

    @Option(help: ArgumentHelp("Start this course (default: continue the last one, or the first course).", valueName: "id"), completion: .custom { words, _, prefix in
        CourseCompletion.ids(words: words, prefix: prefix, executablePath: DaemonOpener.daemonProgram)
    })
    var course: String?

    @Flag(help: "Do not start tutord when none answers.")
    var noStart = false

    @Flag(help: "Plain lines in and out, for scripts.")
    var plain = false

    @Option(help: ArgumentHelp("Keep exercise files under this folder (default: $XDG_DATA_HOME/tutord/exercises, or ~/.local/share/tutord/exercises), in PROFILE/COURSE/ below it.", valueName: "dir"), completion: .directory)
    var exercises: String?

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        let path = socket ?? SocketPath.defaultPath(environment: environment)
        let target = DaemonTarget(path: path, isDefaultPath: socket == nil, autostart: !noStart)
        // Absolute, so the folder shown to the learner is where the file really is.
        let explicit = exercises.map { $0.hasPrefix("/") ? $0 : FileManager.default.currentDirectoryPath + "/" + $0 }
        let exerciseBase = ExerciseFolder.base(explicit: explicit, environment: environment)
        do {
            if plain || isatty(0) == 0 || isatty(1) == 0 {
                try finish(PlainSession(target: target, course: course, exerciseBase: exerciseBase).run())
                return
            }
            // NO_COLOR (https://no-color.org): any value turns colour off.
            let monochrome = environment["NO_COLOR"].map { !$0.isEmpty } ?? false
            let terminal = Terminal()
            guard terminal.open(monochrome: monochrome) else {
                let name = environment["TERM"].map { $0.isEmpty ? "(empty)" : $0 } ?? "(not set)"
                FileHandle.standardError.write(Data("tutor: this terminal (TERM=\(name)) cannot show the chat screen; plain lines instead, as with --plain\n".utf8))
                try finish(PlainSession(target: target, course: course, exerciseBase: exerciseBase).run())
                return
            }
            for signalNumber in [SIGTERM, SIGHUP] {
                signal(signalNumber) { _ in stopRequested = true }
            }
            signal(SIGPIPE, SIG_IGN)
            do {
                defer { terminal.close() }
                try ChatSession(target: target, course: course, terminal: terminal, monochrome: monochrome, exerciseBase: exerciseBase).run()
            }
            // Every step the daemon acknowledged is on its disk; one still in flight is too.
            print("Your progress is saved; run tutor again to go on where you left off.")
        } catch let failure as LineConnection.Failure {
            FileHandle.standardError.write(Data("tutor: \(failure.description)\n".utf8))
            throw ExitCode(Self.daemonUnavailable)
        } catch let failure as SocketPath.Failure {
            FileHandle.standardError.write(Data("tutor: \(failure.description)\n".utf8))
            throw ExitCode(Self.daemonUnavailable)
        }
    }

    /// The exit status when tutord could not be reached, or went away mid-session.
    static let daemonUnavailable: Int32 = 2

    private func finish(_ outcome: PlainSession.Outcome) throws {
        if outcome != .answered { throw ExitCode(outcome.rawValue) }
    }
}

/// Where the client finds its daemon, and whether it may start one.
struct DaemonTarget {
    var path: String
    /// No `--socket` was given: the default path, with its checks.
    var isDefaultPath: Bool
    var autostart: Bool

    func open(autostart: Bool? = nil, readGreeting: Bool) throws -> (connection: LineConnection, started: Bool) {
        try DaemonOpener.open(path: path, isDefaultPath: isDefaultPath, autostart: autostart ?? self.autostart, readGreeting: readGreeting)
    }
}
