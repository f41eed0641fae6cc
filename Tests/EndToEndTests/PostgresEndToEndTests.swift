import Foundation
import LineProtocol
import ProgressStore
import TestPostgres
import Testing
import TutorClient
import Tutoring

/// Progress in PostgreSQL (#19): two daemons, as on two lab machines, on one database.
@Suite(.serialized) struct PostgresEndToEndTests {
    @Test func aLearnerContinuesOnAnotherDaemonAtTheSameStepWithTheSameXP() throws {
        let server = PostgresServer.shared
        let address = server.address(of: try server.makeDatabase())
        let first = try DaemonProcess(arguments: ["--database", address])
        let second = try DaemonProcess(arguments: ["--database", address])
        let before: Reply
        do {
            let client = try first.connect()
            try answerLessonOne(client)
            before = try client.request("")  // on past the quiz
        }
        let client = try second.connect()
        let resumed = try client.request("resume")
        #expect(resumed.values("lesson") == ["1/10 🔒 The GIL & Free-Threading"])
        #expect(resumed.values("tutor").contains { before.values("tutor").contains($0) },
                "the second daemon repeats the step the first one stopped at")
        let progress = try client.request("progress")
        #expect(progress.values("progress") == ["score 1/22 xp 5 lessons 0/10 first-try 0/22 answers 2 accuracy 50%"])
        #expect(first.stop() == 0 && second.stop() == 0)
        // The log names the database, never a password.
        #expect(first.stderrText().contains("database=\(address)") || first.stderrText().contains(address))
    }

    @Test func exportAndReportReadTheSharedDatabase() throws {
        let server = PostgresServer.shared
        let address = server.address(of: try server.makeDatabase())
        let daemon = try DaemonProcess(arguments: ["--database", address])
        try answerLessonOne(try daemon.connect())
        let export = try runTutord(["export", "--database", address])
        #expect(export.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(export.output.utf8)) as? [String: Any])
        let courses = try #require(object["courses"] as? [[String: Any]])
        #expect(courses.first?["xp"] as? Int == 5)
        #expect((courses.first?["answers"] as? [Any])?.count == 2)
        let report = try runTutord(["report", "--database", address])
        #expect(report.status == 0)
        #expect(report.output.contains("report: xp 5 lessons 0 first-try 0/1 0% last "))
        #expect(daemon.stop() == 0)
    }

    @Test func anOutageGivesStorageErrorsOnceLoggedAndTheDaemonRecoversByItself() throws {
        let server = try PostgresServer()  // its own: this test stops and starts it
        defer { server.shutdown() }
        let address = server.address(of: try server.makeDatabase())
        let daemon = try DaemonProcess(arguments: ["--database", address])
        let client = try daemon.connect()
        try answerLessonOne(client)
        try server.stop()
        // Each step stores the position: refused while the database is away, and said why
        // (the first by its commit, the next by reloading the learner, which needs the database).
        for _ in 0..<4 {
            guard case .error(let error) = try client.request("").status else {
                Issue.record("a step succeeded while the database was stopped")
                continue
            }
            #expect(error.code == .storage && error.message.contains("cannot be reached"), "\(error)")
        }
        #expect(try client.request("ping").status == .ok)  // what needs no database goes on
        try server.start()
        // The daemon connects again on its own, on a request after its wait (at most 10 s);
        // there is no event to wait for but the request that succeeds.
        var recovered = false
        for _ in 0..<300 where !recovered {
            recovered = try client.request("progress").status == .ok
            if !recovered { usleep(100_000) }
        }
        #expect(recovered, "no request succeeded within 30 s of the database coming back")
        let progress = try client.request("progress")
        #expect(progress.values("progress") == ["score 1/22 xp 5 lessons 0/10 first-try 0/22 answers 2 accuracy 50%"],
                "what was acknowledged before the outage is all there")
        #expect(daemon.stop() == 0)
        let log = daemon.stderrText()
        #expect(log.components(separatedBy: "PostgreSQL cannot be reached").count - 1 == 1, "the outage is logged once")
        #expect(log.components(separatedBy: "PostgreSQL is reachable again").count - 1 == 1)
        #expect(!log.contains("error tutord: cannot save progress"), "not a line per refused request")
    }

    @Test func aBadAddressStopsStartUpWithAClearError() throws {
        let directory = NSTemporaryDirectory() + "tutord-bad-address-\(getpid())"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let run = try runTutord(["serve", "--socket", directory + "/tutord.sock", "--state-dir", directory + "/state",
                                 "--database", "postgres://teach:hunter2@db.invalid/tutord?sslmode=maybe"])
        #expect(run.status != 0)
        #expect(run.output.contains("sslmode is disable, prefer or require"))
        #expect(!run.output.contains("hunter2"))
    }
}
