import Foundation
import LineProtocol
import ProgressStore
import TestPostgres
import SystemSupport
import TestThreads
import Testing
import TutorClient
import Tutoring

/// Progress in PostgreSQL: two daemons, as on two lab machines, on one database.
@Suite(.serialized, .blockingThreads) struct PostgresEndToEndTests {
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
        #expect(resumed.values("lesson") == ["1/12 🔒 The GIL & Free-Threading"])
        #expect(resumed.values("tutor").contains { before.values("tutor").contains($0) },
                "the second daemon repeats the step the first one stopped at")
        let progress = try client.request("progress")
        #expect(progress.values("progress") == ["score 1/44 xp 5 lessons 0/12 first-try 0/1 answers 2 accuracy 0%"])
        #expect(first.stop() == 0 && second.stop() == 0)
        // The log names the database, never a password.
        #expect(first.stderrText().contains("database=\(address)") || first.stderrText().contains(address))
    }

    /// A learner steps on one daemon while another daemon still holds their conversation from
    /// before: that daemon's next step is refused by the database, and the learner is told so
    /// and shown where they are now, read again; their next step goes on from there.
    @Test func aStepOnADaemonThatFellBehindSaysProgressMovedOnAndShowsWhereTheLearnerIs() throws {
        let server = PostgresServer.shared
        let address = server.address(of: try server.makeDatabase())
        let first = try DaemonProcess(arguments: ["--database", address])
        let second = try DaemonProcess(arguments: ["--database", address])
        let behind = try first.connect()
        var reply = try behind.request("start cpython-internals")
        while reply.expectation != .answer {
            reply = try behind.request(reply.expectation == .choice ? "no" : reply.expectation == .exercise ? "skip" : "")
        }
        // The same learner on the other daemon, at the same quiz, answers it.
        let ahead = try second.connect()
        #expect(try ahead.request("resume").expectation == .answer)
        let answered = try ahead.request("2")
        #expect(answered.turns.contains(.verdict(.correct)))
        // The first daemon's conversation is still at the open quiz.
        let refused = try behind.request("1")
        #expect(refused.status == .ok)
        #expect(refused.values("tutor").first?.contains("moved on elsewhere") == true, "\(refused)")
        #expect(!refused.turns.contains { if case .verdict = $0 { true } else { false } }, "the refused answer was not judged")
        // Shown where the learner is now, as stored: the quiz answered there (its answer, not the
        // quiz again), with the other daemon's XP in its standing.
        #expect(refused.values("quiz").isEmpty && refused.expectation == .continue)
        #expect(refused.values("tutor").contains { $0.hasPrefix("The answer: ") })
        #expect(refused.values("standing") == answered.values("standing"), "\(refused.values("standing")) vs \(answered.values("standing"))")
        // From there, the first daemon goes on as usual.
        let next = try behind.request("")
        #expect(next.status == .ok && next.values("tutor").allSatisfy { !$0.contains("moved on elsewhere") })
        #expect(first.stop() == 0 && second.stop() == 0)
        let export = try runTutord(["export", "--database", address])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(export.output.utf8)) as? [String: Any])
        let course = try #require((object["courses"] as? [[String: Any]])?.first)
        #expect((course["answers"] as? [[String: Any]])?.map { $0["given"] as? String } == ["2"], "only the acknowledged answer is stored")
        #expect(course["xp"] as? Int == answered.turns.lazy.compactMap { if case .xp(_, let total) = $0 { total } else { nil } }.first)
    }

    /// One learner on two daemons at once, each stepping as fast as it is answered: every
    /// answer acknowledged with a verdict is stored, nothing else is, and no step fails.
    @Test func bothDaemonsSteppingOneLearnerAtOnceLoseNothingAcknowledged() throws {
        let server = PostgresServer.shared
        let address = server.address(of: try server.makeDatabase())
        let daemons = [try DaemonProcess(arguments: ["--database", address]), try DaemonProcess(arguments: ["--database", address])]
        let clients = try daemons.map { try $0.connect() }
        for client in clients { #expect(try client.request("start cpython-internals").status == .ok) }
        let tallies = Tallies()
        DispatchQueue.concurrentPerform(iterations: 2) { index in
            let client = clients[index]
            var last: Reply?
            for _ in 0..<150 {
                let input = switch last?.expectation { case .answer?: "1"; case .choice?: "no"; case .exercise?: "skip"; default: "" }
                guard let reply = try? client.request(input) else { return tallies.add(failure: "no reply") }
                if case .error(let error) = reply.status { tallies.add(failure: "\(error)") }
                let movedOn = reply.values("tutor").contains { $0.contains("moved on elsewhere") }
                let verdicts = reply.turns.filter { if case .verdict = $0 { true } else { false } }.count
                tallies.add(verdicts: movedOn ? 0 : verdicts, movedOn: movedOn)
                if movedOn { #expect(verdicts == 0, "a refused answer is not judged") }
                last = reply
            }
        }
        #expect(tallies.failures.isEmpty, "\(tallies.failures.prefix(3))")
        #expect(daemons.map { $0.stop() } == [0, 0])
        let export = try runTutord(["export", "--database", address])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(export.output.utf8)) as? [String: Any])
        let answers = (object["courses"] as? [[String: Any]])?.first?["answers"] as? [Any] ?? []
        #expect(tallies.verdicts > 0)
        #expect(answers.count == tallies.verdicts, "\(answers.count) stored, \(tallies.verdicts) acknowledged (\(tallies.movedOn) refused)")
    }

    /// A machine's SQLite file moved into PostgreSQL: the export from the database is the
    /// file's export, a second copy keeps what is there and adds nothing, and a daemon on the
    /// database resumes the learner where the file left them.
    @Test func migrateStoreMovesAnSQLiteFileIntoPostgreSQL() throws {
        let server = PostgresServer.shared
        let address = server.address(of: try server.makeDatabase())
        let local = try DaemonProcess()
        let client = try local.connect()
        try answerLessonOne(client)
        let before = try client.request("")
        #expect(try client.request("leaderboard hide").status == .ok)
        #expect(local.stop() == 0)
        let file = "sqlite:" + local.stateDirectory + "/tutord.sqlite"

        let copy = try runTutord(["migrate-store", "--from", file, "--to", address])
        #expect(copy.status == 0, "\(copy.output)")
        #expect(copy.output.hasPrefix("copied 1 learners, 1 courses, 2 answers, "), "\(copy.output)")
        let fromFile = try runTutord(["export", "--database", file])
        let fromDatabase = try runTutord(["export", "--database", address])
        #expect(fromFile.status == 0 && fromDatabase.status == 0)
        #expect(fromDatabase.output == fromFile.output)

        let again = try runTutord(["migrate-store", "--from", file, "--to", address])
        #expect(again.status == 0)
        #expect(again.output.contains("copied 0 learners, 0 courses, 0 answers"), "\(again.output)")
        #expect(again.output.contains("kept: \(UserDatabase.name(of: getuid())) cpython-internals"), "\(again.output)")
        #expect(try runTutord(["export", "--database", address]).output == fromFile.output)

        let shared = try DaemonProcess(arguments: ["--database", address])
        let resumed = try shared.connect().request("resume")
        #expect(resumed.values("standing") == before.values("standing"))
        #expect(shared.stop() == 0)
        // What the export does not show is copied too: the choice to stay off leaderboards.
        guard case .postgres(let postgres) = try DatabaseAddress(parsing: address, defaultUser: "root") else { return }
        let totals = try PostgresProgressStore.open(postgres).learnerTotals(course: nil, since: nil, uid: nil, today: Date())
        #expect(totals.map(\.isHidden) == [true])
    }

    @Test func migrateStoreGoesOnlyFromSQLiteToPostgreSQL() throws {
        let server = PostgresServer.shared
        let address = server.address(of: try server.makeDatabase())
        let backwards = try runTutord(["migrate-store", "--from", address, "--to", "sqlite:/tmp/nowhere.sqlite"])
        #expect(backwards.status != 0)
        #expect(backwards.output.contains("--from must be an SQLite file"), "\(backwards.output)")
        let missing = try runTutord(["migrate-store", "--from", "sqlite:/nonexistent/tutord.sqlite", "--to", address])
        #expect(missing.status != 0)
        #expect(missing.output.contains("no progress stored at /nonexistent/tutord.sqlite"), "\(missing.output)")
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
        #expect(progress.values("progress") == ["score 1/44 xp 5 lessons 0/12 first-try 0/1 answers 2 accuracy 0%"],
                "what was acknowledged before the outage is all there")
        #expect(daemon.stop() == 0)
        let log = daemon.stderrText()
        #expect(log.components(separatedBy: "PostgreSQL cannot be reached").count - 1 == 1, "the outage is logged once")
        #expect(log.components(separatedBy: "PostgreSQL is reachable again").count - 1 == 1)
        #expect(!log.contains("error tutord: cannot save progress"), "not a line per refused request")
    }

    /// PostgreSQL stopped and started while eight learners step as fast as they are answered:
    /// while it is away every step gets `ERR storage` (nothing else, no hang), afterwards every
    /// learner goes on without a restart of tutord, and every answer acknowledged before, during
    /// or after is stored.
    @Test func anOutageUnderLoadGivesStorageErrorsThenRecoversAndLosesNothingAcknowledged() throws {
        let server = try PostgresServer()
        defer { server.shutdown() }
        let address = server.address(of: try server.makeDatabase())
        let daemon = try DaemonProcess(arguments: ["--database", address])
        let learners = 8
        let load = OutageLoad(learners: learners)
        let socketPath = daemon.socketPath
        let finished = DispatchGroup()
        for index in 0..<learners {
            finished.enter()
            Thread {
                defer { finished.leave() }
                do {
                    let client = try testClient(socketPath)
                    _ = try client.request("learner load-\(index)")
                    var last = try client.request("start cpython-internals")
                    while !load.isStopping {
                        let input = switch last.expectation { case .answer?: "1"; case .choice?: "no"; case .exercise?: "skip"; default: "" }
                        let reply = try client.request(input)
                        switch reply.status {
                        case .ok:
                            load.acknowledged(index, verdicts: reply.turns.filter { if case .verdict = $0 { true } else { false } }.count)
                            last = reply
                        case .error(let error) where error.code == .storage:
                            load.refused(index)
                        case .error(let error):
                            load.failed("\(error)")
                        }
                    }
                } catch {
                    load.failed("\(error)")
                }
            }.start()
        }
        // Each phase waits for what the learners report, never for a fixed time.
        func waitUntil(_ what: String, _ condition: (OutageLoad.Learner) -> Bool) {
            let met = load.waitUntilEveryLearner(seconds: 60, condition)
            #expect(met, "timed out waiting until \(what)")
        }
        waitUntil("every learner had steps acknowledged") { $0.acknowledged >= 5 }
        try server.stop()
        waitUntil("every learner was refused") { $0.refused >= 1 }
        try server.start()
        load.markRestart()
        waitUntil("every learner had steps acknowledged after the restart") { $0.acknowledgedAfterRestart >= 5 }
        load.stop()
        finished.wait()
        #expect(load.failures.isEmpty, "\(load.failures.prefix(3))")
        #expect(daemon.stop() == 0)
        for index in 0..<learners {
            let export = try runTutord(["export", "--database", address, "--learner", "\(NSUserName())/load-\(index)"])
            let object = try #require(try JSONSerialization.jsonObject(with: Data(export.output.utf8)) as? [String: Any])
            let stored = ((object["courses"] as? [[String: Any]])?.first?["answers"] as? [Any])?.count ?? 0
            // At least every acknowledged one; more when a commit reached the disk but its
            // answer was lost with the connection (that step got ERR storage).
            #expect(stored >= load.verdicts(index), "load-\(index): \(stored) stored, \(load.verdicts(index)) acknowledged")
        }
    }

    /// Two daemons of one user on one host, as `tutor` would start them: the same state
    /// directory, each on its own socket, one PostgreSQL database. Both serve (the state
    /// directory's lock guards an SQLite file, which neither uses); a third on the first one's
    /// socket is still refused, by that socket's lock, and says so.
    @Test func twoDaemonsOnOneHostShareOneDatabaseAndAStateDirectory() throws {
        let server = PostgresServer.shared
        let address = server.address(of: try server.makeDatabase())
        let first = try DaemonProcess(arguments: ["--database", address])
        // The last --state-dir given wins: the second daemon uses the first one's directory.
        let second = try DaemonProcess(arguments: ["--database", address, "--state-dir", first.stateDirectory])
        try answerLessonOne(try first.connect())
        let client = try second.connect()
        #expect(try client.request("resume").status == .ok)
        let progress = try client.request("progress")
        #expect(progress.values("progress").first?.hasPrefix("score 1/") == true, "\(progress)")
        #expect(try first.connect().request("ping").status == .ok)
        #expect(!FileManager.default.fileExists(atPath: first.stateDirectory + "/tutord.sqlite"))
        let third = try runTutord(["--socket", first.socketPath, "--dialogues", first.dialogues,
                                   "--state-dir", first.stateDirectory, "--database", address])
        #expect(third.status == 1)
        #expect(third.output.contains("a tutord is already running on \(first.socketPath)"), "\(third.output)")
        #expect(!third.output.contains("keeps its progress"), "\(third.output)")
        #expect(first.stop() == 0 && second.stop() == 0)
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

/// What the clients of a concurrent test saw, from their threads.
private final class Tallies: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var verdicts = 0
    private(set) var movedOn = 0
    private(set) var failures: [String] = []

    func add(verdicts: Int, movedOn: Bool) {
        lock.lock(); defer { lock.unlock() }
        self.verdicts += verdicts
        if movedOn { self.movedOn += 1 }
    }

    func add(failure: String) {
        lock.lock(); defer { lock.unlock() }
        failures.append(failure)
    }
}

/// What the learners of the outage test saw, from their threads.
private final class OutageLoad: @unchecked Sendable {
    struct Learner {
        var acknowledged = 0
        var acknowledgedAfterRestart = 0
        var refused = 0
        var verdicts = 0
    }

    /// Every change is broadcast (`changing`): the test waits for the learners' reports, not
    /// for a period.
    private let lock = NSCondition()
    private var learners: [Learner]
    private var restarted = false
    private var stopping = false
    private var failureList: [String] = []

    init(learners: Int) { self.learners = Array(repeating: Learner(), count: learners) }

    private func locked<T>(_ body: () -> T) -> T {
        lock.lock(); defer { lock.unlock() }
        return body()
    }

    private func changing(_ body: () -> Void) {
        lock.lock(); defer { lock.unlock() }
        body()
        lock.broadcast()
    }

    /// Waits until every learner meets `condition`, a learner reports a failure, or `seconds`
    /// pass; whether every learner met it.
    func waitUntilEveryLearner(seconds: TimeInterval, _ condition: (Learner) -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        lock.lock(); defer { lock.unlock() }
        while !learners.allSatisfy(condition) && failureList.isEmpty {
            if !lock.wait(until: deadline) { break }
        }
        return learners.allSatisfy(condition)
    }

    var isStopping: Bool { locked { stopping } }
    var failures: [String] { locked { failureList } }
    func stop() { changing { stopping = true } }
    func markRestart() { changing { restarted = true } }
    func failed(_ failure: String) { changing { failureList.append(failure) } }
    func refused(_ index: Int) { changing { learners[index].refused += 1 } }
    func verdicts(_ index: Int) -> Int { locked { learners[index].verdicts } }

    func acknowledged(_ index: Int, verdicts: Int) {
        changing {
            learners[index].acknowledged += 1
            learners[index].verdicts += verdicts
            if restarted { learners[index].acknowledgedAfterRestart += 1 }
        }
    }
}
