import LineProtocol

/// Keys: what the learner types, and what the client does about it.
extension ChatScreen {
    /// What the terminal layer must do after a key.
    public enum Action: Equatable, Sendable {
        case none
        case send(ClientRequest)
        case quit
        /// Open the exercise's file in the learner's editor.
        case editExercise
        /// Run the exercise's checks against the learner's file.
        case checkExercise
        /// Write this text (typed in the inline editor) to the exercise's file, then check it.
        case saveExercise(String)
        /// Stop the running check.
        case cancelCheck
    }

    public enum Key: Equatable, Sendable {
        case text(String)
        case enter, backspace, delete, left, right, home, end, up, down, pageUp, pageDown
        case wheelUp, wheelDown, clearLine, deleteWord, interrupt, endOfInput, help, escape
        /// Ctrl-A, Ctrl-E, Ctrl-K: to the start or end of the input, delete to its end.
        case lineStart, lineEnd, killToEnd
    }

    /// Words that leave the chat when typed alone (any case, with or without a `/`).
    public static let quitWords: Set<String> = ["quit", "exit", "q", "/quit", "/exit", "/q"]

    public mutating func handle(_ key: Key, height: Int = 24) -> Action {
        if overlay != nil { return handleInOverlay(key, height: height) }
        if picker != nil, let action = handleInPicker(key) { return action ?? .none }
        if checkRunning, key == .interrupt || key == .escape { return .cancelCheck }
        if codeDraft != nil, let action = handleInDraft(key) { return action }
        let page = max(1, height - 4)
        switch key {
        case .text(let text):
            if input.isEmpty, text == "?" {
                openOverlay(.help)
                return .none
            }
            if input.isEmpty, picker == nil, !options.isEmpty, text.count == 1, let digit = Int(text), (1...options.count).contains(digit) {
                return sendLine(text)
            }
            input.insert(text)
        case .enter:
            if input.isEmpty, let selected = selectedOption {
                return sendLine(String(selected + 1))
            }
            return submit(input.submit())
        case .backspace: input.deleteBackward()
        case .delete: input.deleteForward()
        case .left: input.moveLeft()
        case .right: input.moveRight()
        case .home: if input.isEmpty { scrollOffset = Int.max } else { input.moveHome() }
        case .end: if input.isEmpty { scrollOffset = 0 } else { input.moveEnd() }
        case .up:
            if input.isEmpty, !options.isEmpty {
                selectedOption = max(0, (selectedOption ?? options.count) - 1)
                revealSelection = true
            } else {
                input.historyBack()
            }
        case .down:
            if input.isEmpty, !options.isEmpty {
                selectedOption = min(options.count - 1, (selectedOption ?? -1) + 1)
                revealSelection = true
            } else {
                input.historyForward()
            }
        case .pageUp: scrollOffset += page
        case .pageDown: scrollOffset = max(0, scrollOffset - page)
        case .wheelUp: scrollOffset += 3
        case .wheelDown: scrollOffset = max(0, scrollOffset - 3)
        case .clearLine: input.deleteToStart()
        case .deleteWord: input.deleteWordBackward()
        case .interrupt, .endOfInput: return .quit
        case .help: openOverlay(.help)
        case .escape:  // clears the selection and goes back to the newest lines
            selectedOption = nil
            scrollOffset = 0
        case .lineStart: input.moveHome()
        case .lineEnd: input.moveEnd()
        case .killToEnd: input.deleteToEnd()
        }
        return .none
    }

    /// A line the learner entered: the client's own commands, an answer to its own question,
    /// or something for the daemon.
    private mutating func submit(_ line: String) -> Action {
        let typed = line.trimmingSpaces().lowercased()
        if Self.quitWords.contains(typed) { return .quit }
        if let question = pendingQuestion {
            pendingQuestion = nil
            if ["yes", "y"].contains(typed) {
                entries.append(ChatEntry(.learner, line))
                scrollOffset = 0
                switch question {
                case .switchLearner(let name): return .send(.learner(name))
                case .confirm(let request): return .send(request)
                }
            }
            if case .switchLearner = question { note("You stay with this profile.") } else { note("Nothing changed.") }
            if ["no", "n"].contains(typed) { return .none }
        }
        if let action = exerciseCommand(typed, line: line) { return action }
        let words = typed.split(separator: " ").map(String.init)
        switch words.first {
        case RequestKind.help.name where words.count == 1, "?" where words.count == 1:
            openOverlay(.help)
            return .none
        case RequestKind.courses.name where words.count == 1:
            entries.append(ChatEntry(.learner, line))
            scrollOffset = 0
            return .send(.courses(pick: true))
        case RequestKind.learner.name where words.count == 2:
            let name = words[1]
            entries.append(ChatEntry(.learner, line))
            pendingQuestion = .switchLearner(name)
            entries.append(ChatEntry(.quiz, name == "default"
                ? "Go back to your own profile? (yes/no)"
                : "Learn as the profile \(name)? Its progress is kept apart from this one; `learner default` comes back. (yes/no)"))
            scrollOffset = 0
            return .none
        case RequestKind.learner.name where words.count == 1, RequestKind.whoami.name where words.count == 1:
            return sendLine(RequestKind.whoami.line(), alreadySubmitted: true)
        default:
            break
        }
        if let word = words.first, case .scriptOnly(let notice) = ChatCommandUse(name: word) {
            entries.append(ChatEntry(.learner, line))
            entries.append(ChatEntry(.system, notice))
            scrollOffset = 0
            return .none
        }
        return sendLine(line, alreadySubmitted: true)
    }

    private mutating func sendLine(_ line: String, alreadySubmitted: Bool = false) -> Action {
        if !alreadySubmitted { _ = input.submit() }
        entries.append(ChatEntry(.learner, line.isEmpty ? "(continue)" : line))
        scrollOffset = 0
        selectedOption = nil
        return .send(request(for: line))
    }

    /// The request for a typed line: a command (such as `hint`) or an empty line (go on) as
    /// typed; anything else says what the screen shows, so the daemon never judges it against
    /// a quiz this window did not show: an answer naming the quiz on screen, or, away from a
    /// quiz, a line that is no answer. (Before the daemon's `help` arrives: as typed.)
    func request(for line: String) -> ClientRequest {
        let word = RequestTokenizer.commandWord(line[...]).lowercased()
        guard !word.isEmpty, !daemonCommandNames.isEmpty, !daemonCommandNames.contains(word) else { return .chat(line) }
        if let quiz = shownQuiz { return .answer(quiz: quiz, text: line) }
        return .message(line)
    }

    /// The picker takes arrows, digits, Enter and Esc; `nil` passes the key on (typing a
    /// command such as `quit` still works).
    private mutating func handleInPicker(_ key: Key) -> Action?? {
        guard var picker else { return nil }
        defer { if self.picker != nil { self.picker = picker } }
        switch key {
        case .up: picker.move(by: -1)
        case .down: picker.move(by: 1)
        case .pageUp: picker.move(by: -5)
        case .pageDown: picker.move(by: 5)
        case .text(let text) where input.isEmpty && text.count == 1 && Int(text) != nil:
            guard let number = Int(text), number >= 1, number <= picker.courses.count else { return Action.none }
            picker.select(number - 1)
            return choose(picker)
        case .enter where input.isEmpty:
            return choose(picker)
        case .escape where picker.canClose:
            self.picker = nil
            return Action.none
        default:
            return nil
        }
        return Action.none
    }

    private mutating func choose(_ picker: CoursePicker) -> Action {
        guard let course = picker.selectedCourse else { return .none }
        self.picker = nil
        if course.id == currentCourse { return .none }
        entries.append(ChatEntry(.learner, RequestKind.start.line(course.id)))
        scrollOffset = 0
        return .send(.open(course: course.id))
    }

    /// Overlays scroll with the arrows and pages; any other key closes them.
    private mutating func handleInOverlay(_ key: Key, height: Int) -> Action {
        switch key {
        case .interrupt, .endOfInput: return .quit
        case .up, .wheelUp: overlayOffset = max(0, overlayOffset - 1)
        case .down, .wheelDown: overlayOffset += 1
        case .pageUp: overlayOffset = max(0, overlayOffset - max(1, height - 3))
        case .pageDown: overlayOffset += max(1, height - 3)
        default: overlay = nil
        }
        return .none
    }

    mutating func openOverlay(_ overlay: Overlay) {
        self.overlay = overlay
        overlayOffset = 0
    }
}
