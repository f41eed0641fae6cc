/// A row of `leaderboard`: where a learner ranks.
public struct LeaderboardRow: Sendable, Equatable {
    public var rank: Int
    /// The learner's name: the Unix user, or `user/profile`.
    public var learner: String
    public var xp: Int
    /// The part of ``xp`` from exercises, whose passes are self-reported.
    public var exerciseXP: Int
    public var lessons: Int
    public var streak: Int
    /// The row of the learner who asked.
    public var isYou: Bool
    /// A learner hidden from other learners (only teachers, and the learner, see the row).
    public var isHidden: Bool

    public init(rank: Int, learner: String, xp: Int, exerciseXP: Int = 0, lessons: Int, streak: Int, isYou: Bool, isHidden: Bool = false) {
        self.rank = rank
        self.learner = learner
        self.xp = xp
        self.exerciseXP = exerciseXP
        self.lessons = lessons
        self.streak = streak
        self.isYou = isYou
        self.isHidden = isHidden
    }

    /// `2 xp 120 lessons 4 streak 3 exercise-xp 20 you | alice` (the name last, after ` | `).
    public var text: String {
        "\(rank) xp \(xp) lessons \(lessons) streak \(streak) exercise-xp \(exerciseXP)\(isYou ? " you" : "")\(isHidden ? " hidden" : "") | \(learner)"
    }
}

/// A row of a teacher's `report`: one learner.
public struct ReportRow: Sendable, Equatable {
    public var learner: String
    public var xp: Int
    /// The part of ``xp`` from exercises, whose passes are self-reported.
    public var exerciseXP: Int
    public var lessons: Int
    /// Quiz questions right at the first try, of those tried (answered, or whose answer was shown).
    public var firstTry: Int
    public var tried: Int
    /// ISO 8601, or `never`.
    public var lastActive: String

    public init(learner: String, xp: Int, exerciseXP: Int = 0, lessons: Int, firstTry: Int, tried: Int, lastActive: String) {
        self.learner = learner
        self.xp = xp
        self.exerciseXP = exerciseXP
        self.lessons = lessons
        self.firstTry = firstTry
        self.tried = tried
        self.lastActive = lastActive
    }

    public var firstTryPercent: Int { percent(firstTry, of: tried) }

    /// `xp 120 lessons 4 first-try 6/8 75% last 2026-11-26T09:00:00Z exercise-xp 20 | alice`
    public var text: String {
        "xp \(xp) lessons \(lessons) first-try \(firstTry)/\(tried) \(firstTryPercent)% last \(lastActive) exercise-xp \(exerciseXP) | \(learner)"
    }
}

/// A question of the class's weak spots in a `report`.
public struct WeakSpot: Sendable, Equatable {
    public var course: String
    public var question: String
    public var missed: Int
    public var answered: Int

    public init(course: String, question: String, missed: Int, answered: Int) {
        self.course = course
        self.question = question
        self.missed = missed
        self.answered = answered
    }

    /// `5/7 cpython-internals gil-why`: missed the first try, of those who answered.
    public var text: String { "\(missed)/\(answered) \(course) \(question)" }
}
