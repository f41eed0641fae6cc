import ArgumentParser
import Foundation
import ProgressStore
import TutorClient
import Tutoring
#if canImport(Glibc)
import Glibc
#endif

/// Students pipelining `leaderboard` (and a teacher pipelining `report`) in a classroom of many
/// learners must not slow anyone else down (issue #36). A classroom daemon is started on a
/// store seeded with the class; a bystander (this process, root, a student here) connects
/// again and again and measures connect, greeting and first answer, first on a quiet daemon,
/// then while the flooders run; before the daemon starts, it times the store's two reads of a
/// board alone (``readAlone(_:)``). Each flooder is this executable again as another Unix user
/// (``FloodProcess``, ``StandingsFlooder``): the daemon tells users apart by the kernel's word,
/// so it needs root.
struct StandingsBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "standings",
        abstract: "Connect, greeting and first-answer latency of a student while others pipeline `leaderboard` and `report`, in a classroom of many learners.")

    @Option(help: "Learners seeded into the classroom's store (each with one right answer and some XP).")
    var learners = 2_000

    @Option(help: "Flooding students, each a Unix user of its own (uids 100000 and up: learners of the class), pipelining `leaderboard`.")
    var students = 4

    @Option(help: "Flooding teachers pipelining `report` (all as --teacher-user).")
    var teachers = 1

    @Option(help: "The teachers' Unix user; the daemon's teachers' group is this user's group.")
    var teacherUser = "daemon"

    @Option(help: "Requests each flooder keeps outstanding.")
    var window = 4

    @Option(help: "The bystander's connections in each phase (at least).")
    var connects = 300

    @Option(help: "Seconds each phase lasts at least (longer than the daemon's 5 s window, so boards are read again meanwhile).")
    var seconds = 12.0

    @Option(help: "Passed to the daemon as --max-class-reads-per-minute (0: no limit, which leaves the cache alone in the way); unset: the daemon's default.")
    var classReadsPerMinute: Int?

    @Option(help: "The tutord binary to start (default: the one next to tutord-bench).")
    var daemon: String?

    @Option(help: "Course directory for the started daemon.")
    var dialogues = "Dialogues"

    static let course = "cpython-internals"

    func run() throws {
        guard getuid() == 0 else { throw BenchError("standings runs its flooders as other Unix users: run it as root") }
        guard let teacher = getpwnam(teacherUser), let teachers = getgrgid(teacher.pointee.pw_gid) else {
            throw BenchError("there is no user \(teacherUser) with a group, to run the flooding teacher as")
        }
        let teacherGroup = String(cString: teachers.pointee.gr_name)
        guard let socketGroup = getgrgid(getgid()).map({ String(cString: $0.pointee.gr_name) }) else {
            throw BenchError("this process's group has no name")
        }
        let count = learners
        let seedStart = ContinuousClock.now
        var seeded = 0.0, prepared = 0.0
        let binary = daemon ?? URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("tutord").path
        let daemon = try DaemonUnderTest(
            binary: binary, dialogues: dialogues, threads: nil,
            arguments: ["--classroom", "--socket-group", socketGroup, "--teacher-group", teacherGroup]
                + (classReadsPerMinute.map { ["--max-class-reads-per-minute", "\($0)"] } ?? [])
        ) { state in
            try Self.seed(count, into: state + "/tutord.sqlite")
            seeded = milliseconds(ContinuousClock.now - seedStart) / 1e3
            try Self.readAlone(state + "/tutord.sqlite")
            prepared = milliseconds(ContinuousClock.now - seedStart) / 1e3
        }
        defer { daemon.stop() }
        say(String(format: "seeded %d learners in %.1f s; the classroom daemon was ready %.1f s later", count, seeded,
                   milliseconds(ContinuousClock.now - seedStart) / 1e3 - prepared))
        // The flooders, as other users in the socket's group, may pass through the daemon's
        // private directory to the socket, not list it.
        chmod((daemon.socketPath as NSString).deletingLastPathComponent, 0o711)

        let probe = try LineConnection(path: daemon.socketPath, receiveTimeout: 600)
        let board = "leaderboard \(Self.course)"
        var started = ContinuousClock.now
        guard try probe.request(board).status == .ok else { throw BenchError("the first leaderboard failed") }
        let firstBoard = milliseconds(ContinuousClock.now - started)
        started = ContinuousClock.now
        guard try probe.request(board).status == .ok else { throw BenchError("the second leaderboard failed") }
        say(String(format: "a board alone: %.0f ms read from the store, %.1f ms from the cache with the asker's own row read afresh",
                   firstBoard, milliseconds(ContinuousClock.now - started)))

        let start = "start \(Self.course)"
        let quiet = try BystanderConnects.measure(socket: daemon.socketPath, count: connects, seconds: seconds, request: start)
        say("quiet: bystander " + quiet.summary)

        let limit = classReadsPerMinute.map { $0 == 0 ? "no limit" : "\($0) per minute" } ?? "the default limit"
        var flooders = try (0..<students).map { index in
            try FloodProcess(user: "\(100_000 + index)", group: getgid(), socket: daemon.socketPath, request: board, window: window)
        }
        flooders += try (0..<self.teachers).map { _ in
            try FloodProcess(user: teacherUser, group: getgid(), socket: daemon.socketPath, request: "report \(Self.course)", window: window)
        }
        for flooder in flooders { try flooder.waitUntilFlooding() }
        let flooded = try BystanderConnects.measure(socket: daemon.socketPath, count: connects, seconds: seconds, request: start)
        let summaries = try flooders.map { try $0.stop() }
        say("flooded (\(students) students pipelining `\(board)`, \(self.teachers) teacher(s) `report \(Self.course)`, \(window) ahead each; class reads: \(limit)): bystander " + flooded.summary)
        for (flooder, summary) in zip(flooders, summaries) {
            say(String(format: "  %@ `%@`: %d OK, %d ERR rate-limited, %d other errors in %.1f s; first reply %.0f ms",
                       flooder.user, flooder.request, summary.ok, summary.limited, summary.failed, summary.seconds, summary.firstMilliseconds))
        }
    }

    /// The class: learner `i` is uid 100000 + `i`, with one right answer and 5 to 54 XP in the
    /// course, written through the store in batches (one transaction each).
    static func seed(_ count: Int, into path: String) throws {
        let store = try SQLiteProgressStore.open(path: path)
        let answer = AnswerRecord(lessonID: "gil", questionID: "gil-why", given: "2", isCorrect: true, attempt: 1, usedHint: false)
        let date = Date()
        for first in stride(from: 0, to: count, by: 1_000) {
            try store.record((first..<min(count, first + 1_000)).map { index in
                ProgressWrite(learner: LearnerID(uid: 100_000 + UInt32(index), profile: ""), course: course,
                              events: [.answerRecorded(answer), .xpAwarded(questionID: "gil-why", points: 5 + index % 50)],
                              date: date, opensCourse: true)
            })
        }
    }
}

extension StandingsBenchmark {
    /// What the daemon's two reads of a board cost the store alone, before the daemon starts:
    /// the class's totals (what the cache keeps) and one learner's (the asker's own row).
    static func readAlone(_ path: String) throws {
        let store = try SQLiteProgressStore.open(path: path)
        var started = ContinuousClock.now
        let everyone = try store.learnerTotals(course: course, since: nil, uid: nil, today: Date())
        let classRead = milliseconds(ContinuousClock.now - started)
        var times: [Double] = []
        for index in 0..<20 {
            started = ContinuousClock.now
            _ = try store.learnerTotals(course: course, since: nil, uid: 100_000 + UInt32(index), today: Date())
            times.append(milliseconds(ContinuousClock.now - started))
        }
        say(String(format: "the store alone: the class's totals (%d learners) %.0f ms; one learner's row p50 %.2f ms, max %.2f ms (20 reads)",
                   everyone.count, classRead, times.sorted()[times.count / 2], times.max() ?? 0))
    }
}

/// Prints a line at once, also into a pipe (a benchmark stopped by a timeout keeps its lines).
private func say(_ line: String) {
    print(line)
    fflush(nil)
}
