/// How many answers and review gradings a learner has stored, per course: read from the store
/// once, when a conversation of theirs is first loaded, then kept with the learner (only their
/// worker changes it) as their writes are submitted and their resets forget courses. What the
/// cap on a learner's stored volume (``WriteLimits/maxStored``) is checked against, without a
/// query per answer.
///
/// It counts a write when it is submitted, so a write that then fails keeps its count until
/// the learner is read again (after they leave memory): the count errs on the high side, by
/// the few writes that fail. Another tutord on the same PostgreSQL database adds rows this one
/// does not count until then.
struct StoredAnswerCount {
    private var byCourse: [String: Int]
    private(set) var total: Int

    init(byCourse: [String: Int]) {
        self.byCourse = byCourse
        total = byCourse.values.reduce(0, +)
    }

    /// The course with the most stored, for the message that says what `reset` frees.
    var largest: (course: String, count: Int)? {
        byCourse.max { ($0.value, $1.key) < ($1.value, $0.key) }.map { ($0.key, $0.value) }
    }

    mutating func add(_ rows: Int, in course: String) {
        guard rows > 0 else { return }
        byCourse[course, default: 0] += rows
        total += rows
    }

    /// A reset of `course`: its answers and gradings are forgotten.
    mutating func forget(_ course: String) {
        total -= byCourse.removeValue(forKey: course) ?? 0
    }
}
