import CourseCatalog
import Dialogue
import LineProtocol
import Testing
@testable import tutord_bench

/// The class's learners answer from the course file, whatever order the options come in.
@Suite struct ClassLearnerTests {
    static func course() throws -> Course {
        guard case .success(let bytes) = CourseFiles.read(file: "Dialogues/cpython-internals.dialogue"),
              let course = DialogueParser().parse(bytes, file: "cpython-internals").course else {
            throw BenchError("cannot read the course")
        }
        return course
    }

    static func reply(_ lines: [String]) -> Reply {
        var reader = ReplyReader()
        for line in lines {
            if let reply = reader.feed(Substring(line)) { return reply }
        }
        fatalError("no final line")
    }

    /// gil-why's right option is the second in the file; here it is shown third.
    static let shuffledQuiz = reply([
        "quiz: What is the best-known reason CPython has a GIL?",
        "option: 1 To stop a program from starting more threads than it has cores.",
        "option: 2 To let threads run Python code on several cores at the same time.",
        "option: 3 To keep reference counts safe when threads change them at once.",
        "expect: answer gil-why", "OK",
    ])

    @Test func rightAndWrongAnswersComeFromTheCourse() throws {
        var answers: Set<String> = []
        for seed in 0..<40 {
            var learner = ClassLearner(course: try Self.course(), profile: "t", seed: UInt64(seed))
            learner.read(Self.shuffledQuiz)
            // Until the right answer: hints and at most one wrong answer.
            for _ in 0..<6 {
                let (line, kind) = learner.next()
                guard kind == .answer else { continue }
                answers.insert(line)
                if line == "answer gil-why 3" { break }
                learner.read(Self.reply(["verdict: incorrect", "expect: answer gil-why", "OK"]))
            }
        }
        #expect(answers.contains("answer gil-why 3"))
        #expect(answers.isSubset(of: ["answer gil-why 1", "answer gil-why 2", "answer gil-why 3"]))
        #expect(answers.count > 1, "some learners answer wrong first")
    }

    @Test func aLearnerGoesOnAndAnswersAReviewCard() throws {
        var learner = ClassLearner(course: try Self.course(), profile: "t", seed: 1)
        learner.read(Self.reply(["tutor: Hello.", "expect: continue", "OK"]))
        let kinds = (0..<50).map { _ in learner.next().kind }
        #expect(kinds.filter { $0 == .turn }.count > 40)
        learner.read(Self.reply(["review: 1/3"] + Array(Self.shuffledQuiz.lines.map { "\($0.key): \($0.text)" }) + ["OK"]))
        let answer = learner.next()
        #expect(answer.line == "answer gil-why 3")
        learner.read(Self.reply(["verdict: correct", "expect: continue", "OK"]))
        let stop = learner.next()
        #expect(stop == ("stop", .review))
    }
}
