import Tutoring

/// The reads of a streamed export, each a short read of its own (no transaction spans two):
/// what a store's ``ProgressTables`` give ``ExportStream``.
protocol ExportPageReading: Sendable {
    func exportHead(_ learner: LearnerID) throws(StoreError) -> ExportHead
    /// Up to `limit` answers of a course with ids in `after + 1 ... through`, by id.
    func answerPage(_ learnerRow: Int64, _ course: String, after: Int64, through: Int64,
                    limit: Int) throws(StoreError) -> [(id: Int64, answer: CourseProgressExport.Answer)]
    /// Up to `limit` review log rows of a course with ids in `after + 1 ... through`, by id.
    func reviewPage(_ learnerRow: Int64, _ course: String, after: Int64, through: Int64,
                    limit: Int) throws(StoreError) -> [(id: Int64, review: CardReview)]
}
