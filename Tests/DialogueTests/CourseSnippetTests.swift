import CourseCatalog
import Foundation
import TestThreads
import Testing
@testable import Dialogue

/// Every code block a course marks `run` prints what the course claims: each is run
/// with the machine's `python3` and its output compared with the ```output block after it,
/// or, for a question's code (a retry question's too), with the question's first accepted
/// answer, or with a multiple-choice question's right option.
@Suite(.blockingThreads) struct CourseSnippetTests {
    struct Snippet: CustomTestStringConvertible, Sendable {
        var place: String
        var code: [String]
        var expected: Expected
        var testDescription: String { place }
    }

    /// What a snippet must print.
    enum Expected: Sendable, Equatable {
        /// These lines, exactly: an ```output block, or a free-text question's first answer.
        case lines([String])
        /// A multiple-choice question's right option: its text without backticks, trimmed,
        /// equals the whole output trimmed.
        case rightOption(String)
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
            snippets += Self.snippets(in: course)
        }
        return snippets
    }()

    /// The runnable blocks of one course with what each must print.
    static func snippets(in course: Course) -> [Snippet] {
        var snippets: [Snippet] = []
        for question in course.allQuestions {
            // "What does this print?": a runnable question's first accepted answer is its
            // output; in multiple choice, its right option.
            guard let code = question.code, code.isRunnable else { continue }
            let place = "\(course.id)/\(question.id)"
            switch question.answers {
            case .freeText(let accepted):
                if let first = accepted.first { snippets.append(Snippet(place: place, code: code.lines, expected: .lines([first]))) }
            case .choice(let options):
                if let right = options.first(where: \.isCorrect) {
                    let text = String(right.text.filter { $0 != "`" }).trimmingCharacters(in: .whitespaces)
                    snippets.append(Snippet(place: place, code: code.lines, expected: .rightOption(text)))
                }
            }
        }
        for lesson in course.lessons {
            let beats = lesson.steps.compactMap { if case .beat(let beat) = $0 { beat } else { nil } }
                + lesson.nodes.keys.sorted().flatMap { lesson.nodes[$0]!.beats }
            for beat in beats {
                for (index, message) in beat.messages.enumerated() {
                    guard case .code(let block) = message, block.isRunnable, index + 1 < beat.messages.count,
                          case .code(let output) = beat.messages[index + 1] else { continue }
                    snippets.append(Snippet(place: "\(course.id)/\(lesson.id) #\(snippets.count + 1)", code: block.lines,
                                            expected: .lines(output.lines)))
                }
            }
        }
        return snippets
    }

    /// What `python3` prints for the snippet's code (its errors included).
    static func run(_ snippet: Snippet) throws -> String {
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
        return printed
    }

    /// Why `printed` is not what the snippet claims, naming its place; `nil` when it is.
    static func mismatch(_ snippet: Snippet, printed: String) -> String? {
        switch snippet.expected {
        case .lines(let expected):
            var lines = printed.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            if lines.last == "" { lines.removeLast() }
            if lines == expected { return nil }
            return "\(snippet.place): the course claims\n\(expected.joined(separator: "\n"))\nbut python3 printed\n\(printed)"
        case .rightOption(let option):
            let output = printed.trimmingCharacters(in: .whitespacesAndNewlines)
            if output == option { return nil }
            return "\(snippet.place): the right option is `\(option)`, but python3 printed\n\(output)"
        }
    }

    @Test(arguments: snippets)
    func printsWhatTheCourseSays(_ snippet: Snippet) throws {
        let printed = try Self.run(snippet)
        let problem = Self.mismatch(snippet, printed: printed)
        #expect(problem == nil, "\(problem ?? "")")
    }

    /// A multiple-choice question's runnable code must print its right option: a right claim
    /// passes, a wrong one (the right option marks what python3 does not print) fails naming
    /// the question; a retry question's code is checked too.
    @Test func aChoiceQuestionsRunnableCodePrintsItsRightOption() throws {
        let text = """
            course snip
            title: Snip
            level: beginner
            summary: Runnable choice questions.

            lesson one
            title: One
            > A beat.
            takeaway: Remember.
            question right
            ask: What does this print?
            ```python run
            print(len([1, 2, 3]))
            ```
            - 2
            + `3`
            explain: Three items.
            hint: Count them.
            on-wrong: again

            question wrong
            ask: What does this print?
            ```python run
            print(2 ** 3)
            ```
            + 6
            - 8
            explain: Eight.
            hint: Two cubed.

            node again
            > Count once more.
            question retry
            ask: And this?
            ```python run
            print("a" * 2)
            ```
            + aa
            - a
            explain: Two a.
            hint: Repeat.
            """
        let course = try #require(DialogueParser().parse(text, file: "snip").course)
        let snippets = Self.snippets(in: course)
        #expect(snippets.map(\.place) == ["snip/right", "snip/retry", "snip/wrong"])
        #expect(snippets.map(\.expected) == [.rightOption("3"), .rightOption("aa"), .rightOption("6")])
        let problems = try snippets.map { Self.mismatch($0, printed: try Self.run($0)) }
        #expect(problems[0] == nil && problems[1] == nil)
        #expect(problems[2] == "snip/wrong: the right option is `6`, but python3 printed\n8")
    }
}
