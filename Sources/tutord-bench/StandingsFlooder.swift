import ArgumentParser
import Foundation
import LineProtocol
import Synchronization
import TutorClient
#if canImport(Glibc)
import Glibc
#endif

/// One flooding student (or teacher) of `standings`, run by it as its own process under
/// another Unix user (`setpriv`): the daemon knows a connection's user from the kernel, so a
/// classroom's users need processes of their own.
///
/// It keeps `window` requests outstanding on one connection and reads every reply as it
/// comes, so it is never blocked writing while the daemon waits for it to read: the daemon
/// reads a connection's next line only once its client has read the replies (docs/protocol.md),
/// and a client that sends without reading stalls both. It floods until its standard input
/// ends (the benchmark closes it), then prints one line and exits without waiting for the
/// replies still due (at 100,000 learners each is a class read of seconds): the replies `OK`,
/// `ERR rate-limited` and other errors it read, the seconds it flooded, and the milliseconds
/// to its first reply.
struct StandingsFlooder: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "standings-flood",
        abstract: "A client of `standings` that pipelines one request until its standard input ends (standings runs it).",
        shouldDisplay: false
    )

    @Option(help: "The daemon's socket.")
    var socket: String

    @Option(help: "The request to send again and again.")
    var request = "leaderboard"

    @Option(help: "Requests sent ahead of their replies.")
    var window = 4

    func run() throws {
        let connection = try LineConnection(path: socket, receiveTimeout: 600)
        let stopped = Atomic<Bool>(false)
        // The benchmark says stop by closing our standard input; shutting the socket down then
        // ends a read that waits for a reply.
        let watcher = Thread {
            var byte: UInt8 = 0
            while read(0, &byte, 1) > 0 {}
            stopped.store(true, ordering: .relaxed)
            shutdown(connection.descriptor, Int32(SHUT_RDWR))
        }
        watcher.start()
        let line = Array((request + "\n").utf8)
        var outstanding = 0
        var ok = 0, limited = 0, failed = 0
        // The first reply's time is one board (or report) read alone; later ones queue
        // behind the window.
        var first: Double?
        let start = ContinuousClock.now
        var announced = false
        while true {
            let reply: Reply
            do {
                while outstanding < window {
                    try connection.sendBytes(line)
                    outstanding += 1
                }
                if !announced {
                    // The benchmark measures the bystander once every flooder says this.
                    print("flooding")
                    fflush(nil)
                    announced = true
                }
                reply = try connection.readReply()
            } catch where stopped.load(ordering: .relaxed) {
                break
            }
            outstanding -= 1
            if first == nil { first = milliseconds(ContinuousClock.now - start) }
            switch reply.status {
            case .ok:
                ok += 1
            case .error(let error) where error.code == .rateLimited:
                limited += 1
            case .error:
                failed += 1
            }
        }
        let seconds = milliseconds(ContinuousClock.now - start) / 1e3
        print("\(ok) \(limited) \(failed) \(seconds) \(first ?? 0)")
    }
}
