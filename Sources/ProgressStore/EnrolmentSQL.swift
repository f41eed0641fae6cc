/// The statement that checks a write's precondition and applies its changes to the enrolment
/// (revision, XP, finish, and the position when the write moves it), in SQL both stores run.
///
/// Arguments, in order: for an insert (``ProgressWrite/Precondition/unconditional`` and
/// ``ProgressWrite/Precondition/notEnrolled``) learner, course, started_at, revision, xp,
/// finished_at, then the position's six columns; for ``ProgressWrite/Precondition/revision(_:)``
/// revision, xp, finished_at, the position's six columns, then learner, course and the
/// expected revision. finished_at is null unless the write finishes the course: an enrolment
/// keeps the first time it was finished.
enum EnrolmentSQL {
    static let positionColumns = ["lesson", "lesson_index", "step", "node", "node_beat", "finished"]

    /// The statement, in the SQL both stores run.
    static func statement(_ precondition: ProgressWrite.Precondition, movesPosition: Bool) -> StoreSQL {
        switch (precondition, movesPosition) {
        case (.unconditional, false): statements[0]
        case (.unconditional, true): statements[1]
        case (.notEnrolled, false): statements[2]
        case (.notEnrolled, true): statements[3]
        case (.revision, false): statements[4]
        case (.revision, true): statements[5]
        }
    }

    /// Built once (each ``StoreSQL`` takes a slot of its own).
    private static let statements: [StoreSQL] = [
        insert(movesPosition: false, onConflict: upsert(movesPosition: false)),
        insert(movesPosition: true, onConflict: upsert(movesPosition: true)),
        insert(movesPosition: false, onConflict: "DO NOTHING"),
        insert(movesPosition: true, onConflict: "DO NOTHING"),
        update(movesPosition: false),
        update(movesPosition: true),
    ].map(StoreSQL.init)

    private static func insert(movesPosition: Bool, onConflict: String) -> String {
        let columns = ["learner_id", "course", "started_at", "revision", "xp", "finished_at"] + (movesPosition ? positionColumns : [])
        return """
            INSERT INTO enrolment (\(columns.joined(separator: ", "))) VALUES (\(Array(repeating: "?", count: columns.count).joined(separator: ", ")))
            ON CONFLICT (learner_id, course) \(onConflict)
            """
    }

    private static func upsert(movesPosition: Bool) -> String {
        let position = movesPosition ? positionColumns.map { ", \($0) = excluded.\($0)" }.joined() : ""
        return "DO UPDATE SET revision = excluded.revision, xp = enrolment.xp + excluded.xp, finished_at = coalesce(enrolment.finished_at, excluded.finished_at)\(position)"
    }

    private static func update(movesPosition: Bool) -> String {
        let position = movesPosition ? positionColumns.map { ", \($0) = ?" }.joined() : ""
        return """
            UPDATE enrolment SET revision = ?, xp = xp + ?, finished_at = coalesce(finished_at, ?)\(position)
            WHERE learner_id = ? AND course = ? AND revision = ?
            """
    }
}
