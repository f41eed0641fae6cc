import LineProtocol
import Tutoring

/// Turns as reply lines: the turn's key and text, plus structured fields for JSON mode.
enum TurnLines {
    static func lines(for turns: [Turn], format: ReplyFormat) -> [ReplyLine] {
        turns.map { line(for: $0, format: format) }
    }

    /// Fields are only built for JSON mode; text mode sends key and text alone.
    static func line(for turn: Turn, format: ReplyFormat) -> ReplyLine {
        ReplyLine(key: turn.key, text: turn.text, fields: format == .json ? fields(of: turn) : [])
    }

    private static func optional(_ text: String?) -> ReplyValue {
        text.map { .string($0) } ?? .null
    }

    private static func fields(of turn: Turn) -> [(String, ReplyValue)] {
        switch turn {
        case .course(let id, let title, let level, let summary, let lessons):
            return [("id", .string(id)), ("title", .string(title)), ("level", .string(level)),
                    ("summary", .string(summary)), ("lessons", .int(lessons))]
        case .lesson(let number, let total, let id, let icon, let title):
            return [("number", .int(number)), ("total", .int(total)), ("id", .string(id)),
                    ("icon", optional(icon)), ("title", .string(title))]
        case .tutor, .takeaway, .feedback, .explanation:
            return []
        case .quiz(let id, let prompt, let isFreeText):
            return [("id", .string(id)), ("prompt", .string(prompt)), ("free_text", .bool(isFreeText))]
        case .option(let number, let text):
            return [("number", .int(number)), ("option", .string(text))]
        case .offer(let node, let prompt):
            return [("node", .string(node)), ("prompt", .string(prompt))]
        case .verdict(let verdict):
            return [("verdict", .string(verdict.rawValue))]
        case .hint(let number, let total, let text):
            return [("number", .int(number)), ("total", .int(total)), ("hint", .string(text))]
        case .xp(let gained, let total):
            return [("gained", .int(gained)), ("total", .int(total))]
        case .toc(let number, let total, let id, let icon, let title, let isDone, let isCurrent):
            return [("number", .int(number)), ("total", .int(total)), ("id", .string(id)), ("icon", optional(icon)),
                    ("title", .string(title)), ("done", .bool(isDone)), ("current", .bool(isCurrent))]
        case .progress(let summary), .summary(let summary):
            return [("correct", .int(summary.correct)), ("questions", .int(summary.questions)), ("xp", .int(summary.xp)),
                    ("lessons_done", .int(summary.lessonsDone)), ("lessons", .int(summary.lessons)),
                    ("first_try", .int(summary.firstTry)), ("answers", .int(summary.answers)), ("accuracy", .int(summary.accuracy))]
        case .help(let command, let description):
            return [("command", .string(command)), ("description", .string(description))]
        case .expect(let expectation):
            return [("expect", .string(expectation.rawValue))]
        }
    }
}
