import Dialogue
import LineProtocol
import Testing
@testable import Tutoring

/// The learner's own questions in the conversation, as values: when a line is a
/// question, that asking never moves the conversation or counts as an attempt, and what the
/// conversation tells the search about the learner.
@Suite struct AskTests {
    /// Records what it was asked and answers with one fixed passage (or none).
    final class RecordingAnswerer: CourseAnswering, @unchecked Sendable {
        var asked: [(question: String, answered: Set<String>, lessonAt: Int?, openQuiz: String?)] = []
        var found: [FoundPassage] = [FoundPassage(text: "Because b.", citation: Citation(
            course: "tiny", lesson: 2, lessons: 2, icon: nil, title: "Two", isAhead: true))]

        func answer(_ question: String, courses: Set<String>, answered: [String: Set<String>], lessonAt: [String: Int],
                    openQuiz: (course: String, question: String)?) -> [FoundPassage]? {
            asked.append((question, answered["tiny"] ?? [], lessonAt["tiny"], openQuiz?.question))
            return found
        }
    }

    @Test(arguments: [
        ("why is that?", true), ("What does the GIL protect", true), ("how do descriptors work", true),
        ("is it slow?", true), ("ok", false), ("next", false), ("why", false), ("__prepare__?", true), ("?", false),
        ("interesting.", false), ("can we go on", true), ("", false), ("how  come", false), ("what is", false),
        ("  what  is  it  ", true), ("is\tit\tso", false),
    ])
    func whatReadsAsAQuestion(_ line: String, _ isQuestion: Bool) {
        #expect(Conversation.isQuestion(line) == isQuestion)
    }

    @Test func aQuestionWhileWaitingToGoOnIsAnsweredAndNothingMoves() {
        let answerer = RecordingAnswerer()
        var conversation = Conversation(course: tinyCourse)
        conversation.answerer = answerer
        _ = conversation.open()
        let position = conversation.position
        let reply = conversation.respond(to: "why is that?")
        #expect(reply.turns.prefix(3) == [
            .answer("Because b."),
            .cite(Citation(course: "tiny", lesson: 2, lessons: 2, icon: nil, title: "Two", isAhead: true)),
            .tutor("To read it in its lesson: `goto 2` (ahead of you)."),
        ])
        #expect(reply.events.isEmpty)
        #expect(reply.expectation == .continue)
        #expect(conversation.position == position)
        #expect(answerer.asked.first?.lessonAt == 0 && answerer.asked.first?.openQuiz == nil)
    }

    @Test func atAQuizOnlyAskAsksAndItIsNoAttempt() {
        let answerer = RecordingAnswerer()
        var conversation = Conversation(course: tinyCourse)
        conversation.answerer = answerer
        for input in ["", "", "no", ""] { _ = conversation.respond(to: input) }  // at q1
        #expect(conversation.expectation == .answer)
        // A line ending in `?` at a quiz is an answer attempt: here it matches no option.
        let attempt = conversation.respond(to: "apple?")
        #expect(attempt.turns.contains { if case .answer = $0 { true } else { false } } == false)
        #expect(answerer.asked.isEmpty)
        let asked = conversation.respond(to: "ask why b?")
        #expect(asked.turns.first == .answer("Because b."))
        #expect(asked.turns.contains(.tutor("The quiz is still open: Pick b.")))
        #expect(asked.events.isEmpty && asked.expectation == .answer)
        #expect(conversation.progress.questions["q1"]?.attempts == nil)
        #expect(answerer.asked.last?.question == "why b?" && answerer.asked.last?.openQuiz == "q1")
        // Answered: its explanation may be quoted from now on.
        _ = conversation.respond(to: "b")
        _ = conversation.respond(to: "ask why b?")
        #expect(answerer.asked.last?.answered == ["q1"] && answerer.asked.last?.openQuiz == nil)
    }

    @Test func nothingFoundIsAPlainIDontKnow() {
        let answerer = RecordingAnswerer()
        answerer.found = []
        var conversation = Conversation(course: tinyCourse)
        conversation.answerer = answerer
        _ = conversation.open()
        #expect(conversation.respond(to: "how do I install numpy?").turns.first
                == .tutor("I don't know: I found nothing in the course that answers that. `lessons` lists what it covers."))
    }

    @Test func withoutASearchItSaysSoAndAnEmptyAskExplains() {
        var conversation = Conversation(course: tinyCourse)
        _ = conversation.open()
        #expect(conversation.respond(to: "ask why?").turns.first == .tutor("I cannot search the course here, so I cannot answer questions."))
        #expect(conversation.respond(to: "ask").turns.first == .tutor("Ask me about the course, for instance: `ask why does CPython have a GIL?`"))
    }

    @Test func passagesFromAnotherCourseSayHowToGetThere() {
        let found = [FoundPassage(text: "T.", citation: Citation(course: "other", lesson: 3, lessons: 5, icon: nil, title: "X", isAhead: false))]
        #expect(Conversation.answerTurns(found, currentCourse: "tiny", currentLesson: 1, scope: "any course").last
                == .tutor("To read it in its lesson: `start other` and `goto 3`."))
    }

    /// A withheld passage is a pointer to its lesson, not a quote; at an open quiz, where
    /// in the lesson; quoted and withheld ones side by side, one line per lesson.
    @Test func withheldPassagesArePointedTo() {
        let citation = { (lesson: Int) in Citation(course: "tiny", lesson: lesson, lessons: 9, icon: nil, title: "T", isAhead: true) }
        let found = [
            FoundPassage(text: "Secret.", citation: citation(7), withheld: .quizUnsettled),
            FoundPassage(text: "Quoted.", citation: citation(2)),
            FoundPassage(text: "Secret too.", citation: citation(7), withheld: .quizUnsettled),
        ]
        #expect(found[0].text.isEmpty)
        #expect(Conversation.answerTurns(found, currentCourse: "tiny", currentLesson: 1, scope: "the course") == [
            .answer("Quoted."), .cite(citation(2)),
            .tutor("To read it in its lesson: `goto 2` (ahead of you)."),
            .tutor("Lesson 7 covers this; `goto 7`."),
            .tutor("I don't quote what could give away a quiz you have not answered."),
        ])
        let atQuiz = [
            FoundPassage(text: "", citation: citation(3), withheld: .beforeOpenQuiz),
            FoundPassage(text: "", citation: citation(3), withheld: .afterOpenQuiz),
        ]
        #expect(Conversation.answerTurns(atQuiz, currentCourse: "tiny", currentLesson: 1, scope: "the course")
                == [.tutor("This lesson covers that later, after this quiz: answer it and read on.")])
        #expect(Conversation.answerTurns([atQuiz[0]], currentCourse: "tiny", currentLesson: 1, scope: "the course")
                == [.tutor("This lesson covers that before this quiz: look back up.")])
        #expect(Conversation.answerTurns([FoundPassage(text: "", citation: Citation(course: "other", lesson: 4, lessons: 5, icon: nil,
                                                                                     title: "X", isAhead: false), withheld: .quizUnsettled)],
                                         currentCourse: "tiny", currentLesson: 1, scope: "any course").first
                == .tutor("Lesson 4 of other covers this; `start other` and `goto 4`."))
    }

    /// The lesson pointed to is the one the learner is in; `goto` it would start
    /// it over, so the pointer says it is this lesson. Another course's lesson of the same
    /// number is still another lesson.
    @Test func aPointerToTheLessonTheLearnerIsInSaysSo() {
        let answerer = RecordingAnswerer()
        let here = Citation(course: "tiny", lesson: 1, lessons: 2, icon: nil, title: "One", isAhead: false)
        answerer.found = [FoundPassage(text: "", citation: here, withheld: .quizUnsettled)]
        var conversation = Conversation(course: tinyCourse)
        conversation.answerer = answerer
        _ = conversation.open()
        #expect(conversation.respond(to: "why is that?").turns.prefix(2) == [
            .tutor("The lesson you are in covers that: read on, or look back up."),
            .tutor("I don't quote what could give away a quiz you have not answered."),
        ])
        let elsewhere = FoundPassage(text: "", citation: Citation(course: "other", lesson: 1, lessons: 5, icon: nil, title: "X", isAhead: false),
                                     withheld: .quizUnsettled)
        #expect(Conversation.answerTurns([elsewhere], currentCourse: "tiny", currentLesson: 1, scope: "any course").first
                == .tutor("Lesson 1 of other covers this; `start other` and `goto 1`."))
        #expect(Conversation.answerTurns(answerer.found, currentCourse: "tiny", currentLesson: 2, scope: "the course").first
                == .tutor("Lesson 1 covers this; `goto 1`."))
    }
}
