import ChatClient
import Foundation
import LineProtocol
import TutorClient
#if canImport(Glibc)
import Glibc
#endif

/// The full-screen chat: one loop that waits on the keyboard and the socket, feeds the
/// screen model, and redraws. A lost connection is retried with backoff and resumed.
final class ChatSession {
    private let target: DaemonTarget
    private var opener: SessionOpener
    private var screen = ChatScreen()
    private let terminal = Terminal()
    private var connection: LineConnection?
    private var retryAt: Date?
    private var retryDelay: TimeInterval = 0.5

    init(target: DaemonTarget, course: String?, monochrome: Bool) {
        self.target = target
        self.opener = SessionOpener(course: course)
        screen.monochrome = monochrome
    }

    func run() throws {
        let monochrome = screen.monochrome
        terminal.open(monochrome: monochrome)
        defer { terminal.close() }
        screen.monochrome = !terminal.colors  // no colour: prefixes tell the lines apart
        connect(first: true)
        redraw()
        while true {
            var fds = [pollfd(fd: 0, events: Int16(POLLIN), revents: 0)]
            if let connection { fds.append(pollfd(fd: connection.descriptor, events: Int16(POLLIN), revents: 0)) }
            _ = poll(&fds, nfds_t(fds.count), 250)
            if stopRequested { return }
            if fds.count > 1 && fds[1].revents != 0 { receive() }
            var quit = false
            while let key = terminal.nextKey() {
                guard let key else { continue }  // resize or an ignored key: just redraw
                switch screen.handle(key, height: terminal.size.height) {
                case .none: break
                case .quit: quit = true
                case .send(let line): send(line)
                }
            }
            if quit { return }
            if let retryAt, Date() >= retryAt { connect(first: false) }
            redraw()
        }
    }

    private func redraw() {
        let size = terminal.size
        terminal.draw(screen.render(width: size.width, height: size.height))
    }

    private func connect(first: Bool) {
        do {
            let connection = try target.open(autostart: target.autostart && first, readGreeting: false)
            self.connection = connection
            retryAt = nil
            retryDelay = 0.5
            screen.status = nil
            if !first { screen.note("Reconnected.") }
            opener = SessionOpener(course: opener.course)
            try connection.send(line: opener.opening())
        } catch {
            lost(error, first: first)
        }
    }

    private func lost(_ error: Error, first: Bool) {
        connection = nil
        if first { screen.note("\(error)") }
        retryAt = Date().addingTimeInterval(retryDelay)
        screen.status = "Connection lost; retrying in \(Int(retryDelay.rounded(.up))) s (Ctrl-C quits)"
        retryDelay = min(retryDelay * 2, 8)
    }

    private func receive() {
        guard let connection else { return }
        do {
            for reply in try connection.receiveAvailable() {
                let (followUp, show) = opener.received(reply)
                if show { screen.apply(reply) }
                if let followUp { try connection.send(line: followUp) }
            }
        } catch {
            screen.note("\(error)")
            lost(error, first: false)
        }
    }

    private func send(_ line: String) {
        guard let connection else {
            screen.note("Not connected; that line was not sent.")
            return
        }
        do {
            opener.sent(line)
            try connection.send(line: line)
        } catch {
            lost(error, first: false)
        }
    }
}

/// Set by SIGTERM/SIGHUP: the loop restores the terminal and exits.
nonisolated(unsafe) var stopRequested = false
