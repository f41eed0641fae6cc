import Tutoring

/// The rows of a learner's that every answer adds to (`answer` and `review_log`), counted per
/// course: what the daemon's cap on a learner's stored volume counts.
extension ProgressTables {
    /// course → answers plus review gradings stored, for every course the learner has any in.
    /// One query over both tables' `(learner_id, course)` indexes.
    func growingRows(for learner: LearnerID) throws(StoreError) -> [String: Int] {
        try dialect.read { connection throws(StoreError) in
            guard let id = try query(sql.learnerID, [dialect.key(ofUser: learner.uid), .text(learner.profile)], on: connection)
                .first?.first?.int64 else { return [:] }
            var counts: [String: Int] = [:]
            for row in try query(growingRowsStatement, [.integer(id), .integer(id)], on: connection) {
                counts[row[0].text] = row[1].int
            }
            return counts
        }
    }
}

/// learner id (twice) → course, rows. Declared once, here (a generic type has no static
/// stored properties): every ``StoreSQL`` takes a slot.
private let growingRowsStatement = StoreSQL("""
    SELECT course, CAST(SUM(n) AS BIGINT) FROM (
      SELECT course, COUNT(*) AS n FROM answer WHERE learner_id = ? GROUP BY course
      UNION ALL
      SELECT course, COUNT(*) AS n FROM review_log WHERE learner_id = ? GROUP BY course
    ) AS growing GROUP BY course
    """)

extension ProgressWrite {
    /// How many rows applying this write adds to `answer` and `review_log` (a reset removes
    /// the course's instead): one per answer, one per card graded.
    public var growingRows: Int {
        events.reduce(0) { count, event in
            switch event {
            case .answerRecorded, .cardReviewed: count + 1
            case .xpAwarded, .questionRevealed, .solutionShown, .exerciseHintsSeen, .lessonCompleted, .courseCompleted, .positionMoved: count
            }
        }
    }
}
