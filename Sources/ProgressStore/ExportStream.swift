import Foundation
import Synchronization
import Tutoring

/// A learner's export (``ProgressExport``) as the same JSON document, produced in pieces of
/// about ``pageBytes`` each, so that memory stays bounded whatever the learner's history:
/// `export` writes a piece only when its client has read the one before.
///
/// The head of the document (courses, positions, questions, completed lessons, study days) is
/// one read when the stream is made. Answers and review logs are then read in pages, keyset on
/// `id`, each page a short read of its own: no transaction is held between pages (a client that
/// does not read pins neither SQLite's log nor a PostgreSQL snapshot). Pages stop at the newest
/// ids when the export began, so the document shows progress as of its start, except that rows
/// a `reset` deletes meanwhile may be missing. A course's `cards` (the FSRS fold of its review
/// log) come before its `reviews` in the document: a first pass over the review pages folds
/// them without keeping the rows (a card per question).
///
/// Joined, the pieces are byte for byte what `JSONEncoder` (keys sorted, ISO 8601 dates,
/// slashes unescaped) makes of the whole ``ProgressExport``: each value is encoded by that
/// encoder, and the objects around the pages are cut from its encoding of them with empty
/// `answers` and `reviews`.
///
/// One caller at a time is expected; calls from several threads are serialised.
public final class ExportStream: Sendable {
    /// About how many bytes of rows a piece holds: the row limit of a page is this over the
    /// largest row size seen so far (a page's bytes over its rows).
    public let pageBytes: Int
    private let reader: any ExportPageReading
    private let head: ExportHead
    private let state: Mutex<State>

    private struct State: Sendable {
        var step = Step.start
        /// Rows per page, from the largest row size seen so far; few before any is seen.
        var rowLimit = 4
        var largestRow = 0
        /// The fold of the current course's review log, for its cards.
        var fold = LearnerProgress()
        /// The current course with its cards, once they are folded.
        var course: CourseProgressExport?

        /// A page of `rows` rows took `bytes`: the next pages hold as many rows as fit in
        /// `pageBytes` at the largest row size seen (a page's average), at most 512.
        mutating func measure(_ bytes: Int, rows: Int, pageBytes: Int) {
            largestRow = max(largestRow, bytes / max(rows, 1) + 1)
            rowLimit = min(max(pageBytes / largestRow, 1), 512)
        }
    }

    private enum Step: Sendable {
        case start
        /// The course's answers after this id.
        case answers(course: Int, after: Int64)
        /// The course's review log after this id, folded into its cards.
        case cards(course: Int, after: Int64)
        /// The course's review log after this id, written.
        case reviews(course: Int, after: Int64)
        case end
        case done
    }

    /// Reads the head of `learner`'s export.
    init(_ learner: LearnerID, reader: any ExportPageReading, pageBytes: Int) throws(StoreError) {
        self.reader = reader
        self.pageBytes = pageBytes
        head = try reader.exportHead(learner)
        state = Mutex(State())
    }

    /// The next piece of the document: at most one page read, so it may be empty (a page of
    /// the review log folded into cards); `nil` once the document is complete.
    public func next() throws(StoreError) -> String? {
        try state.withLock { state throws(StoreError) -> String? in
            var piece = ""
            var read = false
            while true {
                switch state.step {
                case .start:
                    let courses = head.learnerRow == nil ? [] : head.document.courses
                    piece += try documentParts()[0] + "["
                    state.step = courses.isEmpty ? .end : .answers(course: 0, after: 0)
                    if !courses.isEmpty { piece += try opening(of: 0) }
                case .answers(let index, let after):
                    if read { return piece }
                    read = true
                    let limit = state.rowLimit
                    let page = try reader.answerPage(head.learnerRow ?? 0, head.document.courses[index].course, after: after,
                                                     through: head.newestAnswer, limit: limit)
                    piece += try Self.rows(page.map(\.answer), following: after > 0, measuring: &state, pageBytes: pageBytes)
                    if let last = page.last, page.count == limit {
                        state.step = .answers(course: index, after: last.id)
                    } else {
                        piece += "]"
                        state.fold = LearnerProgress()
                        state.step = .cards(course: index, after: 0)
                    }
                case .cards(let index, let after):
                    if read { return piece }
                    read = true
                    let limit = state.rowLimit
                    let page = try reader.reviewPage(head.learnerRow ?? 0, head.document.courses[index].course, after: after,
                                                     through: head.newestReview, limit: limit)
                    for row in page { state.fold.apply(.cardReviewed(row.review)) }
                    if let last = page.last, page.count == limit {
                        state.step = .cards(course: index, after: last.id)
                    } else {
                        var course = head.document.courses[index]
                        course.cards = CourseProgressExport.cards(of: state.fold)
                        state.fold = LearnerProgress()
                        state.course = course
                        piece += try Self.parts(of: course, cutAt: ["answers", "reviews"])[1] + "["
                        state.step = .reviews(course: index, after: 0)
                    }
                case .reviews(let index, let after):
                    if read { return piece }
                    read = true
                    let limit = state.rowLimit
                    let page = try reader.reviewPage(head.learnerRow ?? 0, head.document.courses[index].course, after: after,
                                                     through: head.newestReview, limit: limit)
                    piece += try Self.rows(page.map { CourseProgressExport.Review($0.review) }, following: after > 0,
                                           measuring: &state, pageBytes: pageBytes)
                    if let last = page.last, page.count == limit {
                        state.step = .reviews(course: index, after: last.id)
                    } else {
                        piece += "]" + (try Self.parts(of: state.course ?? head.document.courses[index], cutAt: ["answers", "reviews"])[2])
                        state.course = nil
                        if index + 1 < head.document.courses.count {
                            piece += "," + (try opening(of: index + 1))
                            state.step = .answers(course: index + 1, after: 0)
                        } else {
                            state.step = .end
                        }
                    }
                case .end:
                    piece += "]" + (try documentParts()[1])
                    state.step = .done
                case .done:
                    return piece.isEmpty ? nil : piece
                }
            }
        }
    }

    /// The document around its courses: before their `[`, and after their `]`.
    private func documentParts() throws(StoreError) -> [String] {
        var document = head.document
        document.courses = []
        return try Self.parts(of: document, cutAt: ["courses"])
    }

    /// A course's object up to its answers, and the answers' `[`.
    private func opening(of index: Int) throws(StoreError) -> String {
        try Self.parts(of: head.document.courses[index], cutAt: ["answers", "reviews"])[0] + "["
    }

    /// A page of rows as array elements: after a comma if rows came before it.
    private static func rows(_ page: [some Encodable], following: Bool, measuring state: inout State,
                             pageBytes: Int) throws(StoreError) -> String {
        guard !page.isEmpty else { return "" }
        let array = try json(page)
        state.measure(array.utf8.count, rows: page.count, pageBytes: pageBytes)
        return (following ? "," : "") + String(array.dropFirst().dropLast())
    }

    /// `value`'s encoding cut at the empty arrays of `keys`, in this order: the text before
    /// each `[]` (its key included), and after the last. Inside an encoded string every quote
    /// is escaped, so `"key":[]` is found only as a key.
    private static func parts(of value: some Encodable, cutAt keys: [String]) throws(StoreError) -> [String] {
        var rest = try json(value)[...]
        var parts: [String] = []
        for key in keys {
            let marker = "\"\(key)\":"
            guard let found = rest.range(of: marker + "[]") else {
                throw StoreError(.io, "cannot encode the export: no empty \(key) where expected")
            }
            parts.append(String(rest[..<found.lowerBound]) + marker)
            rest = rest[found.upperBound...]
        }
        parts.append(String(rest))
        return parts
    }

    /// How `export` has always written its JSON: keys sorted, ISO 8601 dates, slashes as they are.
    static func json(_ value: some Encodable) throws(StoreError) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        do {
            return String(decoding: try encoder.encode(value), as: UTF8.self)
        } catch {
            throw StoreError(.io, "cannot encode the export: \(error)")
        }
    }
}
