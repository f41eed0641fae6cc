import Dialogue
import Foundation
import TestThreads
import Testing
import Tutoring
@testable import ProgressStore

/// Exercise outcomes in both stores: the learner's own runs of the checks are answer rows of
/// kind `exercise` (self-reported), the exercise's fold keeps its hints seen, and the class's
/// figures tell exercise XP apart and do not count exercises as quiz questions.
@Suite(.blockingThreads) struct ExerciseStoreTests {
    static let course: Course = DialogueParser().parse("""
        course ex
        title: Ex
        level: beginner
        summary: One exercise.

        lesson one
        title: One
        > A beat.
        takeaway: Remember one.
        question q1
        ask: Pick b.
        - a
        + b
        explain: Because b.
        hint: Not a.

        exercise double
        task: Write `double(x)`.
        file: double.py
        starter:
        ```python
        def double(x):
            ...
        ```
        check: double(2) is 4
        ```python
        assert double(2) == 4
        ```
        check: double(0) is 0
        ```python
        assert double(0) == 0
        ```
        hint: Multiply.
        hint: By two.
        solution:
        ```python
        def double(x):
            return 2 * x
        ```

        > After the exercise.
        """, file: "ex").course!

    let alice = LearnerID(uid: 1000)

    /// The quiz right at the first try, then the exercise: a failed check (its first hint
    /// comes with it), `hint` (the second), and a pass: its 20 XP.
    func walk(_ store: any ProgressStorage) throws -> Conversation {
        var conversation = Conversation(course: Self.course)
        let date = Date()
        func record(_ response: Response, opens: Bool = false) throws {
            try store.record([ProgressWrite(learner: alice, course: "ex", events: response.events, date: date, opensCourse: opens)])
        }
        try record(conversation.open(), opens: true)
        for input in ["", "", "b", ""] { try record(conversation.respond(to: input)) }
        try record(conversation.respond(checked: "double", passed: 1, total: 2))
        let beforeHint = conversation
        try record(conversation.respond(to: "hint"))
        #expect(conversation.progress.questions["double"]?.hintsSeen == 2 && beforeHint.progress.questions["double"]?.hintsSeen == 1)
        return conversation
    }

    @Test(arguments: StoreKind.allCases) func anExercisesStateIsStoredAsTheConversationHasIt(_ kind: StoreKind) throws {
        let directory = try TemporaryDirectory()
        let store = try kind.open(directory)
        let conversation = try walk(store)
        var stored = try #require(try store.progress(for: alice, course: "ex"))
        stored.startedAt = nil
        #expect(stored == conversation.progress)
        #expect(stored.questions["double"]?.hintsSeen == 2)
        #expect(stored.questions["double"]?.attempts == 1)
        // A resume from the store reopens the exercise with both hints seen.
        var resumed = Conversation(course: Self.course, progress: stored)
        let turns = resumed.open().turns
        #expect(turns.contains(.hint(number: 2, total: 2, text: "By two.")))
        #expect(turns.last == .expect(.exercise, exercise: "double"))
    }

    /// A pass after the model solution, stored: the exercise's row is passed (without XP), as
    /// the conversation has it, and a daemon that reads it back resumes after the exercise.
    @Test(arguments: StoreKind.allCases) func aPassAfterTheSolutionIsStoredAsPassed(_ kind: StoreKind) throws {
        let directory = try TemporaryDirectory()
        let store = try kind.open(directory)
        var conversation = try walk(store)
        for response in [conversation.respond(checked: "double", passed: 0, total: 2), conversation.respond(to: "solution"),
                         conversation.respond(checked: "double", passed: 2, total: 2)] {
            try store.record([ProgressWrite(learner: alice, course: "ex", events: response.events, date: Date())])
        }
        var stored = try #require(try store.progress(for: alice, course: "ex"))
        stored.startedAt = nil
        #expect(stored == conversation.progress)
        let record = stored.questions["double"]
        #expect(record?.isCorrect == true && record?.isRevealed == true && record?.attempts == 3 && record?.xp == 0)

        let object = try #require(try JSONSerialization.jsonObject(with: try store.export(alice)) as? [String: Any])
        let course = try #require((object["courses"] as? [[String: Any]])?.first)
        let questions = try #require(course["questions"] as? [[String: Any]])
        #expect(questions.first { $0["question"] as? String == "double" }?["correct"] as? Bool == true)

        var resumed = Conversation(course: Self.course, progress: stored)
        #expect(resumed.open().turns.last == .expect(.continue))
        #expect(resumed.openExercise == nil)
    }

    @Test(arguments: StoreKind.allCases) func exerciseRowsAreSelfReportedAndToldApart(_ kind: StoreKind) throws {
        let directory = try TemporaryDirectory()
        let store = try kind.open(directory)
        var conversation = try walk(store)
        let pass = conversation.respond(checked: "double", passed: 2, total: 2)
        try store.record([ProgressWrite(learner: alice, course: "ex", events: pass.events, date: Date())])

        let answers = try store.answers(for: alice, course: "ex")
        #expect(answers.map(\.kind) == [.quiz, .exercise, .exercise])
        #expect(answers.map(\.given) == ["b", "1/2", "2/2"])
        #expect(answers.last?.xp == 20)

        let object = try #require(try JSONSerialization.jsonObject(with: try store.export(alice)) as? [String: Any])
        let course = try #require((object["courses"] as? [[String: Any]])?.first)
        let exported = try #require(course["answers"] as? [[String: Any]])
        #expect(exported.map { $0["kind"] as? String } == ["quiz", "exercise", "exercise"])
        #expect(exported.map { $0["self_reported"] as? Bool } == [false, true, true])
        let questions = try #require(course["questions"] as? [[String: Any]])
        #expect(questions.first { $0["question"] as? String == "double" }?["kind"] as? String == "exercise")
        #expect(questions.first { $0["question"] as? String == "double" }?["hints_seen"] as? Int == 2)

        // The class's figures: all 30 XP, 20 of them from the exercise; one quiz question
        // tried, right at the first try; the exercise failed once is no weak quiz question.
        for since in [nil, Date(timeIntervalSinceNow: -3600)] {
            let totals = try #require(try store.learnerTotals(course: "ex", since: since, uid: nil, today: Date(timeIntervalSinceNow: 60)).first)
            #expect(totals.xp == 30 && totals.exerciseXP == 20, "since \(String(describing: since))")
            #expect(totals.firstTry == 1 && totals.questionsTried == 1)
        }
        #expect(try store.missedQuestions(course: nil, limit: 5).isEmpty)
    }
}
