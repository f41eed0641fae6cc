import ChatClient
import CourseCatalog
import Foundation
import LineProtocol
import TutorClient
#if canImport(Glibc)
import Glibc
#endif

/// The full-screen chat: one loop that waits on the keyboard and the socket, feeds the
/// screen model, and redraws. Between requests it waits in `idle`, so another window of the
/// same learner, or a course reload, updates this one without polling. A lost connection is
/// retried with backoff and resumed: on the same profile and course, and, where `tutor` would
/// start a daemon at launch, by starting one again if none answers any more.
final class ChatSession {
    private let target: DaemonTarget
    var screen = ChatScreen()
    let terminal: Terminal
    /// The open exercise's file, its watch and its check runs (ChatSession+Exercise.swift).
    var desk: ExerciseDesk
    private var connection: LineConnection?
    /// Requests sent and not yet answered, oldest first; `nil` stands for an `idle`.
    private var outstanding: [ClientRequest?] = []
    /// `noidle` was sent for the `idle` in `outstanding` (it has no reply of its own).
    private var noidleSent = false
    private var retryAt: Date?
    private var retryDelay: TimeInterval = 0.5
    /// Why the last reconnect failed, once said: each new reason is said once, not every retry.
    private var failureSaid: String?

    init(target: DaemonTarget, course: String?, terminal: Terminal, monochrome: Bool, exerciseBase: String?) {
        self.target = target
        self.terminal = terminal
        desk = ExerciseDesk(base: exerciseBase)
        screen.requestedCourse = course
        screen.monochrome = monochrome || !terminal.colors  // no colour: prefixes tell the lines apart
        screen.courseSearchPath = CourseFiles.searchPath(
            explicit: nil, environment: ProcessInfo.processInfo.environment, executablePath: DaemonOpener.daemonProgram)
    }

    func run() throws {
        connect(first: true)
        redraw()
        while true {
            var fds = [pollfd(fd: 0, events: Int16(POLLIN), revents: 0)]
            if let connection { fds.append(pollfd(fd: connection.descriptor, events: Int16(POLLIN), revents: 0)) }
            let connectionIndex = connection == nil ? nil : 1
            // The exercise's folder (a save) and a check run's pipe (it is done).
            let watchIndex = desk.watch.map { fds.append(pollfd(fd: $0.descriptor, events: Int16(POLLIN), revents: 0)); return fds.count - 1 }
            let runIndex = desk.run.map { fds.append(pollfd(fd: $0.descriptor, events: Int16(POLLIN), revents: 0)); return fds.count - 1 }
            // Asleep until a key, a reply, a save, a check's end, a signal (a resize, a stop),
            // the next reconnect, or a burst of saves gone quiet: an idle chat spends no CPU
            // (it woke four times a second to redraw).
            let retryTimeout = retryAt.map { Int(max(0, min(8_000, ($0.timeIntervalSinceNow * 1000).rounded(.up)))) }
            let saveTimeout = desk.debouncer.timeout(at: ExerciseDesk.now())
            let timeout = [retryTimeout, saveTimeout].compactMap { $0 }.min().map { CInt($0) } ?? -1
            _ = poll(&fds, nfds_t(fds.count), timeout)
            if stopRequested { return }
            if let connectionIndex, fds[connectionIndex].revents != 0 { receive() }
            if let watchIndex, fds[watchIndex].revents != 0 { watchSignalled() }
            if let runIndex, fds[runIndex].revents != 0 { checkEnded() }
            if desk.debouncer.due(at: ExerciseDesk.now()) { startCheck() }
            var quit = false
            while let key = terminal.nextKey() {
                guard let key else { continue }  // resize or an ignored key: just redraw
                switch screen.handle(key, height: terminal.size.height) {
                case .none: break
                case .quit: quit = true
                case .send(let request): send(request)
                case .editExercise: edit()
                case .checkExercise: startCheck()
                case .saveExercise(let text): save(text)
                case .cancelCheck: cancelCheck()
                }
            }
            if quit {
                desk.run?.cancel()
                return
            }
            if let retryAt, Date() >= retryAt { connect(first: false) }
            followExercise()
            waitForChanges()
            redraw()
        }
    }

    private func redraw() {
        let size = terminal.size
        terminal.draw(screen.render(width: size.width, height: size.height))
    }

    private func connect(first: Bool) {
        do {
            // On a reconnect too: a daemon `tutor` started (or any other) may have been killed.
            let (connection, started) = try target.open(readGreeting: false)
            self.connection = connection
            outstanding = []
            retryAt = nil
            retryDelay = 0.5
            failureSaid = nil
            screen.status = nil
            // What the daemon said as it started: shown if it has no course to offer.
            screen.daemonMessage = started ? DaemonLog.lastLines() : []
            if !first {
                screen.note(started ? "tutord was gone; started it again" + (DaemonLog.path.map { " (its log: \($0))" } ?? "") + ". Reconnected."
                                    : "Reconnected.")
            }
            for request in screen.connected() { send(request) }
        } catch {
            lost(error)
        }
    }

    private func lost(_ error: Error) {
        connection = nil
        outstanding = []
        checksLost()
        let reason = "\(error)"
        if reason != failureSaid {
            screen.note(reason)  // for instance what to run when tutor may not start tutord
        }
        failureSaid = reason
        retryAt = Date().addingTimeInterval(retryDelay)
        screen.status = "Connection lost; retrying in \(Int(retryDelay.rounded(.up))) s (Ctrl-C quits)"
        retryDelay = min(retryDelay * 2, 8)
    }

    private func receive() {
        guard let connection else { return }
        do {
            for reply in try connection.receiveAvailable() {
                guard !outstanding.isEmpty else { continue }
                let follow: [ClientRequest]
                if let request = outstanding.removeFirst() {
                    if case .checks(let exercise) = request {
                        checksArrived(reply, exercise: exercise)
                        continue
                    }
                    follow = screen.received(reply, for: request)
                } else {
                    follow = screen.changed(reply.payloads.compactMap { if case .changed(let subsystem) = $0 { subsystem } else { nil } })
                }
                for request in follow { send(request) }
            }
        } catch {
            lost(error)
        }
    }

    func send(_ request: ClientRequest) {
        guard let connection else {
            screen.note("Not connected; that was not sent.")
            return
        }
        do {
            if outstanding.contains(nil), !noidleSent {
                try connection.send(line: RequestKind.noidle.line())  // ends the idle; its reply comes first
                noidleSent = true
            }
            try connection.send(line: request.line)
            outstanding.append(request)
        } catch {
            lost(error)
        }
    }

    /// With nothing outstanding, waits in `idle`: changes made elsewhere arrive as its reply.
    private func waitForChanges() {
        guard let connection, outstanding.isEmpty else { return }
        do {
            try connection.send(line: RequestKind.idle.line())
            outstanding.append(nil)
            noidleSent = false
        } catch {
            lost(error)
        }
    }
}

/// Set by SIGTERM/SIGHUP: the loop restores the terminal and exits.
nonisolated(unsafe) var stopRequested = false
