import ArgumentParser
import Foundation
import ProgressStore
import TutorClient
import Tutoring
#if canImport(Glibc)
import Glibc
#endif

/// Many connections of a learner with a long history ask for `export` and do not read (an
/// attack that once held a whole document per connection; docs/benchmarks.md has the figures).
/// The daemon must hold about a page per connection, then send each the whole document.
struct ExportFloodBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export-flood", abstract: "Daemon memory while many connections export a long history without reading.")

    @Option(help: "Connections that export without reading.")
    var connections = 60

    @Option(help: "Answers in the learner's history, seeded in the daemon's file.")
    var answers = 10_000

    @Option(help: "Bytes of each answer.")
    var answerBytes = 4096

    @OptionGroup var options: DaemonOptions

    func run() throws {
        let learner = LearnerID(uid: getuid(), profile: "big")
        let daemon = try options.start(prepareState: { state in
            try FileManager.default.createDirectory(atPath: state, withIntermediateDirectories: true)
            let store = try SQLiteProgressStore.open(path: state + "/tutord.sqlite")
            let given = String(repeating: "x", count: answerBytes)
            let events = (0..<answers).map { index in
                TutoringEvent.answerRecorded(AnswerRecord(lessonID: "gil", questionID: "gil-why", given: given,
                                                          isCorrect: index % 4 == 1, attempt: index + 1, usedHint: false))
            }
            try store.record([ProgressWrite(learner: learner, course: "cpython-internals", events: events, date: Date(), opensCourse: true)])
        })
        defer { daemon.stop() }
        guard let before = daemon.residentKiB() else {
            throw ValidationError("export-flood needs a daemon started by the benchmark (no --socket)")
        }
        let otherWindow = try LineConnection(path: daemon.socketPath)
        _ = try otherWindow.request("learner big")
        var exporters: [LineConnection] = []
        for _ in 0..<connections {
            let exporter = try LineConnection(path: daemon.socketPath, receiveTimeout: 60)
            _ = try exporter.request("learner big")
            try exporter.send("export\n")
            exporters.append(exporter)
        }
        // Answered by the learner's worker after every export's start: each export has been
        // read (and, before it streamed, built whole) by then.
        let start = ContinuousClock.now
        guard try otherWindow.request("courses").status == .ok else { throw BenchError("courses failed") }
        let waited = milliseconds(ContinuousClock.now - start)
        let unread = daemon.residentKiB() ?? 0
        var bytes = 0
        for exporter in exporters {
            let reply = try exporter.readReply()
            guard reply.status == .ok else { throw BenchError("export failed: \(reply.statusLine)") }
            bytes += reply.values("export").first?.utf8.count ?? 0
        }
        let peak = peakResidentKiB(of: daemon.processIdentifier) ?? 0
        print(String(format: "export-flood: %d connections, documents of %.1f MB: daemon RSS %d KiB before, %d KiB with every export unread (+%d KiB; the other window waited %.0f ms), peak %d KiB (+%d KiB); %.0f MB sent",
                     connections, Double(bytes) / Double(max(connections, 1)) / 1_000_000, before, unread, unread - before, waited,
                     peak, peak - before, Double(bytes) / 1_000_000))
    }

    private func peakResidentKiB(of pid: Int32?) -> Int? {
        guard let pid, let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }) else { return nil }
        return Int(line.split(separator: " ").dropFirst().first ?? "")
    }
}
