/// A value with the place in the file it came from.
struct Located<Value: Sendable>: Sendable {
    var value: Value
    var line: Int
    var column: Int
}

/// What the parser has read so far; checked by ``CourseValidator`` before it becomes a
/// ``Course``. Drafts keep every source position so problems can be reported precisely.
struct CourseDraft {
    var id: Located<String>?
    var title: Located<String>?
    var level: Located<String>?
    var summary: Located<String>?
    var lessons: [LessonDraft] = []
}

struct LessonDraft {
    var id: Located<String>
    var title: Located<String>?
    var icon: Located<String>?
    var steps: [StepDraft] = []
    var nodes: [NodeDraft] = []
}

enum StepDraft {
    case beat([Located<Message>])
    case offer(node: Located<String>, prompt: Located<String>)
    case takeaway(Located<String>)
    case question(QuestionDraft)
    case exercise(ExerciseDraft)
}

struct QuestionDraft {
    var id: Located<String>
    var ask: Located<String>?
    var options: [OptionDraft] = []
    var accepted: [Located<String>] = []
    var explanation: Located<String>?
    var hints: [Located<String>] = []
    var xp: Located<Int>?
    var remedialNode: Located<String>?
    /// A code block right after `ask:`.
    var code: Located<CodeBlock>?
    /// Known wrong free-text answers, each group with what the tutor says to it.
    var wrong: [WrongDraft] = []
    /// Whether a `feedback:` now comments on the last `wrong:` (else on the last option).
    var feedbackGoesToWrong = false
}

struct WrongDraft {
    var answers: [Located<String>]
    var field: Located<String>
    var feedback: Located<String>?
}

struct OptionDraft {
    var text: Located<String>
    var isCorrect: Bool
    var feedback: Located<String>?
}

struct NodeDraft {
    var id: Located<String>
    var beats: [[Located<Message>]] = []
    /// The node's retry question, after its beats.
    var question: QuestionDraft?
}

struct ExerciseDraft {
    var id: Located<String>
    var task: Located<String>?
    var file: Located<String>?
    var language: Located<String>?
    var starter: Located<CodeBlock>?
    var checks: [CheckDraft] = []
    var hints: [Located<String>] = []
    var solution: Located<CodeBlock>?
    var explanation: Located<String>?
    var xp: Located<Int>?
    /// Where the next code block goes: after `starter:`, `check:` or `solution:`.
    var awaitingCode: CodeSlot?

    enum CodeSlot {
        case starter(field: Located<String>)
        case check(field: Located<String>)
        case solution(field: Located<String>)
    }
}

struct CheckDraft {
    var message: Located<String>
    var code: Located<CodeBlock>?
}
