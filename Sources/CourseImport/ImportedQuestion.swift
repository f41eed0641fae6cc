/// A question of an imported course and how its right option was chosen: what the summary,
/// the `# check:` comment and `--strict` are made of.
public struct ImportedQuestion: Sendable, Equatable {
    /// The lesson's number on the page.
    public var lesson: Int
    /// The question's id in the course.
    public var id: String
    /// The page's line of the question.
    public var line: Int
    public var options: [String]
    /// The page's `Answer:` line.
    public var answer: String
    public var inference: AnswerInference

    /// Whether the author must check the option chosen: the inference is not sure of it.
    public var isToCheck: Bool { !inference.isSure }

    /// `lesson 3 (metaclass-mechanics-quiz)`.
    public var name: String { "lesson \(lesson) (\(id))" }

    /// The comment written above a question to check.
    public var checkComment: String {
        "# check: inferred option \(inference.best + 1) (\(quoted(options[inference.best]))), runner-up option \(inference.runnerUp + 1) "
            + "(\(quoted(options[inference.runnerUp]))); the page's answer line: \(quoted(answer))"
    }

    /// The warning about a question to check, with the scores that made it unsure.
    public var warning: String {
        "\(name): not sure of the right option: inferred option \(inference.best + 1) (score \(Self.format(inference.scores[inference.best]))), "
            + "runner-up option \(inference.runnerUp + 1) (score \(Self.format(inference.scores[inference.runnerUp]))), "
            + "a margin of \(Self.format(inference.margin)) where \(Self.format(AnswerInference.sureMargin)) is sure; check it"
    }

    private func quoted(_ text: String) -> String { "\"\(text)\"" }

    /// A score with one decimal: `2.5`, `-1.0`.
    static func format(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        let sign = tenths < 0 ? "-" : ""
        return "\(sign)\(abs(tenths) / 10).\(abs(tenths) % 10)"
    }
}
