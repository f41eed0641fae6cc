/// A step where the learner writes code and the course's checks run it: the course says the
/// task and gives a starter file; the learner's file passes when every check passes.
///
/// tutord never runs a learner's code itself: the checks run on the learner's side, as the
/// learner (`tutord exercise check`, which `tutor` runs), with limits (docs/exercises.md).
public struct Exercise: Sendable, Equatable {
    /// Stable, and unique with the course's question ids: progress is stored against it.
    public var id: String
    /// What to write, in the tutor's words.
    public var task: String
    /// The file the learner writes, such as `positive.py` (a plain name: letters, digits,
    /// `-`, `_` and `.`, ending in the language's extension).
    public var fileName: String
    /// What that file is written in, which decides how it is checked.
    public var language: ExerciseLanguage
    /// What the learner starts from.
    public var starter: CodeBlock
    /// Run in order; the learner's file passes when all pass.
    public var checks: [ExerciseCheck]
    /// Given in order on request and after a failed check.
    public var hints: [String]
    /// The course's own answer, shown after a pass, or on request after two failed checks;
    /// `tutord check` runs every check against it.
    public var solution: CodeBlock
    /// What the model solution does and why, shown with it; `nil` when the course says nothing.
    public var explanation: String?
    /// Experience points for a pass.
    public var xp: Int

    public init(id: String, task: String, fileName: String, starter: CodeBlock, checks: [ExerciseCheck],
                hints: [String], solution: CodeBlock, explanation: String?, xp: Int, language: ExerciseLanguage = .python) {
        self.id = id
        self.language = language
        self.task = task
        self.fileName = fileName
        self.starter = starter
        self.checks = checks
        self.hints = hints
        self.solution = solution
        self.explanation = explanation
        self.xp = xp
    }

    /// The default points for a pass: more than a quiz's 10, since it is more work.
    public static let defaultXP = 20
}

/// One check of an exercise: what it tests, in words shown when it fails, and how.
public struct ExerciseCheck: Sendable, Equatable {
    public enum Test: Sendable, Equatable {
        /// Python run after the learner's file, in the same namespace (so it can use the
        /// learner's names); the check passes when it raises nothing. For a dialogue exercise
        /// it runs with the learner's parsed course as `course` instead.
        case python([String])
        /// What the learner's file must print, line for line (trailing spaces and a final
        /// line end aside). Python exercises only.
        case output([String])
    }

    /// Shown when the check fails ("zero is refused with ValueError").
    public var message: String
    public var test: Test

    public init(message: String, test: Test) {
        self.message = message
        self.test = test
    }
}
