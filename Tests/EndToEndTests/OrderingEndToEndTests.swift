import Foundation
import LineProtocol
import ProgressStore
import Tutoring
import TestThreads
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// One learner, two connections, two event loops: the store must hold what the daemon shows,
/// in the order the conversation changed, whatever order the commits were queued in.
@Suite(.serialized, .blockingThreads) struct OrderingEndToEndTests {
    private let course = "cpython-internals"

    /// The lesson the daemon shows as current (`▸` in `lessons`).
    private func currentLesson(_ client: TestClient) throws -> Int? {
        let rows = try client.request("lessons").values("toc")
        return rows.firstIndex { $0.hasPrefix("▸") }.map { $0 + 1 }
    }

    private func storedLesson(_ store: SQLiteProgressStore) throws -> Int? {
        try store.progress(for: LearnerID(uid: getuid()), course: course)?.position.map { $0.lessonIndex + 1 }
    }

    /// Two connections of one learner send `goto 3` and `goto 8` at the same moment; both are
    /// acknowledged. After each round the stored position is the one the daemon shows, and after
    /// `kill -9` the learner comes back where the daemon last had them.
    @Test func racingStepsOfOneLearnerAreStoredInTheOrderTheyHappened() throws {
        let daemon = try DaemonProcess(arguments: ["--threads", "2"])
        // NIO hands accepted connections to the event loops in turn: these two are on different loops.
        let clients = try (0..<4).map { _ in try daemon.connect() }
        for client in clients { _ = try client.request("start \(course)") }
        let store = try SQLiteProgressStore.open(path: daemon.stateDirectory + "/tutord.sqlite", readOnly: true)
        var mismatches: [String] = []
        var shown: Int?
        let rounds = 2000
        for round in 0..<rounds {
            // All connections step at once, each from its own thread.
            let start = DispatchSemaphore(value: 0)
            let done = DispatchGroup()
            for (index, client) in clients.enumerated() {
                let lesson = (round + index).isMultiple(of: 2) ? 3 : 8
                done.enter()
                Thread {
                    start.wait()
                    try? client.send("goto \(lesson)\n")
                    done.leave()
                }.start()
            }
            for _ in clients { start.signal() }
            done.wait()
            for client in clients { #expect(try client.readReply().status == .ok) }
            shown = try currentLesson(clients[0])
            let stored = try storedLesson(store)
            if stored != shown { mismatches.append("round \(round): shown \(shown ?? 0), stored \(stored ?? 0)") }
        }
        #expect(mismatches.count == 0, "\(mismatches.count) of \(rounds) rounds differ: \(mismatches.prefix(5))")

        daemon.kill9()
        try daemon.restart()
        let client = try daemon.connect()
        _ = try client.request("resume")
        #expect(try currentLesson(client) == shown)
    }

    /// `reset <course> confirm` on one connection while the same learner answers on another:
    /// whichever comes first, the store stays consistent (answers numbered from attempt 1 with
    /// none missing, the per-question count agreeing with them, every enrolment with a position).
    @Test func aResetRacingAnAnswerLeavesAConsistentStore() throws {
        let daemon = try DaemonProcess(arguments: ["--threads", "2"])
        let learner = try daemon.connect()
        let resetter = try daemon.connect()
        let store = try SQLiteProgressStore.open(path: daemon.stateDirectory + "/tutord.sqlite", readOnly: true)
        var problems: [String] = []
        for round in 0..<150 {
            _ = try learner.request("start \(course)")
            _ = try learner.request("goto 1")
            let quiz = try learner.request("skip")  // lesson 1's first question
            guard quiz.expectation == .answer else {
                problems.append("round \(round): no quiz after a skip")
                continue
            }
            #expect(try learner.request("1").turns.contains(.verdict(.incorrect)))
            try learner.send("1\n")  // a second wrong answer, racing the reset
            try resetter.send("reset \(course) confirm\n")
            _ = try learner.readReply()
            #expect(try resetter.readReply().status == .ok)
            _ = try learner.request("3")  // and one more after both
            problems += try inconsistencies(in: store).map { "round \(round): \($0)" }
        }
        #expect(problems.count == 0, "\(problems.count) problems: \(problems.prefix(5))")
    }

    private func inconsistencies(in store: SQLiteProgressStore) throws -> [String] {
        let id = LearnerID(uid: getuid())
        let answers = try store.answers(for: id, course: course)
        let progress = try store.progress(for: id, course: course)
        var found: [String] = []
        for (question, given) in Dictionary(grouping: answers, by: \.question) {
            let attempts = given.map(\.attempt)
            if attempts != Array(1...attempts.count) { found.append("\(question) attempts \(attempts)") }
            let counted = progress?.questions[question]?.attempts
            if counted != attempts.count { found.append("\(question): \(attempts.count) answers, question state says \(counted ?? 0)") }
        }
        if let progress, progress.position == nil { found.append("an enrolment without a position") }
        return found
    }
}

/// Requests that block (store reads) run off the event loops.
@Suite(.serialized, .blockingThreads) struct BlockingEndToEndTests {
    /// A learner with 20,000 stored answers exports them while another connection on the same
    /// (single) event loop pings: every ping is answered while the export is written (its pages
    /// are read and encoded on the learner pool, and the exporter has not read them).
    @Test func anExportDoesNotStallOtherConnectionsOnItsEventLoop() throws {
        let daemon = try DaemonProcess(arguments: ["--threads", "1"], start: false)
        try FileManager.default.createDirectory(atPath: daemon.stateDirectory, withIntermediateDirectories: true)
        do {
            let store = try SQLiteProgressStore.open(path: daemon.stateDirectory + "/tutord.sqlite")
            let learner = LearnerID(uid: getuid(), profile: "big")
            let writes = (0..<20_000).map { (index: Int) -> ProgressWrite in
                let answer = AnswerRecord(lessonID: "gil", questionID: "gil-why", given: String(index % 4 + 1),
                                          isCorrect: index % 4 == 1, attempt: index + 1, usedHint: false)
                return ProgressWrite(learner: learner, course: "cpython-internals", events: [.answerRecorded(answer)], date: Date())
            }
            try store.record(writes)
        }
        try daemon.start()
        let exporter = try daemon.connect()
        let bystander = try daemon.connect()
        _ = try exporter.request("learner big")
        try exporter.send("export\n")
        for _ in 0..<5 { #expect(try bystander.request("ping").status == .ok) }
        let export = try exporter.readReply()
        #expect(export.status == .ok)
        #expect(export.values("export").first?.contains("\"attempt\":20000") == true)
    }
}
