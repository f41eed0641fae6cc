import LineProtocol

/// Follows a conversation's turns for the exercise the tutor waits on: the `exercise:` turn
/// and the starter (`code:` right after it) as presented, and the reply's `expect:` saying
/// whether it is open. The chat screen and `tutor --plain` both keep one.
public struct ExerciseTracker: Sendable, Equatable {
    /// The exercise the tutor waits on (`expect: exercise <id>`), once this client has seen
    /// it presented (its task and file).
    public private(set) var open: ExerciseStep?
    /// The course of the last standing: the exercise's folder is per course.
    public private(set) var course: String?
    /// The last exercise presented, its starter gathered from the `code:` turns after it.
    private var presented: ExerciseStep?
    private var gatheringStarter = false
    /// The code turns now are the starter of the exercise just presented.
    var isGatheringStarter: Bool { gatheringStarter }
    /// An exercise was presented since the last standing: it is this reply's.
    private var presentedInReply = false

    public init() {}

    public mutating func take(_ turn: Turn) {
        switch turn {
        case .exercise(let id, let file, let task):
            presented = ExerciseStep(id: id, file: file, task: task)
            presentedInReply = true
            gatheringStarter = true
        case .code(_, let lines):
            // The starter as sent: it becomes the learner's file.
            if gatheringStarter { presented?.starter += lines }
        default:
            gatheringStarter = false
        }
        switch turn {
        case .standing(let standing):
            // Another course: its exercise is not the one open, nor one presented before this
            // reply (ids are only a course's own), and its file is in another folder.
            if let course, course != standing.course {
                open = nil
                if !presentedInReply { presented = nil }
            }
            course = standing.course
            presentedInReply = false
        case .expect(let expectation, _, let exercise):
            expected(expectation == .exercise ? exercise : nil)
        default:
            break
        }
    }

    /// The reply's `expect:` named the exercise `id`, or no exercise (`nil`).
    mutating func expected(_ id: String?) {
        guard let id else {
            open = nil
            return
        }
        if let presented, presented.id == id {
            open = presented
        } else if open?.id != id {
            open = nil  // an exercise this client has not seen presented: `repeat` shows it
        }
    }
}
