import Dialogue
import Foundation

/// A parsed course as plain data, the `course` a dialogue exercise's checks get: JSON that
/// Python reads into dicts, lists, strings, numbers, booleans and `None`.
///
/// Its keys are the format's own words (`ask`, `accept`, `explain`, `on-wrong`, ...; lists
/// plural: `hints`, `options`), so an author can write `len(question["options"]) >= 3`
/// without learning a second vocabulary. docs/dialogue-format.md lists them all.
enum CourseData {
    static func json(_ course: Course) -> String {
        let object: [String: Any] = [
            "id": course.id, "title": course.title, "level": course.level, "summary": course.summary,
            "lessons": course.lessons.map(lesson),
        ]
        // Sorted keys: the same course always gives the same bytes.
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    private static func lesson(_ lesson: Lesson) -> [String: Any] {
        [
            "id": lesson.id, "title": lesson.title, "icon": optional(lesson.icon),
            "steps": lesson.steps.map(step),
            "nodes": lesson.nodes.mapValues { node in
                ["beats": node.beats.map(beat), "question": optional(node.question.map(question))] as [String: Any]
            },
        ]
    }

    private static func step(_ step: Step) -> [String: Any] {
        switch step {
        case .beat(let content):
            return beat(content)
        case .offer(let offer):
            return ["kind": "offer", "node": offer.node, "prompt": offer.prompt]
        case .takeaway(let text):
            return ["kind": "takeaway", "text": text]
        case .question(let content):
            return question(content)
        case .exercise(let exercise):
            return [
                "kind": "exercise", "id": exercise.id, "task": exercise.task, "file": exercise.fileName,
                "language": exercise.language.rawValue, "checks": exercise.checks.map(\.message),
                "hints": exercise.hints, "explain": optional(exercise.explanation), "xp": exercise.xp,
            ]
        }
    }

    /// A question of the main flow, or a node's retry question (whose `on-wrong` is `None`).
    private static func question(_ question: Question) -> [String: Any] {
        var accepted: [String] = []
        if case .freeText(let answers) = question.answers { accepted = answers }
        return [
            "kind": "question", "id": question.id, "ask": question.prompt, "code": optional(question.code.map(code)),
            "options": question.options.map { ["text": $0.text, "correct": $0.isCorrect, "feedback": optional($0.feedback)] },
            "accept": accepted,
            "wrong": question.wrongAnswers.map { ["answers": $0.answers, "feedback": optional($0.feedback)] },
            "explain": question.explanation, "hints": question.hints, "xp": question.xp,
            "on-wrong": optional(question.remedialNode),
        ]
    }

    private static func beat(_ beat: Beat) -> [String: Any] {
        ["kind": "beat", "messages": beat.messages.map { message -> [String: Any] in
            switch message {
            case .text(let text): ["kind": "text", "text": text]
            case .code(let block): code(block)
            }
        }]
    }

    private static func code(_ block: CodeBlock) -> [String: Any] {
        ["kind": "code", "language": optional(block.language), "run": block.isRunnable, "lines": block.lines]
    }

    private static func optional(_ value: Any?) -> Any {
        value ?? NSNull()
    }
}
