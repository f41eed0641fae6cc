import ArgumentParser
import Foundation
import ProgressStore
import TutorClient
import Tutoring

/// A request that reads a lot (an `export` of many answers) must not hold up other connections
/// on its event loop: a bystander pings on the same loop (the daemon runs one) meanwhile.
struct BystanderBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bystander", abstract: "Ping latency of a bystander while another learner exports many answers, on one event loop.")

    @Option(help: "Stored answers of the exporting learner.")
    var answers = 60_000

    @Option(help: "Seconds to measure.")
    var seconds = 4.0

    @OptionGroup var options: DaemonOptions

    func run() throws {
        let learner = LearnerID(uid: getuid(), profile: "big")
        let count = answers
        let daemon = try options.start(threads: 1) { state in
            let store = try SQLiteProgressStore.open(path: state + "/tutord.sqlite")
            try store.record((0..<count).map { index in
                let answer = AnswerRecord(lessonID: "gil", questionID: "gil-why", given: String(index % 4 + 1),
                                          isCorrect: index % 4 == 1, attempt: index + 1, usedHint: false)
                return ProgressWrite(learner: learner, course: "cpython-internals", events: [.answerRecorded(answer)], date: Date())
            })
        }
        defer { daemon.stop() }
        let exporter = try LineConnection(path: daemon.socketPath)
        _ = try exporter.request("learner big")
        let bystander = try LineConnection(path: daemon.socketPath)
        let deadline = Date().addingTimeInterval(seconds)
        let exports = ExportTimes()
        let exporterDone = DispatchSemaphore(value: 0)
        let exporting = Thread {
            defer { exporterDone.signal() }
            while Date() < deadline {
                let start = ContinuousClock.now
                guard (try? exporter.request("export"))?.status == .ok else { return }
                exports.add(milliseconds(ContinuousClock.now - start))
            }
        }
        exporting.start()
        var latencies: [Double] = []
        while Date() < deadline {
            let start = ContinuousClock.now
            _ = try bystander.request("ping")
            latencies.append(milliseconds(ContinuousClock.now - start))
        }
        exporterDone.wait()  // the last export runs to its end
        latencies.sort()
        print(String(format: "bystander: %d pings during %d exports of %d answers (%.0f ms each); ping p50 %.3f ms, p99 %.3f ms, max %.1f ms",
                     latencies.count, exports.count, answers, exports.mean, latencies[latencies.count / 2],
                     latencies[latencies.count * 99 / 100], latencies.last ?? 0))
    }
}

/// Export durations, from the exporting thread.
private final class ExportTimes: @unchecked Sendable {
    private let lock = NSLock()
    private var times: [Double] = []

    func add(_ milliseconds: Double) {
        lock.withLock { times.append(milliseconds) }
    }

    var count: Int { lock.withLock { times.count } }
    var mean: Double { lock.withLock { times.isEmpty ? 0 : times.reduce(0, +) / Double(times.count) } }
}
