import ArgumentParser
import Dialogue
import Foundation
import ProgressStore
import Tutoring
#if canImport(Glibc)
import Glibc
#endif

/// The store alone, without sockets or event loops: what one committed batch of learners'
/// writes costs the committing thread. The writes are made by real conversations, as the
/// daemon makes them (each names the revision the last one left), and recorded in batches the
/// way the group committer records them.
struct StoreBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: "Time recording learners' writes in the progress store (CPU and wall time per write).")

    enum Workload: String, ExpressibleByArgument, CaseIterable {
        /// A wrong answer at an open quiz: a new stored attempt each time.
        case answer
        /// A step through a lesson: the stored position moves.
        case turn
    }

    @Option(help: "What each write is: answer (a wrong answer) or turn (a step).")
    var workload: Workload = .answer

    @Option(help: "Learners, each with a write in every batch.")
    var learners = 20

    @Option(help: "Batches to record (after 50 unmeasured ones).")
    var batches = 2000

    @Option(help: "The course file.")
    var file: String = "Dialogues/cpython-internals.dialogue"

    @Option(help: "The database: sqlite:PATH (default: a file in a temporary directory) or a postgres:// address.")
    var database: String?

    func run() throws {
        let (_, course) = try loadCourse(file)
        let directory = NSTemporaryDirectory() + "tutord-bench-store-\(getpid())"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let address = try DatabaseAddress(parsing: database ?? "sqlite:\(directory)/tutord.sqlite", defaultUser: NSUserName())
        let store: any ProgressStorage
        switch address {
        case .sqlite(let path): store = try SQLiteProgressStore.open(path: path)
        case .postgres(let postgres): store = try PostgresProgressStore.open(postgres)
        }

        let now = Date(timeIntervalSince1970: 1_790_000_000)
        var writers = (0..<learners).map { StoreWriter(course: course, learner: LearnerID(uid: 1000, profile: "s\($0)")) }
        func record(_ writes: [ProgressWrite]) throws {
            let refused = try store.record(writes)
            if !refused.isEmpty { throw BenchError("the store refused \(refused.count) writes of a batch") }
        }
        func makeBatch() -> [ProgressWrite] { writers.indices.map { writers[$0].next(workload, at: now) } }
        for _ in 0..<50 { try record(makeBatch()) }

        // Only the recording is timed; the conversations make each batch before.
        var samples: [Double] = []
        samples.reserveCapacity(batches)
        var cpu = 0.0
        var wallTotal = 0.0
        for _ in 0..<batches {
            let writes = makeBatch()
            let cpuBefore = threadCPUSeconds()
            let begun = ContinuousClock.now
            try record(writes)
            let micros = milliseconds(ContinuousClock.now - begun) * 1000
            cpu += threadCPUSeconds() - cpuBefore
            wallTotal += micros / 1e6
            samples.append(micros)
        }
        let wall = wallTotal
        samples.sort()
        let writes = Double(batches * learners)
        print("store \(address.description) \(workload.rawValue): \(batches) batches of \(learners) writes")
        print(String(format: "  %.0f writes/s; per write %.1f µs wall, %.1f µs CPU of this thread; batch p50 %.0f µs, p99 %.0f µs",
                     writes / wall, wall / writes * 1e6, cpu / writes * 1e6, samples[samples.count / 2], samples[samples.count * 99 / 100]))
    }

    private func threadCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}

/// One learner's conversation making the writes of a workload, each chained to the revision
/// the previous one left.
private struct StoreWriter {
    var conversation: Conversation
    let learner: LearnerID
    let course: String
    var revision: Int64?

    init(course: Course, learner: LearnerID) {
        conversation = Conversation(course: course, seed: Conversation.phrasingSeed(profile: learner.profile, course: course.id))
        self.learner = learner
        self.course = course.id
    }

    mutating func next(_ workload: StoreBenchmark.Workload, at date: Date) -> ProgressWrite {
        let opening = revision == nil
        var events: [TutoringEvent] = opening ? conversation.open(at: Int64(date.timeIntervalSince1970)).events : []
        while events.isEmpty || (workload == .answer && !events.contains(where: Self.isAnswer)) {
            events += conversation.respond(to: input(workload), at: Int64(date.timeIntervalSince1970)).events
        }
        let write = ProgressWrite(learner: learner, course: course, events: events, date: date, opensCourse: opening,
                                  precondition: revision.map(ProgressWrite.Precondition.revision) ?? .notEnrolled)
        revision = write.revision
        return write
    }

    /// A wrong answer at a quiz (learned from the verdicts: the first option no verdict
    /// called wrong is tried until one is); otherwise a step on.
    private func input(_ workload: StoreBenchmark.Workload) -> String {
        switch conversation.expectation {
        case .answer: return workload == .answer ? wrongOption() : "skip"
        case .end: return "goto 1"
        default: return ""
        }
    }

    private func wrongOption() -> String {
        guard let quiz = conversation.openQuiz, let question = conversation.course.question(id: quiz.question)?.question
        else { return "1" }
        let right = question.options.firstIndex(where: \.isCorrect) ?? 0
        return String((right + 1) % max(2, question.options.count) + 1)
    }

    private static func isAnswer(_ event: TutoringEvent) -> Bool {
        if case .answerRecorded = event { return true }
        return false
    }
}
