import Tutoring

/// The first read of a streamed export (``ExportStream``): the document without answers,
/// review logs and cards (what the courses' sizes bound), and the newest answer and review
/// ids when the export began, which bound the pages read after it.
struct ExportHead: Sendable {
    var document: ProgressExport
    /// The learner's row, or `nil` for a learner who never wrote anything.
    var learnerRow: Int64?
    var newestAnswer: Int64 = 0
    var newestReview: Int64 = 0
}
