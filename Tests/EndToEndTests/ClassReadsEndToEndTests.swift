import Foundation
import LineProtocol
import TestThreads
import Testing
import Tutoring
@testable import ProgressStore
#if canImport(Glibc)
import Glibc
#endif

/// A classroom's class-wide reads (`leaderboard`, `report`) cost the store a bounded amount
/// however much one student asks: each Unix user has an allowance of them, and a board, once
/// read, serves every asker for a window while each asker's own row is read afresh. The clock
/// stands still (`TUTORD_NOW`), so the allowance never refills and the window never passes:
/// what these tests see is the allowance and the cache, not timing.
@Suite(.serialized, .blockingThreads) struct ClassReadsEndToEndTests {
    static let now = ["TUTORD_NOW": "2026-12-07T12:00:00Z"]
    static let limited = ProtocolError(.rateLimited, "too many leaderboards and reports at once; try again in 2 s")

    /// A classroom daemon whose socket group is the test's own group, so the test may connect.
    static func classroom() throws -> DaemonProcess {
        guard let group = getgrgid(getgid())?.pointee.gr_name.map({ String(cString: $0) }) else {
            throw DaemonError("the test's group has no name")
        }
        return try DaemonProcess(arguments: ["--classroom", "--socket-group", group], environment: now)
    }

    @Test func aUserGetsTheBurstOfClassReadsThenWaits() throws {
        let daemon = try Self.classroom()
        let client = try daemon.connect()
        let asked = 13
        try client.send((0..<asked).map { _ in "leaderboard\n" }.joined())
        let statuses = try (0..<asked).map { _ in try client.readReply().status }
        #expect(statuses.prefix(10).allSatisfy { $0 == .ok })
        #expect(statuses.dropFirst(10).allSatisfy { $0 == .error(Self.limited) }, "\(statuses)")
        // The user's other connections share the allowance; hiding is not a class read.
        let other = try daemon.connect()
        #expect(try other.request("leaderboard").status == .error(Self.limited))
        // A refused report takes nothing: it is refused as it would be with reads to spare.
        guard case .error(let refusal) = try other.request("report").status else { Issue.record("a student read the report"); return }
        #expect(refusal.code == .forbidden)
        #expect(try other.request("leaderboard hide").status == .ok)
        #expect(try other.request("leaderboard show").status == .ok)
    }

    /// Another Unix user is not held back by the first one's reads (root runs the client as
    /// `nobody`, in the socket's group).
    @Test(.enabled(if: getuid() == 0, "needs root to connect as another user"))
    func anotherUserIsNotLimitedByTheFirst() throws {
        let daemon = try Self.classroom()
        let client = try daemon.connect()
        try client.send(String(repeating: "leaderboard\n", count: 11))
        let statuses = try (0..<11).map { _ in try client.readReply().status }
        #expect(statuses.last == .error(Self.limited))
        let nc = Process()
        nc.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
        nc.arguments = ["--reuid", "nobody", "--regid", "\(getgid())", "--clear-groups", "nc", "-U", "-N", daemon.socketPath]
        let input = Pipe(), output = Pipe()
        nc.standardInput = input
        nc.standardOutput = output
        try nc.run()
        input.fileHandleForWriting.write(Data("leaderboard\nleaderboard\n".utf8))
        try input.fileHandleForWriting.close()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        nc.waitUntilExit()
        #expect(text.components(separatedBy: "\n").filter { $0 == "OK" }.count == 2, "\(text)")
        #expect(!text.contains("rate-limited"))
    }

    /// A board read once serves the next asker: a learner added to the store behind the
    /// daemon's back does not show. The asker's own row is read afresh, so their new XP does;
    /// and hiding (a stored change everyone must see at once) makes the next board a new read.
    @Test func aBoardIsReadOnceAndTheAskersOwnRowAfresh() throws {
        let daemon = try Self.classroom()
        let client = try daemon.connect()
        _ = try client.request("start cpython-internals")
        _ = try client.request("skip")
        let first = try client.request("leaderboard cpython-internals").values("rank")
        #expect(first.count == 1 && first[0].hasPrefix("1 xp 0 ") && first[0].contains(" you "), "\(first)")

        let store = try SQLiteProgressStore.open(path: daemon.stateDirectory + "/tutord.sqlite")
        let stranger = LearnerID(uid: 424_242, profile: "")
        let answer = AnswerRecord(lessonID: "gil", questionID: "gil-why", given: "2", isCorrect: true, attempt: 1, usedHint: false)
        try store.record([ProgressWrite(learner: stranger, course: "cpython-internals",
                                        events: [.answerRecorded(answer), .xpAwarded(questionID: "gil-why", points: 50)],
                                        date: Date(timeIntervalSince1970: 1_796_641_200), opensCourse: true)])

        let cached = try client.request("leaderboard cpython-internals").values("rank")
        #expect(cached == first, "the board was read again: \(cached)")
        #expect(try client.request("2").values("xp") == ["+10 total 10"])
        let mine = try client.request("leaderboard cpython-internals").values("rank")
        #expect(mine.count == 1 && mine[0].hasPrefix("1 xp 10 ") && mine[0].contains(" you "), "\(mine)")

        #expect(try client.request("leaderboard hide").status == .ok)
        let fresh = try client.request("leaderboard cpython-internals").values("rank")
        #expect(fresh.count == 2 && fresh[0].hasPrefix("1 xp 50 ") && fresh[1].hasPrefix("2 xp 10 "), "\(fresh)")
    }
}
