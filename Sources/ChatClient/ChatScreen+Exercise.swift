import LineProtocol

/// An open exercise: the chat's own commands for it (`edit`, `check`, `write`), the inline
/// editor, a running check, and its results. Running the editor and the checks is the
/// terminal layer's: the screen says what to do (``ChatScreen/Action``) and shows the outcome.
extension ChatScreen {
    /// The chat's own commands at an exercise, as typed.
    public static let exerciseCommands: Set<String> = ["edit", "check", "write"]

    /// What the inline editor's keys are, said above it and in the footer.
    static let draftKeys = "Enter: new line · Tab: 4 spaces · Ctrl-D: save and check · Esc: cancel"

    /// The exercise the tutor waits on, once this window has seen it presented.
    public var exercise: ExerciseStep? { exercises.open }

    /// `edit`, `check` or `write` typed at an exercise; `nil` for any other line.
    mutating func exerciseCommand(_ typed: String, line: String) -> Action? {
        guard Self.exerciseCommands.contains(typed) else { return nil }
        guard let exercise else { return nil }  // no exercise here: the daemon says what it waits for
        entries.append(ChatEntry(.learner, line))
        scrollOffset = 0
        switch typed {
        case "edit": return .editExercise
        case "check": return .checkExercise
        default:
            codeDraft = []
            entries.append(ChatEntry(.info, "Type \(exercise.file) here, line by line; it replaces the file, then it is checked. " + Self.draftKeys + "."))
            return Action.none
        }
    }

    /// Keys while the inline editor is open: Enter ends a line, Ctrl-D saves, Esc (or
    /// Ctrl-C) cancels, Tab indents; editing keys work on the line being typed.
    mutating func handleInDraft(_ key: Key) -> Action? {
        guard var draft = codeDraft else { return nil }
        switch key {
        case .enter:
            draft.append(input.submit())
            codeDraft = draft
            scrollOffset = 0
        case .endOfInput:
            if !input.isEmpty { draft.append(input.submit()) }
            codeDraft = nil
            let text = draft.map { $0 + "\n" }.joined()
            entries += draft.map { ChatEntry(.code, clean($0)) }
            return .saveExercise(text)
        case .escape, .interrupt:
            _ = input.submit()
            codeDraft = nil
            note("Nothing was written; your file is as it was.")
        case .text(let text):
            input.insert(text)
        default:
            return nil  // editing and scrolling keys as usual
        }
        return Action.none
    }

    /// One check's outcome, as the terminal layer formats it: the verdict line first, then
    /// what the check said (the traceback's end, or where the output differs).
    public struct CheckLine: Sendable, Equatable {
        public var passed: Bool
        public var text: String

        public init(passed: Bool, text: String) {
            self.passed = passed
            self.text = text
        }
    }

    /// A check run's outcome: each check's verdict (pass, FAIL or STOPPED) with its details
    /// (their indent dropped: the code bar sets them apart). The count is the tutor's to say,
    /// in its reply to `checked`.
    public mutating func showChecks(_ lines: [CheckLine]) {
        for line in lines {
            let parts = line.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            entries.append(ChatEntry(line.passed ? .correct : .incorrect, clean(parts[0])))
            entries += parts.dropFirst().map { ChatEntry(.code, clean($0.hasPrefix("    ") ? String($0.dropFirst(4)) : $0)) }
        }
        scrollOffset = 0
    }

    /// The footer's keys at an exercise.
    var exerciseKeys: String {
        if checkRunning { return "Checking \(exercise.map { clean($0.file) } ?? "")… Ctrl-C or Esc stops it" }
        if codeDraft != nil { return Self.draftKeys }
        return "edit · check · write · hint · solution · skip"
    }

    /// The inline editor as it is drawn under the transcript: a title and the lines so far.
    func draftLines(width: Int) -> [StyledLine] {
        guard let draft = codeDraft, let exercise else { return [] }
        let title = StyledLine(fit("Writing \(clean(exercise.file)): \(draft.count) line\(draft.count == 1 ? "" : "s")", width), .quiz)
        return [title] + draft.map { StyledLine(clip("  │ " + clean($0), width), .code) }
    }
}
