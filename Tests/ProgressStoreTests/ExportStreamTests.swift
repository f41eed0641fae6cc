import Foundation
import Testing
import TestThreads
import Tutoring
@testable import ProgressStore

/// `export` read in pages (``ExportStream``) is the document `JSONEncoder` makes of the whole
/// ``ProgressExport``, byte for byte, in both stores, however small the pages; and it shows
/// progress as of its start.
@Suite(.blockingThreads) struct ExportStreamTests {
    let alice = LearnerID(uid: 1000)
    let bob = LearnerID(uid: 1001)
    let aliceAtWork = LearnerID(uid: 1000, profile: "work")

    /// The document as `export` wrote it before it streamed: the whole export, encoded once.
    func wholeDocument(_ store: any ProgressStorage, _ learner: LearnerID) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return String(decoding: try encoder.encode(try store.progressExport(learner)), as: UTF8.self)
    }

    func streamed(_ store: any ProgressStorage, _ learner: LearnerID, pageBytes: Int) throws -> (document: String, pieces: Int) {
        let stream = try store.exportStream(learner, pageBytes: pageBytes)
        var document = ""
        var pieces = 0
        while let piece = try stream.next() {
            document += piece
            pieces += 1
        }
        return (document, pieces)
    }

    /// `count` answers and review rows in `course`, with values JSON must escape.
    func history(_ learner: LearnerID, course: String, count: Int, from start: Int = 0) -> ProgressWrite {
        var events: [TutoringEvent] = []
        let givens = ["b", "a/b", "tab\there \"quoted\" \\ é 🐍", "DEL\u{7F} C1\u{85}", String(repeating: "x", count: 300)]
        for index in start..<(start + count) {
            let question = "q\(index % 3)"
            let given = givens[index % givens.count]
            events.append(.answerRecorded(AnswerRecord(lessonID: "one", questionID: question, given: given, isCorrect: index % 2 == 0,
                                                       attempt: index / 3 + 1, usedHint: index % 4 == 0)))
            events.append(.cardReviewed(CardReview(lessonID: "one", questionID: question, rating: [.again, .hard, .good, .easy][index % 4],
                                                   at: 1_760_000_000 + Int64(index) * 86_400, isReview: index > 2,
                                                   given: index % 5 == 3 ? nil : given, xp: index % 2)))
        }
        events.append(.positionMoved(CoursePosition(lessonID: "one", lessonIndex: 0, step: count % 3)))
        return ProgressWrite(learner: learner, course: course, events: events, date: Date(timeIntervalSince1970: 1_765_000_000),
                             opensCourse: true)
    }

    @Test(arguments: StoreKind.allCases) func theStreamedDocumentIsTheWholeOne(_ kind: StoreKind) throws {
        let directory = try TemporaryDirectory()
        let store = try kind.open(directory)
        // Interleaved learners and courses, so a page must keep to its learner and course.
        for round in 0..<3 {
            try store.record([history(alice, course: "tiny", count: 7, from: round * 7), history(bob, course: "tiny", count: 5),
                              history(alice, course: "b/other", count: 4, from: round * 4)])
        }
        try store.record([ProgressWrite(learner: alice, course: "started", events: [], date: Date(timeIntervalSince1970: 1_765_000_000),
                                        opensCourse: true)])
        try store.record([ProgressWrite(learner: alice, course: "tiny", events: [.lessonCompleted(lessonID: "one"), .courseCompleted],
                                        date: Date(timeIntervalSince1970: 1_765_100_000))])
        let nobody = LearnerID(uid: 4242)
        for learner in [alice, bob, aliceAtWork, nobody] {
            let whole = try wholeDocument(store, learner)
            for pageBytes in [1, 200, 32 * 1024] {
                let (document, pieces) = try streamed(store, learner, pageBytes: pageBytes)
                #expect(document == whole, "\(learner) in pages of \(pageBytes) bytes")
                if learner == alice && pageBytes == 1 { #expect(pieces > 60) }  // a row a page
            }
            #expect(String(decoding: try store.export(learner), as: UTF8.self) == whole)
        }
        let alices = try #require(try JSONSerialization.jsonObject(with: Data(try wholeDocument(store, alice).utf8)) as? [String: Any])
        let courses = try #require(alices["courses"] as? [[String: Any]])
        #expect(courses.map { $0["course"] as? String } == ["b/other", "started", "tiny"])
        #expect((courses[2]["answers"] as? [Any])?.count == 21 && (courses[2]["cards"] as? [Any])?.count == 3)
    }

    /// Pages stop at the newest rows when the export began: what is written after it is not
    /// in it, and the document is still whole.
    @Test(arguments: StoreKind.allCases) func theDocumentShowsProgressAsOfItsStart(_ kind: StoreKind) throws {
        let directory = try TemporaryDirectory()
        let store = try kind.open(directory)
        try store.record([history(alice, course: "tiny", count: 10)])
        let before = try wholeDocument(store, alice)
        let stream = try store.exportStream(alice, pageBytes: 1)
        var document = try #require(try stream.next())
        try store.record([history(alice, course: "tiny", count: 10, from: 10)])
        while let piece = try stream.next() { document += piece }
        #expect(document == before)
        #expect(try wholeDocument(store, alice) != before)
    }
}
