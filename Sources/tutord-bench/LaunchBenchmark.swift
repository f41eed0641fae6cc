import ArgumentParser
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `tutor` launched in a terminal with its daemon already running: the time from the exec to
/// the first screen drawn, as the learner waits for it.
struct LaunchBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "launch",
        abstract: "tutor's launch to its first drawn screen, the daemon running (median of --runs).",
        discussion: """
            Starts a release tutord on a private socket, then runs `tutor --socket … --course …` \
            --runs times in a pseudo-terminal of 80×24 with TERM set. A launch's figure is the \
            time from the spawn to the last byte of the first screen: the output has held \
            --marker (text of the course's first beat) and then stayed quiet for --quiet \
            milliseconds. Each tutor is then sent SIGTERM and waited for.
            """
    )

    @Option(help: "Launches.")
    var runs = 15

    @Option(help: "The tutor binary (default: the one next to tutord-bench).")
    var tutor: String?

    @Option(help: "The course each launch starts.")
    var course = "cpython-internals"

    @Option(help: "Text of the first screen; the screen counts as drawn once the terminal shows it.")
    var marker = "CPython"

    @Option(help: "Milliseconds of silence after the marker that end the first screen.")
    var quiet = 300

    @Option(help: "TERM for tutor.")
    var term = "xterm-256color"

    @OptionGroup var options: DaemonOptions

    func run() throws {
        let daemon = try options.start()
        defer { daemon.stop() }
        let samples = try Self.measure(runs: runs, tutor: tutor, socket: daemon.socketPath, course: course, marker: marker,
                                       quietMilliseconds: quiet, term: term)
        print(Self.summary(samples))
    }

    static func summary(_ samples: [Double]) -> String {
        String(format: "launch: tutor to its first drawn screen, median of %d: %.1f ms (%.1f-%.1f)",
               samples.count, median(samples), samples.min() ?? 0, samples.max() ?? 0)
    }

    /// Milliseconds from each launch to its first screen.
    static func measure(runs: Int, tutor: String?, socket: String, course: String, marker: String = "CPython",
                        quietMilliseconds: Int = 300, term: String = "xterm-256color") throws -> [Double] {
        let binary = tutor ?? URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("tutor").path
        // One launch first, not counted: it enrols the learner, as any launch after the first finds them.
        _ = try launch(binary, socket: socket, course: course, marker: marker, quietMilliseconds: quietMilliseconds, term: term)
        return try (0..<runs).map { _ in
            try launch(binary, socket: socket, course: course, marker: marker, quietMilliseconds: quietMilliseconds, term: term)
        }
    }

    private static func launch(_ binary: String, socket: String, course: String, marker: String, quietMilliseconds: Int,
                               term: String) throws -> Double {
        let terminal = try PseudoTerminal(columns: 80, rows: 24)
        var environment = ActivationBenchmark.childEnvironment()
        environment["TERM"] = term
        environment["LANG"] = environment["LANG"] ?? "C.UTF-8"
        let start = ContinuousClock.now
        let program = try SpawnedProgram(path: binary, arguments: ["--socket", socket, "--course", course, "--no-start"],
                                         environment: environment, descriptors: terminal.childDescriptors, newSession: true)
        defer {
            program.stop()
            terminal.close()
        }
        var output: [UInt8] = []
        var lastOutput: ContinuousClock.Instant?
        let wanted = Array(marker.utf8)
        while true {
            let seen = output.contains(wanted)
            guard let chunk = try terminal.read(timeoutMilliseconds: seen ? quietMilliseconds : 10_000) else {
                guard seen, let lastOutput else {
                    throw BenchError("tutor showed no \"\(marker)\" within 10 s; it wrote: \(String(decoding: output.suffix(2000), as: UTF8.self))")
                }
                return milliseconds(lastOutput - start)
            }
            lastOutput = ContinuousClock.now
            output += chunk
        }
    }
}
