import Foundation
import LineProtocol
import TestPostgres
import TestThreads
import Testing

/// The leaderboard and the report in a user's own daemon: the user's profiles are the
/// learners; the user may read their report; hiding is stored; bad arguments say why. (With
/// many Unix users, classroom mode is tested by Tests/Shell/classroom.test.sh.) On both stores.
@Suite(.serialized, .blockingThreads) struct LeaderboardEndToEndTests {
    @Test(arguments: ["sqlite", "postgres"]) func theUsersProfilesAreRankedAndReported(store: String) throws {
        let postgres = store == "postgres" ? PostgresServer.shared : nil
        let address = try postgres.map { $0.address(of: try $0.makeDatabase()) }
        let daemon = try DaemonProcess(arguments: address.map { ["--database", $0] } ?? [])
        let client = try daemon.connect()
        for (profile, answers) in [("work", ["2"]), ("home", ["1", "2"])] {
            _ = try client.request("learner \(profile)")
            _ = try client.request("start cpython-internals")
            _ = try client.request("skip")
            for answer in answers { _ = try client.request(answer) }
        }
        let board = try client.request("leaderboard")
        let user = NSUserName()
        #expect(board.payloads == [
            .rank(LeaderboardRow(rank: 1, learner: "\(user)/work", xp: 10, lessons: 0, streak: 1, isYou: false)),
            .rank(LeaderboardRow(rank: 2, learner: "\(user)/home", xp: 5, lessons: 0, streak: 1, isYou: true)),
        ])
        #expect(try client.request("leaderboard nosuch").status == .error(ProtocolError(.unknownCourse, "there is no course nosuch; courses lists them")))
        let report = try client.request("report cpython-internals")
        #expect(report.payloads.contains(.weak(WeakSpot(course: "cpython-internals", question: "gil-why", missed: 1, answered: 2))))
        #expect(report.values("report").count == 2)
        // Hiding is stored: after a restart the user (who always sees their own) sees the flag.
        #expect(try client.request("leaderboard hide").status == .ok)
        #expect(daemon.stop() == 0)
        try daemon.restart()
        let again = try daemon.connect()
        _ = try again.request("learner home")
        #expect(try again.request("leaderboard").values("rank").contains("2 xp 5 lessons 0 streak 1 exercise-xp 0 you hidden | \(user)/home"))
    }
}
