import Foundation
import SpacedReview
import TestThreads
import Testing
import Tutoring
@testable import ProgressStore

/// What the daemon's limits on a learner's stored volume rest on: an answer's text is stored
/// cut to ``StoredAnswerText/maxScalars``, and the rows every answer adds are counted per
/// course in one read, in both stores.
@Suite(.blockingThreads) struct StoredVolumeTests {
    let alice = LearnerID(uid: 1000)
    let bob = LearnerID(uid: 1001)

    func answer(_ given: String, attempt: Int = 1) -> TutoringEvent {
        .answerRecorded(AnswerRecord(lessonID: "one", questionID: "q1", given: given, isCorrect: false, attempt: attempt, usedHint: false))
    }

    func graded(_ given: String?) -> TutoringEvent {
        .cardReviewed(CardReview(lessonID: "one", questionID: "q1", rating: .again, at: 1_800_000_000, isReview: false, given: given))
    }

    @Test func aLongAnswerIsCutBetweenScalarsWithAMark() {
        #expect(StoredAnswerText.capped("short") == "short")
        let exact = String(repeating: "x", count: StoredAnswerText.maxScalars)
        #expect(StoredAnswerText.capped(exact) == exact)
        #expect(StoredAnswerText.capped(exact + "y") == String(repeating: "x", count: 255) + "…")
        // Four-byte scalars stay whole: the cut falls between them, and the result is 256 scalars.
        let emoji = StoredAnswerText.capped(String(repeating: "😀", count: 1000))
        #expect(emoji == String(repeating: "😀", count: 255) + "…")
        #expect(emoji.unicodeScalars.count == 256 && emoji.utf8.count == 255 * 4 + 3)
        // A combining mark is a scalar of its own: a character may lose its accent at the cut,
        // never leave half a scalar behind.
        let accents = StoredAnswerText.capped(String(repeating: "e\u{301}", count: 200))
        #expect(accents.unicodeScalars.count == 256 && accents.hasSuffix("e…"))
    }

    @Test(arguments: StoreKind.allCases) func answersAndGradingsAreStoredCapped(_ kind: StoreKind) throws {
        let directory = try TemporaryDirectory()
        let store = try kind.open(directory)
        let long = String(repeating: "z", count: 4000)
        try store.record([ProgressWrite(learner: alice, course: "tiny", events: [graded(long), answer(long), answer("b", attempt: 2)],
                                        date: Date(), opensCourse: true)])
        let capped = String(repeating: "z", count: 255) + "…"
        #expect(try store.answers(for: alice, course: "tiny").map(\.given) == [capped, "b"])
        let export = try store.progressExport(alice)
        #expect(export.courses.first?.reviews.map(\.given) == [capped])
        #expect(export.courses.first?.answers.map(\.given) == [capped, "b"])
    }

    @Test(arguments: StoreKind.allCases) func growingRowsAreCountedPerCourseAndAResetForgetsThem(_ kind: StoreKind) throws {
        let directory = try TemporaryDirectory()
        let store = try kind.open(directory)
        #expect(try store.growingRows(for: alice) == [:])
        let date = Date()
        let writes = [
            ProgressWrite(learner: alice, course: "tiny", events: [graded("a"), answer("a"), answer("a", attempt: 2)], date: date, opensCourse: true),
            ProgressWrite(learner: alice, course: "other", events: [answer("x")], date: date, opensCourse: true),
            ProgressWrite(learner: alice, course: "other", events: [graded(nil)], date: date),
            ProgressWrite(learner: bob, course: "tiny", events: [answer("b")], date: date, opensCourse: true),
        ]
        #expect(writes.map(\.growingRows) == [3, 1, 1, 1])
        try store.record(writes)
        #expect(try store.growingRows(for: alice) == ["tiny": 3, "other": 2])
        #expect(try store.growingRows(for: bob) == ["tiny": 1])
        try store.reset(alice, course: "tiny")
        #expect(try store.growingRows(for: alice) == ["other": 2])
    }
}
