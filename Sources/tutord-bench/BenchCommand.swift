import ArgumentParser
import CourseCatalog
import Dialogue
import Foundation
import Tutoring

@main
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tutord-bench",
        abstract: "Measures tutord's speed. Figures and the commands used are in docs/benchmarks.md.",
        subcommands: [ParseBenchmark.self, ConversationBenchmark.self, LoadBenchmark.self, IdleBenchmark.self, StartupBenchmark.self, PipelineFloodBenchmark.self, ExportFloodBenchmark.self, StoreBenchmark.self,
                      BystanderBenchmark.self, StandingsBenchmark.self, StandingsFlooder.self, CompareBenchmark.self, NIOFloorServer.self, PasteBenchmark.self,
                      ActivationBenchmark.self, LaunchBenchmark.self, GoalsBenchmark.self,
                      ClassBenchmark.self]
    )
}

/// Loading a course: parse and validate a course file many times.
struct ParseBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse", abstract: "Time parsing and validating a course file.")

    @Argument(help: "The course file.")
    var file: String = "Dialogues/cpython-internals.dialogue"

    @Option(help: "How many times to parse it.")
    var iterations = 2000

    func run() throws {
        let (bytes, course) = try loadCourse(file)
        let parser = DialogueParser()
        var samples: [Double] = []
        for _ in 0..<iterations {
            let start = ContinuousClock.now
            let result = parser.parse(bytes, file: file)
            samples.append(milliseconds(ContinuousClock.now - start) * 1000)
            precondition(result.course != nil)
        }
        samples.sort()
        let lessons = Double(course.lessons.count)
        print("parse \(file): \(bytes.count) bytes, \(course.lessons.count) lessons, \(iterations) runs")
        print(String(format: "  median %.1f µs/file = %.1f µs/lesson; p99 %.1f µs/file", samples[samples.count / 2],
                     samples[samples.count / 2] / lessons, samples[samples.count * 99 / 100]))
    }
}

/// The state machine alone: how many learner inputs per second one core answers.
struct ConversationBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "conversation", abstract: "Time the tutoring state machine walking the course.")

    @Argument(help: "The course file.")
    var file: String = "Dialogues/cpython-internals.dialogue"

    @Option(help: "How many walks through the whole course.")
    var walks = 2000

    func run() throws {
        let (_, course) = try loadCourse(file)
        var inputs = 0
        let start = ContinuousClock.now
        for walk in 0..<walks {
            var conversation = Conversation(course: course, seed: UInt64(walk))
            _ = conversation.open()
            // Continue through everything; guess 1, 2, 3 at each quiz, then skip it.
            var guess = 0
            while conversation.expectation != .end {
                let input: String
                switch conversation.expectation {
                case .answer:
                    guess += 1
                    input = guess % 4 == 0 ? "skip" : String(guess % 4)
                default:
                    input = ""
                }
                let reply = conversation.respond(to: input)
                if reply.turns.contains(.verdict(.correct)) || reply.turns.contains(.verdict(.revealed)) { guess = 0 }
                inputs += 1
            }
        }
        let seconds = milliseconds(ContinuousClock.now - start) / 1000
        print(String(format: "conversation: %d inputs in %.2f s = %.0f inputs/s on one core", inputs, seconds, Double(inputs) / seconds))
    }
}

/// Reads and parses a course file, or says why it cannot.
func loadCourse(_ file: String) throws -> (bytes: [UInt8], course: Course) {
    guard case .success(let bytes) = CourseFiles.read(file: file) else {
        throw ValidationError("cannot read \(file)")
    }
    guard let course = DialogueParser().parse(bytes, file: file).course else {
        throw ValidationError("\(file) has errors; run `tutord check \(file)`")
    }
    return (bytes, course)
}
