import ArgumentParser
import ChatClient

/// A long paste into `tutor`'s chat, key by key as a terminal delivers it, with a redraw after
/// each key: how long the screen model takes (a 5 KB paste once took 20 s of CPU; see
/// docs/benchmarks.md). A speed figure, so it lives here and in docs/benchmarks.md, not in a timed test.
struct PasteBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "paste", abstract: "Time a long paste into the chat screen, key by key, redrawn after each.")

    @Option(help: "Keys pasted.")
    var keys = 5_000

    @Option(help: "The terminal's width and height.")
    var width = 80
    @Option var height = 24

    func run() throws {
        var screen = ChatScreen()
        var slowest = Duration.zero
        let start = ContinuousClock.now
        for _ in 0..<keys {
            let key = ContinuousClock.now
            _ = screen.handle(.text("y"))
            _ = screen.render(width: width, height: height)
            slowest = max(slowest, ContinuousClock.now - key)
        }
        let total = ContinuousClock.now - start
        print("paste: \(keys) keys at \(width)x\(height), each redrawn; the line holds \(screen.input.byteCount) bytes")
        print(String(format: "  %.3f s in all, %.1f µs per key, slowest key %.2f ms", milliseconds(total) / 1000,
                     milliseconds(total) * 1000 / Double(keys), milliseconds(slowest)))
    }
}
