/// Turns logical lines into a ``CourseDraft``, one line at a time.
///
/// The builder knows which block it is in (course header, a lesson's main flow, a question,
/// a node) and reports lines that do not belong there. It checks the shape of single lines;
/// whole-course rules live in ``CourseValidator``.
struct DraftBuilder {
    private enum Section {
        case preamble, courseHeader, lesson, node
    }

    let file: String
    private(set) var diagnostics = DiagnosticList()
    private var draft = CourseDraft()
    private var section = Section.preamble
    private var openBeat: [Located<Message>] = []
    private var openQuestion: QuestionDraft?
    /// The open question is a node's retry question (it goes to the node when it closes).
    private var openQuestionIsRetry = false
    private var openExercise: ExerciseDraft?
    /// The code block being read, where its fence is, and whether it goes with the open
    /// question (after its `ask:`) rather than the beat; `nil` block: misplaced, its lines skipped.
    private var openCode: (block: CodeBlock?, line: Int, column: Int, forQuestion: Bool)?

    init(file: String) {
        self.file = file
    }

    static let questionFields: Set<String> = ["ask", "accept", "wrong", "explain", "hint", "xp", "on-wrong", "feedback"]
    /// An exercise's fields; `hint:`, `xp:` and `explain:` it shares with questions.
    static let exerciseFields: Set<String> = ["task", "file", "language", "starter", "check", "solution", "hint", "xp", "explain"]
    static let knownFields = ["title", "level", "summary", "icon", "takeaway"] + questionFields.union(exerciseFields).sorted()

    mutating func consume(_ line: SourceLine?) {
        if let line, let fence = line.fence {
            code(fence, line)
            return
        }
        guard let line else {
            closeBeat()  // a blank line ends a beat; a question stays open across it
            return
        }
        let text = line.text
        if text.hasPrefix(">") {
            message(line)
        } else if text == "+" || text == "-" || text.hasPrefix("+ ") || text.hasPrefix("- ") {
            option(line)
        } else if let colon = fieldColon(in: text) {
            let key = String(text[..<colon])
            let value = text[text.index(after: colon)...]
            let valueStart = value.firstIndex(where: { !$0.isWhitespace }) ?? value.endIndex
            field(key, value: located(String(value).trimmingWhitespace(), line, at: valueStart), line: line)
        } else {
            keywordLine(line)
        }
    }

    mutating func finish() -> CourseDraft {
        closeOpenSteps()
        return draft
    }

    // MARK: - Line kinds

    private mutating func message(_ line: SourceLine) {
        closeQuestion()
        closeExercise()
        let body = line.text.dropFirst()
        let start = body.firstIndex(where: { !$0.isWhitespace }) ?? body.endIndex
        let text = String(body).trimmingWhitespace()
        guard section == .lesson || section == .node else {
            error(line, "a tutor message must be inside a lesson; start one with `lesson <id>`")
            return
        }
        if text.isEmpty {
            error(line, "this message is empty; write what the tutor says after `>`")
            return
        }
        openBeat.append(Located(value: .text(text), line: line.number, column: line.column(of: start)))
    }

    /// A fenced code block: with the beat it is written in, or with the question whose `ask:`
    /// it follows.
    private mutating func code(_ fence: SourceLine.Fence, _ line: SourceLine) {
        switch fence {
        case .open(let info):
            let words = info.split(separator: " ").map(String.init)
            var language = words.first
            var isRunnable = false
            for word in words.dropFirst() {
                if word == "run" {
                    isRunnable = true
                } else {
                    error(line, "unknown word `\(word)` after the code fence; only `run` may follow the language (```python run)")
                }
            }
            if language == "run" {
                error(line, "name the language before `run`: ```python run")
                language = nil
            }
            if isRunnable, language != "python" {
                error(line, "only python code can be marked `run` (it is run with python3 to check its output)")
            }
            let block = CodeBlock(language: language, isRunnable: isRunnable, lines: [])
            if openExercise != nil {
                openCode = (exerciseCodeIsExpected(line) ? block : nil, line.number, line.column, false)
            } else if let question = openQuestion {
                if question.ask == nil || !question.options.isEmpty || !question.accepted.isEmpty || question.code != nil {
                    error(line, "a question's code block goes right after its `ask:`, before the options or `accept:`")
                    openCode = (nil, line.number, line.column, true)
                } else {
                    openCode = (block, line.number, line.column, true)
                }
            } else if section == .lesson || section == .node {
                openCode = (block, line.number, line.column, false)
            } else {
                error(line, "a code block must be inside a lesson: with the tutor's messages, or after a question's `ask:`")
                openCode = (nil, line.number, line.column, false)
            }
        case .line(let text):
            openCode?.block?.lines.append(text)
        case .close:
            guard let code = openCode else { return }
            openCode = nil
            guard let block = code.block else { return }
            if block.lines.allSatisfy({ $0.isEmpty }) {
                error(at: (code.line, code.column), "this code block is empty")
                return
            }
            let located = Located(value: block, line: code.line, column: code.column)
            if openExercise != nil {
                exerciseCode(located)
            } else if code.forQuestion, openQuestion != nil {
                openQuestion!.code = located
            } else {
                openBeat.append(Located(value: .code(block), line: code.line, column: code.column))
            }
        }
    }

    private mutating func option(_ line: SourceLine) {
        closeBeat()
        let isCorrect = line.text.hasPrefix("+")
        let body = line.text.dropFirst()
        let start = body.firstIndex(where: { !$0.isWhitespace }) ?? body.endIndex
        let text = String(body).trimmingWhitespace()
        guard openQuestion != nil else {
            error(line, openExercise != nil ? "an exercise has no options; its checks say what passes"
                                            : "an option (`+` or `-`) must follow a `question <id>` line")
            return
        }
        if text.isEmpty {
            error(line, "this option has no text; write it after `\(isCorrect ? "+" : "-")`")
            return
        }
        let option = OptionDraft(text: located(text, line, at: start), isCorrect: isCorrect)
        openQuestion?.options.append(option)
    }

    private mutating func field(_ key: String, value: Located<String>, line: SourceLine) {
        let keyLocation = (line: line.number, column: line.column)
        var value = value
        if openExercise != nil, Self.exerciseFields.contains(key) {
            exerciseField(key, value: value, at: keyLocation)
            return
        }
        if value.value.isEmpty {
            error(at: keyLocation, "`\(key):` needs a value after the colon")
            // Go on with a placeholder so a required field is not reported missing as well.
            guard ["title", "level", "summary", "takeaway", "ask", "explain", "hint", "feedback"].contains(key) else { return }
            value.value = "?"
        }
        if Self.questionFields.contains(key) {
            questionField(key, value: value, at: keyLocation)
            return
        }
        if Self.exerciseFields.contains(key) {
            error(at: keyLocation, "`\(key):` belongs to an exercise; start one with `exercise <id>`")
            return
        }
        switch key {
        case "title", "level", "summary":
            if section == .courseHeader {
                report(Self.setOnce(&draft.title, key == "title" ? value : nil, key: key))
                report(Self.setOnce(&draft.level, key == "level" ? value : nil, key: key))
                report(Self.setOnce(&draft.summary, key == "summary" ? value : nil, key: key))
            } else if key == "title", section == .lesson {
                lessonHeaderField(key, value: value, at: keyLocation) { $0.title = $1 } current: { $0.title }
            } else {
                error(at: keyLocation, "`\(key):` belongs to the course header, before the first `lesson`")
            }
        case "icon":
            guard section == .lesson else {
                error(at: keyLocation, "`icon:` belongs to a lesson, right after its `lesson <id>` line")
                return
            }
            lessonHeaderField(key, value: value, at: keyLocation) { $0.icon = $1 } current: { $0.icon }
        case "takeaway":
            closeOpenSteps()
            guard section == .lesson else {
                error(at: keyLocation, section == .node
                      ? "a takeaway belongs to the lesson's main flow, not to a node"
                      : "`takeaway:` must be inside a lesson")
                return
            }
            appendStep(.takeaway(value))
        default:
            error(at: keyLocation, "unknown field `\(key):`; known fields are \(Self.knownFields.map { "`\($0):`" }.joined(separator: ", "))")
        }
    }

    private mutating func questionField(_ key: String, value: Located<String>, at location: (line: Int, column: Int)) {
        closeBeat()
        guard openQuestion != nil else {
            error(at: location, "`\(key):` belongs to a question; start one with `question <id>`")
            return
        }
        switch key {
        case "ask":
            report(Self.setOnce(&openQuestion!.ask, value, key: key))
        case "explain":
            report(Self.setOnce(&openQuestion!.explanation, value, key: key))
        case "hint":
            openQuestion!.hints.append(value)
        case "accept":
            openQuestion!.accepted += alternatives(value, what: "an accepted answer")
            openQuestion!.feedbackGoesToWrong = false
        case "wrong":
            openQuestion!.wrong.append(WrongDraft(answers: alternatives(value, what: "a wrong answer"), field: value))
            openQuestion!.feedbackGoesToWrong = true
        case "on-wrong":
            if openQuestionIsRetry {
                error(at: location, "a node's question cannot have `on-wrong:`: it is asked inside a detour already, and detours do not nest")
            } else if checkID(value, what: "node") {
                report(Self.setOnce(&openQuestion!.remedialNode, value, key: key))
            }
        case "xp":
            if let points = Int(value.value), (1...1000).contains(points) {
                report(Self.setOnce(&openQuestion!.xp, Located(value: points, line: value.line, column: value.column), key: key))
            } else {
                error(at: (value.line, value.column), "`xp:` must be a whole number from 1 to 1000, not `\(value.value)`")
            }
        case "feedback":
            if openQuestion!.feedbackGoesToWrong, let last = openQuestion!.wrong.indices.last {
                report(Self.setOnce(&openQuestion!.wrong[last].feedback, value, key: key))
                return
            }
            guard let last = openQuestion!.options.indices.last else {
                error(at: location, "`feedback:` must follow the option or the `wrong:` answers it comments on")
                return
            }
            report(Self.setOnce(&openQuestion!.options[last].feedback, value, key: key))
        default:
            break
        }
    }

    /// `accept: a | b | c` (or `wrong:`): each alternative, located.
    private mutating func alternatives(_ value: Located<String>, what: String) -> [Located<String>] {
        var column = value.column
        var found: [Located<String>] = []
        for part in value.value.split(separator: "|", omittingEmptySubsequences: false) {
            let leading = part.prefix(while: { $0.isWhitespace }).unicodeScalars.count
            let text = String(part).trimmingWhitespace()
            if normalizedAnswer(text).isEmpty {
                error(at: (value.line, column), "\(what) between `|` is empty")
            } else {
                found.append(Located(value: text, line: value.line, column: column + leading))
            }
            column += part.unicodeScalars.count + 1
        }
        return found
    }

    private mutating func keywordLine(_ line: SourceLine) {
        let words = line.text.split(maxSplits: 1, omittingEmptySubsequences: true, whereSeparator: { $0.isWhitespace })
        let keyword = String(words[0])
        let argumentStart = words.count > 1 ? words[1].startIndex : line.text.endIndex
        let argument = words.count > 1 ? String(words[1]).trimmingWhitespace() : ""
        let id = located(argument, line, at: argumentStart)
        switch keyword {
        case "course":
            closeOpenSteps()
            if draft.id != nil || section != .preamble {
                error(line, "a file holds one course and its `course` line comes first")
            } else if requireID(id, keyword: keyword, line: line) {
                draft.id = id
                section = .courseHeader
            }
        case "lesson":
            closeOpenSteps()
            if section == .preamble {
                error(line, "the file must start with `course <id>` before its first lesson")
            }
            if requireID(id, keyword: keyword, line: line) {
                draft.lessons.append(LessonDraft(id: id))
                section = .lesson
            }
        case "question":
            closeOpenSteps()
            if section == .node, let lesson = draft.lessons.indices.last, let node = draft.lessons[lesson].nodes.last {
                if let first = node.question {
                    error(line, "node `\(node.id.value)` already has its question (line \(first.id.line)); a node holds at most one, after its messages")
                } else if requireID(id, keyword: keyword, line: line) {
                    openQuestion = QuestionDraft(id: id)
                    openQuestionIsRetry = true
                }
            } else if section != .lesson {
                error(line, "a question must be inside a lesson; start one with `lesson <id>`")
            } else if requireID(id, keyword: keyword, line: line) {
                openQuestion = QuestionDraft(id: id)
            }
        case "exercise":
            closeOpenSteps()
            if section == .node {
                error(line, "exercises belong to the lesson's main flow; a node holds messages and at most one question")
            } else if section != .lesson {
                error(line, "an exercise must be inside a lesson; start one with `lesson <id>`")
            } else if requireID(id, keyword: keyword, line: line) {
                openExercise = ExerciseDraft(id: id)
            }
        case "node":
            closeOpenSteps()
            if draft.lessons.isEmpty {
                error(line, "a node belongs to a lesson; put it after the lesson's main flow")
            } else if requireID(id, keyword: keyword, line: line) {
                draft.lessons[draft.lessons.count - 1].nodes.append(NodeDraft(id: id))
                section = .node
            }
        case "offer":
            closeOpenSteps()
            offer(line, argument: argument, at: argumentStart)
        default:
            error(line, "I do not understand this line; start a tutor message with `>`, "
                  + "an option with `+` or `-`, or use a field such as `title:`")
        }
    }

    /// `offer <node>: <prompt>`
    private mutating func offer(_ line: SourceLine, argument: String, at start: String.Index) {
        guard section == .lesson else {
            error(line, section == .node
                  ? "an offer belongs to the lesson's main flow; nodes do not nest"
                  : "an offer must be inside a lesson")
            return
        }
        guard let colon = argument.firstIndex(of: ":") else {
            error(line, "write an offer as `offer <node-id>: <yes/no question for the learner>`")
            // Still note the jump, so its node is not also reported unreachable.
            appendStep(.offer(node: located(argument, line, at: start), prompt: located("?", line, at: start)))
            return
        }
        let nodeID = String(argument[..<colon]).trimmingWhitespace()
        let prompt = String(argument[argument.index(after: colon)...]).trimmingWhitespace()
        let nodeLocation = located(nodeID, line, at: start)
        let promptOffset = argument.unicodeScalars.distance(from: argument.startIndex, to: colon) + 2
        let promptLocation = Located(value: prompt, line: line.number, column: nodeLocation.column + promptOffset)
        guard checkID(nodeLocation, what: "node") else { return }
        if prompt.isEmpty {
            error(at: (line.number, nodeLocation.column), "offer `\(nodeID)` needs a question after the colon")
        }
        appendStep(.offer(node: nodeLocation, prompt: promptLocation))
    }

    // MARK: - Blocks

    private mutating func closeBeat() {
        guard !openBeat.isEmpty, let lesson = draft.lessons.indices.last else {
            openBeat = []
            return
        }
        if section == .node, let node = draft.lessons[lesson].nodes.indices.last {
            if let question = draft.lessons[lesson].nodes[node].question, let first = openBeat.first {
                error(at: (first.line, first.column),
                      "node `\(draft.lessons[lesson].nodes[node].id.value)` ends with its question (line \(question.id.line)); put the node's messages before it")
            }
            draft.lessons[lesson].nodes[node].beats.append(openBeat)
        } else {
            draft.lessons[lesson].steps.append(.beat(openBeat))
        }
        openBeat = []
    }

    /// A new block, takeaway or offer ends the beat, question or exercise being read.
    private mutating func closeOpenSteps() {
        closeBeat()
        closeQuestion()
        closeExercise()
    }

    private mutating func closeExercise() {
        guard let exercise = openExercise else { return }
        openExercise = nil
        if let slot = exercise.awaitingCode {
            let field = Self.field(of: slot)
            error(at: (field.line, field.column), "`\(field.value):` needs its code in a fenced block on the lines right after it")
        }
        appendStep(.exercise(exercise))
    }

    /// An exercise's fields. `starter:` and `solution:` take no value: their code follows in a
    /// fenced block; `check:` takes the message shown when the check fails, and its code follows.
    private mutating func exerciseField(_ key: String, value: Located<String>, at location: (line: Int, column: Int)) {
        closeBeat()
        if let slot = openExercise!.awaitingCode {
            let field = Self.field(of: slot)
            error(at: (field.line, field.column), "`\(field.value):` needs its code in a fenced block on the lines right after it")
            openExercise!.awaitingCode = nil
        }
        let keyField = Located(value: key, line: location.line, column: location.column)
        if ["starter", "solution"].contains(key) {
            if !value.value.isEmpty {
                error(at: (value.line, value.column), "`\(key):` takes no value; put the code in a fenced block on the lines after it")
            }
            openExercise!.awaitingCode = key == "starter" ? .starter(field: keyField) : .solution(field: keyField)
            return
        }
        if value.value.isEmpty {
            error(at: location, "`\(key):` needs a value after the colon")
            return
        }
        switch key {
        case "task":
            report(Self.setOnce(&openExercise!.task, value, key: key))
        case "file":
            report(Self.setOnce(&openExercise!.file, value, key: key))
        case "language":
            report(Self.setOnce(&openExercise!.language, value, key: key))
        case "check":
            openExercise!.checks.append(CheckDraft(message: value))
            openExercise!.awaitingCode = .check(field: keyField)
        case "hint":
            openExercise!.hints.append(value)
        case "explain":
            report(Self.setOnce(&openExercise!.explanation, value, key: key))
        case "xp":
            if let points = Int(value.value), (1...1000).contains(points) {
                report(Self.setOnce(&openExercise!.xp, Located(value: points, line: value.line, column: value.column), key: key))
            } else {
                error(at: (value.line, value.column), "`xp:` must be a whole number from 1 to 1000, not `\(value.value)`")
            }
        default:
            break
        }
    }

    /// Whether an exercise expects a code block here; says why not when it does not.
    private mutating func exerciseCodeIsExpected(_ line: SourceLine) -> Bool {
        guard let slot = openExercise?.awaitingCode else {
            error(line, "an exercise's code goes right after its `starter:`, `check:` or `solution:` line")
            return false
        }
        if case .open(let info) = line.fence, info.split(separator: " ").contains("run") {
            error(line, "`run` marks code a beat shows; an exercise's checks run its code anyway")
        }
        _ = slot
        return true
    }

    private mutating func exerciseCode(_ code: Located<CodeBlock>) {
        guard let slot = openExercise?.awaitingCode else { return }
        openExercise!.awaitingCode = nil
        switch slot {
        case .starter:
            openExercise!.starter = code
        case .solution:
            openExercise!.solution = code
        case .check:
            openExercise!.checks[openExercise!.checks.count - 1].code = code
        }
    }

    private static func field(of slot: ExerciseDraft.CodeSlot) -> Located<String> {
        switch slot {
        case .starter(let field), .check(let field), .solution(let field): field
        }
    }

    private mutating func closeQuestion() {
        guard let question = openQuestion else { return }
        openQuestion = nil
        if openQuestionIsRetry {
            openQuestionIsRetry = false
            if let lesson = draft.lessons.indices.last, let node = draft.lessons[lesson].nodes.indices.last {
                draft.lessons[lesson].nodes[node].question = question
            }
            return
        }
        appendStep(.question(question))
    }

    private mutating func appendStep(_ step: StepDraft) {
        guard let lesson = draft.lessons.indices.last else { return }
        draft.lessons[lesson].steps.append(step)
    }

    private mutating func lessonHeaderField(
        _ key: String, value: Located<String>, at location: (line: Int, column: Int),
        set: (inout LessonDraft, Located<String>) -> Void,
        current: (LessonDraft) -> Located<String>?
    ) {
        guard let index = draft.lessons.indices.last else { return }
        if !draft.lessons[index].steps.isEmpty || !openBeat.isEmpty || openQuestion != nil || openExercise != nil {
            error(at: location, "`\(key):` goes right after the `lesson` line, before the lesson's messages")
        } else if let first = current(draft.lessons[index]) {
            error(at: location, "this lesson already has `\(key):` (line \(first.line))")
        } else {
            set(&draft.lessons[index], value)
        }
    }

    // MARK: - Helpers

    /// Fills a field that may be given once; returns the complaint when it was given before.
    private static func setOnce<Value>(_ slot: inout Located<Value>?, _ value: Located<Value>?, key: String) -> Diagnostic? {
        guard let value else { return nil }
        if let first = slot {
            return Diagnostic(file: "", line: value.line, column: value.column,
                              message: "`\(key):` is given twice; the first is on line \(first.line)")
        }
        slot = value
        return nil
    }

    private mutating func report(_ problem: Diagnostic?) {
        guard var problem else { return }
        problem.file = file
        diagnostics.append(problem)
    }

    private mutating func requireID(_ id: Located<String>, keyword: String, line: SourceLine) -> Bool {
        if id.value.isEmpty {
            error(line, "`\(keyword)` needs an id, such as `\(keyword) \(Self.exampleIDs[keyword] ?? "my-id")`")
            return false
        }
        // A malformed id is reported, but its block is still read so its contents are checked.
        _ = checkID(id, what: keyword)
        return true
    }

    private static let exampleIDs = ["course": "cpython-internals", "lesson": "gil", "question": "gil-quiz", "node": "gil-deep-dive",
                                     "exercise": "positive-descriptor"]

    private mutating func checkID(_ id: Located<String>, what: String) -> Bool {
        if isValidID(id.value) { return true }
        error(at: (id.line, id.column),
              "`\(id.value)` is not a valid \(what) id; use lowercase letters, digits, `-`, `_` and `.` (up to 64), starting with a letter or digit")
        return false
    }

    /// The colon of a `key: value` line, if the line starts with a field key.
    private func fieldColon(in text: String) -> String.Index? {
        guard let colon = text.firstIndex(of: ":") else { return nil }
        let key = text[..<colon]
        guard !key.isEmpty, key.allSatisfy({ $0.isLetter || $0 == "-" }) else { return nil }
        return colon
    }

    private func located(_ value: String, _ line: SourceLine, at index: String.Index) -> Located<String> {
        Located(value: value, line: line.number, column: line.column(of: index))
    }

    private mutating func error(_ line: SourceLine, _ message: String) {
        error(at: (line.number, line.column), message)
    }

    private mutating func error(at location: (line: Int, column: Int), _ message: String) {
        diagnostics.append(Diagnostic(file: file, line: location.line, column: location.column, message: message))
    }
}

/// Ids are what storage and commands refer to, so they stay plain and stable.
func isValidID(_ id: String) -> Bool {
    guard let first = id.unicodeScalars.first, id.unicodeScalars.count <= 64 else { return false }
    func isLowerAlnum(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar)
    }
    return isLowerAlnum(first) && id.unicodeScalars.allSatisfy { isLowerAlnum($0) || "-_.".unicodeScalars.contains($0) }
}
