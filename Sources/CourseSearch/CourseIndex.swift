import Dialogue
import Foundation
import GRDB
import Synchronization

/// A full-text index of the passages of some courses: SQLite FTS5 in memory (porter stemming
/// over unicode61 words, bm25 ranking), built when the courses load and never written after.
///
/// Columns, weighed in this order: the lesson's title (every passage of the lesson carries it),
/// a takeaway's text, a beat's or explanation's text, and the joined identifiers (`loadfast`
/// for `LOAD_FAST`). Titles and takeaways weigh more than plain beats.
public final class CourseIndex: Sendable {
    public let passages: [Passage]
    /// Per course id, the ids of each lesson's quizzes, lesson by lesson: a lesson is quoted
    /// only once the learner has settled all of them.
    public let quizzes: [String: [[String]]]
    /// Per course id, the right answer of each quiz: a passage that says one is not quoted
    /// while that quiz is unsettled.
    let quizAnswers: [String: [QuizAnswer]]
    /// Per course id, where each quiz is: its lesson (0-based) and step in the lesson.
    private let quizPlaces: [String: [String: (lesson: Int, step: Int)]]
    /// Copies of the index, one per core: a `DatabaseQueue` serves one reader at a time, and
    /// `ask` runs on the daemon's learner pool, whose threads may all be asking at once (more
    /// copies than cores would not answer faster).
    private let queues: [DatabaseQueue]
    private let next = Atomic<Int>(0)
    /// Which passages contain a term, kept once asked: the index never changes, and learners'
    /// questions share their words. Bounded: emptied when it grows past `cacheLimit`.
    private let termCache = Mutex<[String: Set<Int>]>([:])
    static let cacheLimit = 20_000

    /// bm25 weights of the title, heading (takeaway), body and terms columns.
    static let weights = "4.0, 3.0, 1.0, 2.0"

    /// Builds the index of `courses`.
    /// - Throws: ``SearchUnavailable`` when the SQLite in this build has no FTS5.
    public init(courses: [Course], copies: Int = ProcessInfo.processInfo.activeProcessorCount) throws {
        let passages = courses.flatMap(Passage.all(in:))
        self.passages = passages
        // A lesson waits for its main-flow quizzes only: a retry question is met only after a
        // miss, and its lesson would stay withheld for everyone who never missed.
        quizzes = Dictionary(courses.map { course in (course.id, course.lessons.map { $0.questions.map(\.id) }) },
                             uniquingKeysWith: { first, _ in first })
        // Retry questions too: their answers are not quoted until they are settled.
        quizAnswers = Dictionary(courses.map { course in
            (course.id, course.allQuestions.map { QuizAnswer(quiz: $0.id, answer: $0.correctAnswerText) })
        }, uniquingKeysWith: { first, _ in first })
        var places: [String: [String: (lesson: Int, step: Int)]] = [:]
        for course in courses where places[course.id] == nil {
            for (lesson, content) in course.lessons.enumerated() {
                for (step, item) in content.steps.enumerated() {
                    guard case .question(let quiz) = item else { continue }
                    places[course.id, default: [:]][quiz.id] = (lesson, step)
                    // A retry question is open where the question it replaces stands.
                    if let retry = content.retryQuestion(after: quiz) { places[course.id, default: [:]][retry.id] = (lesson, step) }
                }
            }
        }
        quizPlaces = places
        do {
            queues = try (0..<max(1, copies)).map { _ in try Self.build(passages) }
        } catch let error as DatabaseError where error.message?.contains("fts5") == true {
            throw SearchUnavailable(description: "this build's SQLite has no FTS5 (\(error.message ?? "")); `ask` cannot search")
        }
    }

    private static func build(_ passages: [Passage]) throws -> DatabaseQueue {
            let queue = try DatabaseQueue()
            try queue.write { db in
                try db.execute(sql: """
                    CREATE VIRTUAL TABLE passage USING fts5(title, heading, body, terms, tokenize = 'porter unicode61 remove_diacritics 2')
                    """)
                for (row, passage) in passages.enumerated() {
                    let isTakeaway = passage.kind == .takeaway
                    try db.execute(
                        sql: "INSERT INTO passage (rowid, title, heading, body, terms) VALUES (?, ?, ?, ?, ?)",
                        arguments: [row, passage.lessonTitle, isTakeaway ? passage.text : "", isTakeaway ? "" : passage.text,
                                    SearchTerms.joinedIdentifiers(in: passage.lessonTitle + " " + passage.text).joined(separator: " ")])
                }
            }
            return queue
    }

    /// Where the quiz `id` of `course` is: its lesson (0-based) and step; `nil` if there is none.
    public func quizStep(_ id: String, course: String) -> (lesson: Int, step: Int)? {
        quizPlaces[course]?[id]
    }

    /// Reads from one of the copies, in turn.
    private func read<T>(_ body: (Database) throws -> T) throws -> T {
        let index = next.add(1, ordering: .relaxed).oldValue
        return try queues[abs(index % queues.count)].read(body)
    }

    /// One passage that matched, with its bm25 score (higher is better here).
    public struct Hit: Sendable, Equatable {
        public var passage: Int
        public var score: Double
    }

    /// The passages matching any of `terms`, best first.
    public func rank(_ terms: [SearchTerms.Term]) throws -> [Hit] {
        guard !terms.isEmpty else { return [] }
        let query = Self.query(terms)
        return try read { db in
            try Row.fetchAll(db.cachedStatement(sql: """
                SELECT rowid, -bm25(passage, \(Self.weights)) AS score FROM passage WHERE passage MATCH ?
                ORDER BY score DESC LIMIT 100
                """), arguments: [query]).map { row in Hit(passage: row["rowid"], score: row["score"]) }
        }
    }

    /// The text of passages with the words that match `terms` between `\u{1}` and `\u{2}`
    /// (for choosing a snippet); asked only for the few passages an answer shows.
    public func highlighted(_ rows: [Int], _ terms: [SearchTerms.Term]) throws -> [Int: String] {
        guard !rows.isEmpty else { return [:] }
        let query = Self.query(terms)
        return try read { db in
            var texts: [Int: String] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT rowid, highlight(passage, 1, char(1), char(2)) AS heading, highlight(passage, 2, char(1), char(2)) AS body
                FROM passage WHERE passage MATCH ? AND rowid IN (\(rows.map(String.init).joined(separator: ",")))
                """, arguments: [query]) {
                let heading: String = row["heading"]
                texts[row["rowid"]] = heading.isEmpty ? row["body"] : heading
            }
            return texts
        }
    }

    /// The passages that contain `term`: anywhere (their lesson's title included), or in their
    /// own text only.
    public func passages(matching term: SearchTerms.Term, inOwnText: Bool = false) throws -> Set<Int> {
        let expression = inOwnText ? "{heading body terms} : (\(Self.expression(term)))" : Self.expression(term)
        if let cached = termCache.withLock({ $0[expression] }) { return cached }
        let rows = try read { db in
            Set(try Int.fetchAll(db.cachedStatement(sql: "SELECT rowid FROM passage WHERE passage MATCH ?"), arguments: [expression]))
        }
        termCache.withLock { cache in
            if cache.count >= Self.cacheLimit { cache.removeAll() }
            cache[expression] = rows
        }
        return rows
    }

    static func query(_ terms: [SearchTerms.Term]) -> String {
        terms.map(expression).joined(separator: " OR ")
    }

    /// A term as an FTS5 query: the words as a phrase, or the joined identifier in `terms`.
    static func expression(_ term: SearchTerms.Term) -> String {
        let phrase = "\"" + term.words.joined(separator: " ") + "\""
        guard let joined = term.joined else { return phrase }
        return "(\(phrase) OR terms : \"\(joined)\")"
    }
}

/// FTS5 is missing from the SQLite this tutord was built with.
public struct SearchUnavailable: Error, CustomStringConvertible {
    public var description: String
}
