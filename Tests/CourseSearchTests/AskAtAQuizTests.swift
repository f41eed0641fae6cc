import Testing
@testable import CourseSearch

/// Where in the open quiz's lesson a passage is, and a review card's lesson.
@Suite struct AskAtAQuizTests {
    static let course = AskWithholdingTests.courses[0]
    static let id = course.id

    @Test func atTheMetaclassLessonsFirstQuizAMetaclassIsCoveredLater() throws {
        let question = CourseAnswerer.Question(text: "how do I write a metaclass", courses: [Self.id], answered: [:],
                                               lessonAt: [Self.id: 3], openQuiz: (Self.id, "metaclass-order"))
        let found = try AskWithholdingTests.answerer.answer(question)
        #expect(!found.isEmpty)
        #expect(found.allSatisfy { $0.withheld != nil && $0.snippet.isEmpty })
        #expect(found.contains { $0.passage.lessonIndex == 3 && $0.withheld == .afterOpenQuiz })
    }

    @Test func aReviewCardsLessonIsNotQuotedThoughItIsSettled() throws {
        let all = Set(Self.course.questions.map(\.id))
        var question = CourseAnswerer.Question(text: "what is __prepare__ for?", courses: [Self.id], answered: [Self.id: all],
                                               lessonAt: [Self.id: 9])
        #expect(try AskWithholdingTests.answerer.answer(question).first?.withheld == nil)
        question.openQuiz = (Self.id, "metaclass-namespace")
        let found = try AskWithholdingTests.answerer.answer(question)
        #expect(!found.isEmpty && found.allSatisfy { $0.withheld == .quizUnsettled })
    }
}
