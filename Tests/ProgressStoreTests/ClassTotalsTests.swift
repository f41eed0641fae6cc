import Foundation
import Synchronization
import TestThreads
import Testing
import Tutoring
@testable import ProgressStore

/// A class's totals (`leaderboard`, `report`) are read with a fixed number of queries, and
/// say for every learner what the learner's own reads say.
@Suite(.blockingThreads) struct ClassTotalsTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    let day = 86_400.0

    /// Learner `index` of a class: a course walked over a few days (how many, and which, vary
    /// with the index), right or wrong at the first try; every third learner has begun a
    /// second course too.
    func study(_ index: Int, _ store: any ProgressStorage) throws {
        let learner = LearnerID(uid: 3000 + UInt32(index % 7), profile: "p\(index)")
        let offsets = Set([index % 5 + 3, index % 3 + 1, index % 2]).sorted(by: >)
        let dates = offsets.map { now.addingTimeInterval(-Double($0) * day) }
        let inputs = ["", "", index % 2 == 0 ? "b" : "a", "b", "", "", index % 3 == 0 ? "x" : "y", "y"].prefix(3 + index % 6)
        var conversation = Conversation(course: storeCourse, progress: LearnerProgress())
        var writes = [ProgressWrite(learner: learner, course: "tiny", events: conversation.open().events, date: dates[0], opensCourse: true)]
        for (number, input) in inputs.enumerated() {
            writes.append(ProgressWrite(learner: learner, course: "tiny", events: conversation.respond(to: input).events,
                                        date: dates[number * dates.count / inputs.count]))
        }
        if index % 3 == 0 {
            writes += writes.prefix(4).map { write in
                var other = write
                other.course = "other"
                return other
            }
        }
        try store.record(writes)
    }

    /// What the learner's own reads say their totals are, in one course or in all.
    func ownTotals(_ learner: LearnerID, course: String?, since: Date?, _ store: any ProgressStorage) throws -> [Int] {
        var totals = [0, 0, 0, 0]
        for course in course.map({ [$0] }) ?? ["tiny", "other"] {
            guard let progress = try store.progress(for: learner, course: course) else { continue }
            let xp = try since.map { since in
                try store.answers(for: learner, course: course).filter { $0.answeredAt >= since }.map(\.xp).reduce(0, +)
            } ?? progress.xp
            let own = [xp, progress.completedLessons.count, progress.questions.values.filter(\.isCorrectOnFirstTry).count,
                       progress.questions.values.filter { $0.attempts > 0 || $0.isRevealed }.count]
            totals = zip(totals, own).map { $0 + $1 }
        }
        return totals + [try store.streak(for: learner, today: now)]
    }

    @Test(arguments: StoreKind.allCases) func theTotalsOfManyLearnersAreEachLearnersOwn(_ kind: StoreKind) throws {
        let directory = try TemporaryDirectory()
        let store = try kind.open(directory)
        for index in 0..<30 { try study(index, store) }
        for since in [nil, now.addingTimeInterval(-2 * day)] {
            for course in [nil, "tiny", "other"] {
                for uid: UInt32? in [nil, 3002] {
                    let totals = try store.learnerTotals(course: course, since: since, uid: uid, today: now)
                    let expected = try store.learners().filter { learner in
                        try uid.map { $0 == learner.uid } ?? true && course.map { try store.progress(for: learner, course: $0) != nil } ?? true
                    }
                    #expect(totals.map(\.learner) == expected)
                    for total in totals {
                        let own = try ownTotals(total.learner, course: course, since: since, store)
                        #expect([total.xp, total.lessonsDone, total.firstTry, total.questionsTried, total.streak] == own, "\(total.learner)")
                    }
                    if uid == nil { #expect(Set(totals.map(\.streak)).count > 1 && Set(totals.map(\.xp)).count > 1) }
                }
            }
        }
    }

    @Test(arguments: StoreKind.allCases) func aClassTakesAsManyQueriesWhateverItsSize(_ kind: StoreKind) throws {
        let directory = try TemporaryDirectory()
        let store = try kind.open(directory)
        for index in 0..<2 { try study(index, store) }
        let few = try queries(store) { _ = try store.learnerTotals(course: nil, since: nil, uid: nil, today: now) }
        for index in 2..<40 { try study(index, store) }
        let many = try queries(store) { _ = try store.learnerTotals(course: nil, since: nil, uid: nil, today: now) }
        #expect(few == many)
        #expect(try store.learnerTotals(course: nil, since: nil, uid: nil, today: now).count == 40)
    }

    /// The queries the store's reads ran during `body`.
    func queries(_ store: any ProgressStorage, _ body: () throws -> Void) throws -> Int {
        func count() throws -> Int {
            if let store = store as? SQLiteProgressStore { return store.tables.queriesRead.load(ordering: .relaxed) }
            if let store = store as? PostgresProgressStore { return store.tables.queriesRead.load(ordering: .relaxed) }
            throw StoreError(.io, "a store the test does not know")
        }
        let before = try count()
        try body()
        return try count() - before
    }
}
