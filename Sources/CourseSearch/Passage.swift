import Dialogue

/// A piece of a course that can answer a learner's question: a beat, a takeaway, a detour's
/// beat or a question's explanation, with where it is; or a quiz's prompt, which only finds
/// its lesson.
public struct Passage: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case beat
        case takeaway
        /// A beat of a detour (node).
        case detour(node: String)
        /// Why a question's right answer is right: only shown once the learner answered it.
        case explanation(question: String)
        /// A quiz's prompt: never quoted, but it finds its lesson for a learner who asks what
        /// the quiz asks, so that the lesson is pointed to.
        case quiz(question: String)
    }

    public var course: String
    /// 0-based index of the lesson in its course.
    public var lessonIndex: Int
    public var lessons: Int
    public var lessonTitle: String
    public var icon: String?
    public var kind: Kind
    /// The index of its step in the lesson's main flow; detours come after every step.
    public var step: Int
    /// The passage as the tutor said it (code blocks left out).
    public var text: String

    /// Every passage of a course, in teaching order.
    public static func all(in course: Course) -> [Passage] {
        var passages: [Passage] = []
        for (index, lesson) in course.lessons.enumerated() {
            func add(_ kind: Kind, _ step: Int, _ text: String) {
                guard !text.isEmpty else { return }
                passages.append(Passage(course: course.id, lessonIndex: index, lessons: course.lessons.count,
                                        lessonTitle: lesson.title, icon: lesson.icon, kind: kind, step: step, text: text))
            }
            for (position, step) in lesson.steps.enumerated() {
                switch step {
                case .beat(let beat): add(.beat, position, Self.text(of: beat))
                case .takeaway(let text): add(.takeaway, position, text)
                case .question(let question):
                    add(.quiz(question: question.id), position, question.prompt)
                    add(.explanation(question: question.id), position, question.explanation)
                case .offer: break
                // An exercise's task is no answer to a question, and its solution must not be one.
                case .exercise: break
                }
            }
            // A node's retry question is left out: its explanation could be quoted once the
            // lesson's main-flow quizzes are settled while it is not, and it says its answer.
            for id in lesson.nodes.keys.sorted() {
                for beat in lesson.nodes[id]!.beats { add(.detour(node: id), lesson.steps.count, Self.text(of: beat)) }
            }
        }
        return passages
    }

    /// A beat's chat messages joined; code is for reading in the lesson, not in an answer, and
    /// where it stood between two messages an ellipsis says something was left out.
    static func text(of beat: Beat) -> String {
        var parts: [String] = []
        for message in beat.messages {
            if let text = message.text {
                parts.append(text)
            } else if let last = parts.last, last != "…" {
                parts.append("…")
            }
        }
        if parts.last == "…" { parts.removeLast() }
        return parts.joined(separator: " ")
    }
}
