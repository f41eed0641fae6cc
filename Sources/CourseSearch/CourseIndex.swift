import Dialogue
import Foundation
import GRDB

/// A full-text index of the passages of some courses: SQLite FTS5 in memory (porter stemming
/// over unicode61 words, bm25 ranking), built when the courses load and never written after.
///
/// Columns, weighed in this order: the lesson's title (every passage of the lesson carries it),
/// a takeaway's text, a beat's or explanation's text, and the joined identifiers (`loadfast`
/// for `LOAD_FAST`). Titles and takeaways weigh more than plain beats.
public final class CourseIndex: Sendable {
    public let passages: [Passage]
    private let queue: DatabaseQueue

    /// bm25 weights of the title, heading (takeaway), body and terms columns.
    static let weights = "4.0, 3.0, 1.0, 2.0"

    /// Builds the index of `courses`.
    /// - Throws: ``SearchUnavailable`` when the SQLite in this build has no FTS5.
    public init(courses: [Course]) throws {
        passages = courses.flatMap(Passage.all(in:))
        do {
            queue = try DatabaseQueue()
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
        } catch let error as DatabaseError where error.message?.contains("fts5") == true {
            throw SearchUnavailable(description: "this build's SQLite has no FTS5 (\(error.message ?? "")); `ask` cannot search")
        }
    }

    /// Whether the SQLite linked into this build has FTS5 (said at start-up when it has not).
    public static var isAvailable: Bool {
        (try? DatabaseQueue().read { db in
            try String.fetchAll(db, sql: "PRAGMA compile_options").contains("ENABLE_FTS5")
        }) ?? false
    }

    /// One passage that matched, with its bm25 score (higher is better here) and its text with
    /// the matched words between `\u{1}` and `\u{2}`.
    public struct Hit: Sendable, Equatable {
        public var passage: Int
        public var score: Double
        public var highlighted: String
    }

    /// The passages matching any of `terms`, best first.
    public func rank(_ terms: [SearchTerms.Term]) throws -> [Hit] {
        guard !terms.isEmpty else { return [] }
        let query = terms.map(Self.expression).joined(separator: " OR ")
        return try queue.read { db in
            try Row.fetchAll(db, sql: """
                SELECT rowid, -bm25(passage, \(Self.weights)) AS score,
                       highlight(passage, 1, char(1), char(2)) AS heading, highlight(passage, 2, char(1), char(2)) AS body
                FROM passage WHERE passage MATCH ? ORDER BY score DESC LIMIT 100
                """, arguments: [query]).map { row in
                let heading: String = row["heading"]
                return Hit(passage: row["rowid"], score: row["score"], highlighted: heading.isEmpty ? row["body"] : heading)
            }
        }
    }

    /// The passages that contain `term`: anywhere (their lesson's title included), or in their
    /// own text only.
    public func passages(matching term: SearchTerms.Term, inOwnText: Bool = false) throws -> Set<Int> {
        let expression = inOwnText ? "{heading body terms} : (\(Self.expression(term)))" : Self.expression(term)
        return try queue.read { db in
            Set(try Int.fetchAll(db, sql: "SELECT rowid FROM passage WHERE passage MATCH ?", arguments: [expression]))
        }
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
