import Foundation
import LineProtocol
import TestPostgres
import TestThreads
import Testing
import TutorClient
#if canImport(Glibc)
import Glibc
#endif

/// No event loop waits for a learner or for the store: with the store frozen, a learner whose
/// requests need it waits, and so do their other connections' requests (one learner's requests
/// run one at a time), while another learner on the same (single) event loop is greeted and
/// answered at once, and the watchdog goes on being fed.
///
/// Before the learner's worker, a second connection of the waiting learner took the learner's
/// lock on the event loop and stopped it, and every connection on it, for as long as the
/// store read took (59 s with PostgreSQL stopped).
@Suite(.serialized, .blockingThreads) struct FrozenStoreEndToEndTests {
    /// Requests that read the store in the state the test puts learner `alice` in (so each of
    /// them waits while the store is frozen), then others that may or may not.
    static let waitingRequests = ["start cpython-internals", "export", "progress", "leaderboard", "report", "reset nosuch"]
    static let otherRequests = ["courses", "resume", "status", "review all", "ask all what is the GIL", "reset tiny",
                                "leaderboard week", "start tiny"]

    @Test(arguments: FrozenStore.Kind.allCases)
    func aBystanderIsAnsweredAtOnceWhileALearnersStoreReadsWait(kind: FrozenStore.Kind) throws {
        let store = try FrozenStore(kind)
        defer { store.shutdown() }
        let daemon = try DaemonProcess(arguments: ["--threads", "1"] + store.daemonArguments,
                                       environment: ["WATCHDOG_USEC": "200000"], start: false)
        try daemon.addTinyCourse()
        try daemon.start()
        store.daemonStateDirectory = daemon.stateDirectory
        // Alice's second window, on a course in memory: its steps need no store read.
        let window = try daemon.connect()
        #expect(try window.request("learner alice").status == .ok)
        #expect(try window.request("start tiny").status == .ok)

        for request in Self.waitingRequests + Self.otherRequests {
            let first = try daemon.connect()
            #expect(try first.request("learner alice").status == .ok)
            if request == "progress" {
                #expect(try first.request("start tiny").status == .ok)  // the streak is read in a course
            }
            try store.freeze()
            try sendAndWaitUntilRead(request, on: first, daemon: daemon)
            try sendAndWaitUntilRead("hint", on: window, daemon: daemon)
            // The first time, a crowd of other learners' store reads fills every thread of the
            // learner pool (4 with one event loop): a new connection is still identified (on a
            // pool of its own) and greeted.
            var crowd: [TestClient] = []
            if request == Self.waitingRequests.first {
                for index in 1...4 {
                    let client = try daemon.connect()
                    #expect(try client.request("learner crowd\(index)").status == .ok)
                    try sendAndWaitUntilRead("export", on: client, daemon: daemon)
                    crowd.append(client)
                }
            }

            // The bystander: a new connection, greeted, and answered.
            let bystander = try daemon.connect()
            #expect(try bystander.request("learner bob").status == .ok, "while alice's `\(request)` waits for the store")
            #expect(try bystander.request("ping").status == .ok, "while alice's `\(request)` waits for the store")
            if Self.waitingRequests.contains(request) {
                #expect(!first.hasPendingInput(), "`\(request)` was answered with the store frozen: it read nothing?")
                #expect(!window.hasPendingInput(), "alice's `hint` ran before her `\(request)` was done")
            }
            if request == Self.waitingRequests.last {
                // The watchdog is fed while requests wait: two beats sent since now.
                daemon.discardNotifications()
                try daemon.waitFor("WATCHDOG=1")
                try daemon.waitFor("WATCHDOG=1")
            }
            for client in crowd {
                #expect(!client.hasPendingInput(), "an export was answered with the store frozen")
            }
            try store.thaw()
            _ = try first.readReply()
            _ = try window.readReply()
            for client in crowd { _ = try client.readReply() }
        }
        #expect(daemon.stop() == 0)
    }

    /// Sends `line` and returns once the daemon has read it (its debug log names each request
    /// as it reads it), so what the test does next comes after it.
    private func sendAndWaitUntilRead(_ line: String, on client: TestClient, daemon: DaemonProcess) throws {
        let word = String(line.split(separator: " ").first ?? "")
        let needle = "command=\(word) "
        let before = daemon.stderrText().components(separatedBy: needle).count
        try client.send(line: line)
        let deadline = Date().addingTimeInterval(10)
        while daemon.stderrText().components(separatedBy: needle).count == before {
            guard Date() < deadline else { throw DaemonError("the daemon did not read `\(line)` within 10 s") }
            usleep(2_000)  // polling the log, the daemon's own signal that it read the line
        }
    }
}

/// A store the test can freeze: PostgreSQL stopped with SIGSTOP, or an SQLite file whose
/// read locks another process (this test's) holds, so every read of the daemon waits.
final class FrozenStore {
    enum Kind: String, CaseIterable, CustomTestStringConvertible {
        case sqlite, postgresql
        var testDescription: String { rawValue }
    }

    let kind: Kind
    private let server: PostgresServer?
    let daemonArguments: [String]
    /// The daemon's state directory, where its SQLite file is (set once it started).
    var daemonStateDirectory = ""
    private var lockedShm: CInt = -1

    init(_ kind: Kind) throws {
        self.kind = kind
        switch kind {
        case .sqlite:
            server = nil
            daemonArguments = []
        case .postgresql:
            let server = try PostgresServer()  // its own: the test stops it
            self.server = server
            daemonArguments = ["--database", server.address(of: try server.makeDatabase())]
        }
    }

    /// Every read of the daemon's store waits from now on.
    func freeze() throws {
        if let server { return try server.freeze() }
        // SQLite's WAL readers take a shared lock on one of five read marks in the `-shm`
        // file (bytes 123-127, after the write, checkpoint and recovery locks); held
        // exclusively by another process, every read retries (for up to about 10 s, then
        // fails with a locking-protocol error).
        let path = daemonStateDirectory + "/tutord.sqlite-shm"
        lockedShm = open(path, O_RDWR)
        guard lockedShm >= 0 else { throw DaemonError("cannot open \(path): \(String(cString: strerror(errno)))") }
        var lock = flock()
        lock.l_type = Int16(F_WRLCK)
        lock.l_whence = Int16(SEEK_SET)
        lock.l_start = 123
        lock.l_len = 5
        guard fcntl(lockedShm, F_SETLKW, &lock) == 0 else {
            throw DaemonError("cannot lock the read marks of \(path): \(String(cString: strerror(errno)))")
        }
    }

    func thaw() throws {
        if let server { return try server.thaw() }
        close(lockedShm)  // releases the lock
        lockedShm = -1
    }

    func shutdown() {
        if lockedShm >= 0 { close(lockedShm) }
        if let server {
            try? server.thaw()
            server.shutdown()
        }
    }
}
