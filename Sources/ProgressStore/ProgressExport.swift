import Foundation
import GRDB

extension ProgressStore {
    /// A learner's whole progress as JSON: every course with its position, XP, completed
    /// lessons, per-question state and every answer. For teachers, backups and scripts.
    public func export(_ learner: LearnerID) throws(StoreError) -> Data {
        let document: [String: Any] = try read { db in
            guard let id = try Self.learnerID(learner, in: db) else {
                return ["uid": Int(learner.uid), "profile": learner.profile, "courses": [Any]()]
            }
            var courses: [[String: Any]] = []
            for enrolment in try Row.fetchAll(db, sql: "SELECT * FROM enrolment WHERE learner_id = ? ORDER BY course", arguments: [id]) {
                let course: String = enrolment["course"]
                let answers = try Row.fetchAll(db, sql: "SELECT * FROM answer WHERE learner_id = ? AND course = ? ORDER BY id",
                                               arguments: [id, course]).map { row -> [String: Any] in
                    ["lesson": row["lesson"] as String, "question": row["question"] as String, "given": row["given"] as String,
                     "correct": row["correct"] as Bool, "attempt": row["attempt"] as Int, "hint_used": row["hint_used"] as Bool,
                     "xp": row["xp"] as Int, "answered_at": Self.iso(row["answered_at"])]
                }
                let questions = try Row.fetchAll(db, sql: "SELECT * FROM question_state WHERE learner_id = ? AND course = ? ORDER BY question",
                                                 arguments: [id, course]).map { row -> [String: Any] in
                    ["question": row["question"] as String, "attempts": row["attempts"] as Int, "correct": row["correct"] as Bool,
                     "first_try": row["first_try"] as Bool, "revealed": row["revealed"] as Bool, "xp": row["xp"] as Int]
                }
                let lessons = try String.fetchAll(db, sql: "SELECT lesson FROM lesson_completion WHERE learner_id = ? AND course = ? ORDER BY completed_at",
                                                  arguments: [id, course])
                var entry: [String: Any] = [
                    "course": course, "xp": enrolment["xp"] as Int, "started_at": Self.iso(enrolment["started_at"]),
                    "completed_lessons": lessons, "questions": questions, "answers": answers,
                ]
                entry["finished_at"] = (enrolment["finished_at"] as Date?).map(Self.iso) ?? NSNull()
                if let lesson: String = enrolment["lesson"] {
                    entry["position"] = ["lesson": lesson, "step": enrolment["step"] as Int? ?? 0,
                                         "node": (enrolment["node"] as String?) ?? NSNull(), "finished": enrolment["finished"] as Bool]
                }
                courses.append(entry)
            }
            let days = try String.fetchAll(db, sql: "SELECT day FROM study_day WHERE learner_id = ? ORDER BY day", arguments: [id])
            let lastCourse = try String.fetchOne(db, sql: "SELECT last_course FROM learner WHERE id = ?", arguments: [id])
            return ["uid": Int(learner.uid), "profile": learner.profile, "last_course": lastCourse ?? NSNull(),
                    "study_days": days, "courses": courses]
        }
        do {
            return try JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .withoutEscapingSlashes])
        } catch {
            throw StoreError(.io, "cannot encode the export: \(error)")
        }
    }

    static func iso(_ date: Date) -> String {
        date.formatted(.iso8601)
    }
}
