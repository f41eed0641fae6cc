import ArgumentParser
import Foundation
import ProgressStore
import SystemSupport
import TutorClient
import Tutoring
#if canImport(Glibc)
import Glibc
#endif

/// A student pipelining `leaderboard` in a classroom of many learners must not slow anyone
/// else down: while one user (`nobody`, through `setpriv` and `nc`) sends `leaderboard` as
/// fast as the daemon reads it, another (this process's user) connects again and again, and
/// each time the time to the greeting and to the reply of a first `start` (which reads the
/// store) is measured. Needs root (to run the pipelining client as another user).
struct StandingsBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "standings",
        abstract: "Connect and first-answer latency of a student while another pipelines `leaderboard`, in a classroom of many learners.")

    @Option(help: "Learners seeded into the classroom's store (each with one right answer and some XP).")
    var learners = 2_000

    @Option(help: "Seconds to measure.")
    var seconds = 10.0

    @Option(help: "Passed to the daemon as --max-class-reads-per-minute (a daemon that knows it); unset: the daemon's default.")
    var classReadsPerMinute: Int?

    @Option(help: "The tutord binary to start (default: the one next to tutord-bench).")
    var daemon: String?

    @Option(help: "Course directory for the started daemon.")
    var dialogues = "Dialogues"

    func run() throws {
        guard getuid() == 0 else { throw BenchError("standings runs the pipelining student as `nobody`: run it as root") }
        raiseDescriptorLimit()
        let count = learners
        let seedStart = ContinuousClock.now
        let binary = daemon ?? URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("tutord").path
        let group = getgrgid(getgid()).map { String(cString: $0.pointee.gr_name) } ?? "root"
        let daemon = try DaemonUnderTest(
            binary: binary, dialogues: dialogues, threads: nil,
            arguments: ["--classroom", "--socket-group", group] + (classReadsPerMinute.map { ["--max-class-reads-per-minute", "\($0)"] } ?? [])
        ) { state in
            let store = try SQLiteProgressStore.open(path: state + "/tutord.sqlite")
            let answer = AnswerRecord(lessonID: "gil", questionID: "gil-why", given: "2", isCorrect: true, attempt: 1, usedHint: false)
            let date = Date()
            for first in stride(from: 0, to: count, by: 1_000) {
                try store.record((first..<min(count, first + 1_000)).map { index in
                    ProgressWrite(learner: LearnerID(uid: 100_000 + UInt32(index), profile: ""), course: "cpython-internals",
                                  events: [.answerRecorded(answer), .xpAwarded(questionID: "gil-why", points: 5 + index % 50)],
                                  date: date, opensCourse: true)
                })
            }
        }
        defer { daemon.stop() }
        say(String(format: "seeded %d learners and started the daemon in %.1f s", count, milliseconds(ContinuousClock.now - seedStart) / 1e3))

        // How long one board takes when nobody else asks (the first is a read of the store).
        let probe = try LineConnection(path: daemon.socketPath, receiveTimeout: 600)
        let boardStart = ContinuousClock.now
        _ = try probe.request("leaderboard cpython-internals")
        let firstBoard = milliseconds(ContinuousClock.now - boardStart)

        // The pipelining student: `yes leaderboard` into nc, as `nobody` in the socket's group
        // (who may pass through the daemon's private directory to the socket, not read it).
        chmod((daemon.socketPath as NSString).deletingLastPathComponent, 0o711)
        let replies = NSTemporaryDirectory() + "tutord-bench-standings-\(getpid()).out"
        FileManager.default.createFile(atPath: replies, contents: nil)
        defer { try? FileManager.default.removeItem(atPath: replies) }
        let flood = Process()
        flood.executableURL = URL(fileURLWithPath: "/bin/sh")
        flood.arguments = ["-c", "yes 'leaderboard cpython-internals' | exec setpriv --reuid nobody --regid \(getgid()) --clear-groups nc -U '\(daemon.socketPath)' >'\(replies)'"]
        try flood.run()
        say("flooding; measuring")

        var greetings: [Double] = [], answers: [Double] = []
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            let start = ContinuousClock.now
            let bystander = try LineConnection(path: daemon.socketPath, receiveTimeout: 60)  // reads the greeting
            greetings.append(milliseconds(ContinuousClock.now - start))
            let asked = ContinuousClock.now
            guard try bystander.request("start cpython-internals").status == .ok else { throw BenchError("the bystander's start failed") }
            answers.append(milliseconds(ContinuousClock.now - asked))
        }
        kill(flood.processIdentifier, SIGTERM)
        _ = try? Process.run(URL(fileURLWithPath: "/usr/bin/pkill"), arguments: ["-P", "\(flood.processIdentifier)"])
        flood.waitUntilExit()
        let lines = ((try? String(contentsOfFile: replies, encoding: .utf8)) ?? "").split(separator: "\n")
        let boards = lines.filter { $0 == "OK" }.count
        let refused = lines.filter { $0.hasPrefix("ERR rate-limited") }.count
        greetings.sort()
        answers.sort()
        func percentile(_ values: [Double], _ p: Int) -> Double { values.isEmpty ? 0 : values[min(values.count - 1, values.count * p / 100)] }
        say(String(format: "first board %.0f ms; the pipelining student got %d boards and %d ERR rate-limited in %.0f s",
                     firstBoard, boards, refused, seconds))
        say(String(format: "bystander: %d connections; greeting p50 %.2f ms p99 %.2f ms max %.1f ms; first answer (start) p50 %.2f ms p99 %.2f ms max %.1f ms",
                     greetings.count, percentile(greetings, 50), percentile(greetings, 99), greetings.last ?? 0,
                     percentile(answers, 50), percentile(answers, 99), answers.last ?? 0))
    }
}

/// Prints a line at once, also into a pipe (a benchmark stopped by a timeout keeps its lines).
private func say(_ line: String) {
    print(line)
    fflush(nil)
}
