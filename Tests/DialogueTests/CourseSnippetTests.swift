import CourseCatalog
import Foundation
import TestThreads
import Testing
@testable import Dialogue

/// Every code block a course marks `run` prints what the course claims: each is run
/// with the machine's `python3` and its output compared with the ```output block after it,
/// or, for a question's code, with the question's first accepted answer.
@Suite(.blockingThreads) struct CourseSnippetTests {
    struct Snippet: CustomTestStringConvertible, Sendable {
        var place: String
        var code: [String]
        var output: [String]
        var testDescription: String { place }
    }

    static let dialogues = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Dialogues")

    /// Runnable blocks with their claimed output, from every course in Dialogues/.
    static let snippets: [Snippet] = {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: dialogues.path)) ?? []
        var snippets: [Snippet] = []
        for file in files.sorted() where file.hasSuffix(".dialogue") {
            let path = dialogues.appendingPathComponent(file).path
            guard let course = DialogueParser().parse((try? CourseFiles.read(file: path).get()) ?? [], file: path).course else { continue }
            for question in course.questions {
                // "What does this print?": a runnable question's first accepted answer is its output.
                guard let code = question.code, code.isRunnable, case .freeText(let accepted) = question.answers, let first = accepted.first else { continue }
                snippets.append(Snippet(place: "\(course.id)/\(question.id)", code: code.lines, output: [first]))
            }
            for lesson in course.lessons {
                let beats = lesson.steps.compactMap { if case .beat(let beat) = $0 { beat } else { nil } }
                    + lesson.nodes.keys.sorted().flatMap { lesson.nodes[$0]!.beats }
                for beat in beats {
                    for (index, message) in beat.messages.enumerated() {
                        guard case .code(let block) = message, block.isRunnable, index + 1 < beat.messages.count,
                              case .code(let output) = beat.messages[index + 1] else { continue }
                        snippets.append(Snippet(place: "\(course.id)/\(lesson.id) #\(snippets.count + 1)", code: block.lines, output: output.lines))
                    }
                }
            }
        }
        return snippets
    }()

    @Test(arguments: snippets)
    func printsWhatTheCourseSays(_ snippet: Snippet) throws {
        let python = Process()
        python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        python.arguments = ["python3", "-"]
        let input = Pipe()
        let output = Pipe()
        python.standardInput = input
        python.standardOutput = output
        python.standardError = output
        try python.run()
        input.fileHandleForWriting.write(Data((snippet.code.joined(separator: "\n") + "\n").utf8))
        try input.fileHandleForWriting.close()
        let printed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        python.waitUntilExit()
        var lines = printed.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        #expect(lines == snippet.output, "\(snippet.place): the course claims\n\(snippet.output.joined(separator: "\n"))\nbut python3 printed\n\(printed)")
    }
}
