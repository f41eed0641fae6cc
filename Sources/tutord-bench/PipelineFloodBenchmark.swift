import ArgumentParser
import Foundation
import TutorClient

/// A client that pipelines steps which each wait for a commit, as fast as the socket takes
/// them, while it reads the replies as they come (an attack that once made the daemon accept
/// megabytes it had not answered; docs/benchmarks.md has the figures). The daemon must read no
/// faster than it answers, so what it accepts, and its memory, stay bounded.
struct PipelineFloodBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pipeline-flood", abstract: "Daemon memory while a client pipelines steps that wait for commits.")

    @Option(help: "Seconds to flood.")
    var seconds = 4.0

    @OptionGroup var options: DaemonOptions

    /// The goal (docs/benchmarks.md): the flood may not grow the daemon by more than this.
    static let goalKiB = 20_000

    func run() throws {
        let daemon = try options.start()
        defer { daemon.stop() }
        guard let before = daemon.residentKiB() else {
            throw ValidationError("pipeline-flood needs a daemon started by the benchmark (no --socket)")
        }
        let connection = try LineConnection(path: daemon.socketPath)
        guard try connection.request("start cpython-internals").status == .ok else { throw BenchError("start failed") }
        // Each `goto` moves the stored position, so every one waits for a commit.
        let chunk = Array(String(repeating: "goto 2\ngoto 1\n", count: 4681).utf8)
        var offset = 0
        var sent = 0
        var replies = 0
        var peak = before
        var lastSample = ContinuousClock.now
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        while ContinuousClock.now < deadline {
            let accepted = connection.sendSome(chunk[offset...])
            sent += accepted
            offset = (offset + accepted) % chunk.count
            replies += try connection.receiveAvailable().count
            if accepted == 0 { _ = connection.waitWritable(milliseconds: 1) }
            if ContinuousClock.now - lastSample > .milliseconds(50) {
                peak = max(peak, daemon.residentKiB() ?? 0)
                lastSample = .now
            }
        }
        peak = max(peak, daemon.residentKiB() ?? 0)
        let growth = peak - before
        print(String(format: "pipeline-flood: %.1f MB accepted in %.0f s, %d replies; daemon RSS %d KiB before, peak %d KiB (+%d KiB, goal < %d): %@",
                     Double(sent) / 1_048_576, seconds, replies, before, peak, growth, Self.goalKiB,
                     growth < Self.goalKiB ? "met" : "NOT MET"))
    }
}
