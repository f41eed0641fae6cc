/// Whole-course rules: required fields, unique ids, jumps that land, reachable nodes,
/// well-formed questions. Produces the ``Course`` the tutoring logic relies on.
struct CourseValidator {
    let file: String
    private(set) var diagnostics = DiagnosticList()

    init(file: String) {
        self.file = file
    }

    mutating func validate(_ draft: CourseDraft) -> Course? {
        guard let id = draft.id else {
            error(at: 1, 1, "the file has no `course <id>` line; start the file with one, such as `course cpython-internals`")
            return nil
        }
        let title = require(draft.title, "course `\(id.value)` has no `title:`", at: id)
        let level = require(draft.level, "course `\(id.value)` has no `level:` (for example `level: advanced`)", at: id)
        let summary = require(draft.summary, "course `\(id.value)` has no `summary:` (one line on what it teaches)", at: id)
        if draft.lessons.isEmpty {
            error(at: id.line, id.column, "course `\(id.value)` has no lessons; add one with `lesson <id>`")
        }
        checkUnique(draft.lessons.map(\.id), what: "lesson")
        // Questions and exercises share one namespace: progress is stored per id.
        checkUnique(draft.lessons.flatMap { $0.steps.compactMap(\.taskID) + $0.nodes.compactMap { $0.question.map { ($0.id, "question") } } })
        checkUnique(draft.lessons.flatMap { $0.nodes.map(\.id) }, what: "node")
        let lessons = draft.lessons.map { validate($0) }
        return Course(id: id.value, title: title, level: level, summary: summary, lessons: lessons)
    }

    /// A runnable block's claimed output is the `output` block right after it; an `output`
    /// block shows what the code before it prints, so it needs one.
    private mutating func checkOutputBlocks(_ messages: [Located<Message>]) {
        for (index, message) in messages.enumerated() {
            guard case .code(let block) = message.value else { continue }
            let next: CodeBlock? = if index + 1 < messages.count, case .code(let following) = messages[index + 1].value { following } else { nil }
            let previous: CodeBlock? = if index > 0, case .code(let before) = messages[index - 1].value { before } else { nil }
            if block.isRunnable, next?.isOutput != true {
                error(at: message.line, message.column,
                      "a code block marked `run` needs the output it prints in an ```output block right after it")
            }
            if block.isOutput, previous == nil || previous!.isOutput {
                error(at: message.line, message.column, "an ```output block shows what the code block right before it prints; there is none")
            }
        }
    }

    private mutating func validate(_ lesson: LessonDraft) -> Lesson {
        let id = lesson.id.value
        let title = require(lesson.title, "lesson `\(id)` has no `title:`", at: lesson.id)
        // Not a lone letter or digit either: `lesson: 1/10 A title` must read as a title, not
        // an icon (the same rule as `Turn.isIcon` in LineProtocol, which reads text values back).
        if let icon = lesson.icon, icon.value.count != 1 || Self.isLoneLetterOrDigit(icon.value) {
            error(at: icon.line, icon.column, "`icon:` is one emoji or symbol, not `\(icon.value)`")
        }
        let takeaways = lesson.steps.filter { if case .takeaway = $0 { true } else { false } }
        if takeaways.isEmpty {
            error(at: lesson.id.line, lesson.id.column, "lesson `\(id)` has no `takeaway:`; every lesson states its key takeaway")
        }
        for case .takeaway(let extra) in takeaways.dropFirst() {
            error(at: extra.line, extra.column, "lesson `\(id)` already has a takeaway; keep one per lesson")
        }
        if lesson.questionDrafts.isEmpty {
            error(at: lesson.id.line, lesson.id.column, "lesson `\(id)` has no question; every lesson needs at least one")
        }
        let nodeIDs = Set(lesson.nodes.map(\.id.value))
        let nodesWithQuestions = Dictionary(lesson.nodes.compactMap { node in node.question.map { (node.id.value, $0.id.value) } },
                                            uniquingKeysWith: { first, _ in first })
        // The question whose `on-wrong:` enters each node with a question: its retry question
        // settles that one question, so no second question may lead there.
        var retriedBy: [String: Located<String>] = [:]
        var entered: Set<String> = []
        var steps: [Step] = []
        for step in lesson.steps {
            switch step {
            case .beat(let messages):
                checkOutputBlocks(messages)
                steps.append(.beat(Beat(messages: messages.map(\.value))))
            case .takeaway(let text):
                steps.append(.takeaway(text.value))
            case .offer(let node, let prompt):
                checkJump(to: node, in: lesson, nodeIDs: nodeIDs)
                if let retry = nodesWithQuestions[node.value] {
                    error(at: node.line, node.column,
                          "node `\(node.value)` ends with question `\(retry)`, which is asked instead of a question the learner missed; "
                          + "such a node is entered only by `on-wrong:`, so offer a node without a question")
                }
                entered.insert(node.value)
                steps.append(.offer(Offer(node: node.value, prompt: prompt.value)))
            case .question(let question):
                if let node = question.remedialNode {
                    checkJump(to: node, in: lesson, nodeIDs: nodeIDs)
                    entered.insert(node.value)
                    if let retry = nodesWithQuestions[node.value] {
                        if let first = retriedBy[node.value] {
                            error(at: node.line, node.column,
                                  "node `\(node.value)` ends with question `\(retry)`, asked instead of the question that missed; "
                                  + "it already stands in for the one on line \(first.line), so give this question a node of its own")
                        } else {
                            retriedBy[node.value] = question.id
                        }
                    }
                }
                steps.append(.question(validate(question)))
            case .exercise(let exercise):
                steps.append(.exercise(validate(exercise)))
            }
        }
        var nodes: [String: Node] = [:]
        for node in lesson.nodes {
            if node.beats.isEmpty && node.question == nil {
                error(at: node.id.line, node.id.column, "node `\(node.id.value)` has no messages; write what the tutor says with `>`")
            }
            if !entered.contains(node.id.value) {
                error(at: node.id.line, node.id.column,
                      "node `\(node.id.value)` is never offered or used by `on-wrong:`, so no learner can reach it")
            }
            nodes[node.id.value] = Node(id: node.id.value, beats: node.beats.map { Beat(messages: $0.map(\.value)) },
                                        question: node.question.map { validate($0) })
            for beat in node.beats { checkOutputBlocks(beat) }
        }
        return Lesson(id: id, title: title, icon: lesson.icon?.value, steps: steps, nodes: nodes)
    }

    private mutating func validate(_ question: QuestionDraft) -> Question {
        let id = question.id.value
        let prompt = require(question.ask, "question `\(id)` has no `ask:`; write the question the learner answers", at: question.id)
        let explanation = require(question.explanation, "question `\(id)` has no `explain:`; say why the answer is right", at: question.id)
        if question.hints.isEmpty {
            error(at: question.id.line, question.id.column, "question `\(id)` has no `hint:`; give at least one")
        }
        let answers: Question.Answers
        if let wrong = question.wrong.first, !question.options.isEmpty {
            error(at: wrong.field.line, wrong.field.column,
                  "`wrong:` is for free-text questions; in multiple choice, give the wrong option its own `feedback:`")
        }
        if !question.options.isEmpty && !question.accepted.isEmpty {
            let accept = question.accepted[0]
            error(at: accept.line, accept.column,
                  "question `\(id)` mixes options and `accept:`; a question is either multiple choice or free text")
            answers = .choice([])
        } else if !question.accepted.isEmpty {
            answers = .freeText(accepted: question.accepted.map(\.value))
            let accepted = Set(question.accepted.map { normalizedAnswer($0.value) })
            for wrong in question.wrong.flatMap(\.answers) where accepted.contains(normalizedAnswer(wrong.value)) {
                error(at: wrong.line, wrong.column, "`\(wrong.value)` is both accepted and wrong in question `\(id)`")
            }
        } else {
            checkOptions(of: question)
            answers = .choice(question.options.map {
                AnswerOption(text: $0.text.value, isCorrect: $0.isCorrect, feedback: $0.feedback?.value)
            })
        }
        return Question(
            id: id, prompt: prompt, answers: answers, explanation: explanation,
            hints: question.hints.map(\.value), xp: question.xp?.value ?? 10,
            remedialNode: question.remedialNode?.value, code: question.code?.value,
            wrongAnswers: question.wrong.map { WrongAnswer(answers: $0.answers.map(\.value), feedback: $0.feedback?.value) })
    }

    private mutating func validate(_ exercise: ExerciseDraft) -> Exercise {
        let id = exercise.id.value
        let task = require(exercise.task, "exercise `\(id)` has no `task:`; say what the learner writes", at: exercise.id)
        var language = ExerciseLanguage.python
        if let named = exercise.language {
            if let known = ExerciseLanguage(rawValue: named.value) {
                language = known
            } else {
                error(at: named.line, named.column,
                      "exercises are checked in \(Self.languageList); `\(named.value)` cannot be checked (or leave `language:` out for python)")
            }
        }
        let fileName = exercise.file?.value ?? "\(id).\(language.fileExtension)"
        if let file = exercise.file, !Self.isPlainFileName(file.value, extension: language.fileExtension) {
            error(at: file.line, file.column,
                  "`file:` is a plain \(language.rawValue) file name such as `\(Self.exampleFileName(language))` (letters, digits, `-`, `_`, `.`), not `\(file.value)`")
        } else if fileName.hasPrefix("tutord_check") {
            error(at: exercise.file?.line ?? exercise.id.line, exercise.file?.column ?? exercise.id.column,
                  "`\(fileName)` is the name of the checker's own file; name the learner's file something else")
        }
        if exercise.starter == nil {
            error(at: exercise.id.line, exercise.id.column, "exercise `\(id)` has no `starter:`; give the code the learner starts from (it may be a stub)")
        }
        if exercise.solution == nil {
            error(at: exercise.id.line, exercise.id.column, "exercise `\(id)` has no `solution:`; `tutord check` runs the checks against it")
        }
        for case let block? in [exercise.starter, exercise.solution] where block.value.language != language.rawValue {
            error(at: block.line, block.column, "an exercise's starter and solution are ```\(language.rawValue) blocks" + (language == .python ? "" : " (its `language:`)"))
        }
        if exercise.checks.isEmpty {
            error(at: exercise.id.line, exercise.id.column,
                  "exercise `\(id)` has no `check:`; add one with the message a failure shows and its code in a block after it")
        }
        var checks: [ExerciseCheck] = []
        for check in exercise.checks {
            guard let code = check.code else { continue }  // reported where the block was missing
            switch (code.value.language, language) {
            case ("python", _):
                checks.append(ExerciseCheck(message: check.message.value, test: .python(code.value.lines)))
            case ("output", .python):
                checks.append(ExerciseCheck(message: check.message.value, test: .output(code.value.lines)))
            case (_, .python):
                error(at: code.line, code.column,
                      "a check is a ```python block (run after the learner's code) or an ```output block (what it must print)")
            case (_, .dialogue):
                error(at: code.line, code.column,
                      "a dialogue exercise's check is a ```python block, run with the learner's parsed course as `course`")
            }
        }
        if exercise.hints.isEmpty {
            error(at: exercise.id.line, exercise.id.column, "exercise `\(id)` has no `hint:`; give at least one")
        }
        let empty = CodeBlock(language: language.rawValue, lines: [])
        return Exercise(id: id, task: task, fileName: fileName, starter: exercise.starter?.value ?? empty, checks: checks,
                        hints: exercise.hints.map(\.value), solution: exercise.solution?.value ?? empty,
                        explanation: exercise.explanation?.value, xp: exercise.xp?.value ?? Exercise.defaultXP, language: language)
    }

    /// `python` or `dialogue`, for the diagnostic of an unknown language.
    private static let languageList = ExerciseLanguage.allCases.map { "`\($0.rawValue)`" }.joined(separator: " or ")

    private static func exampleFileName(_ language: ExerciseLanguage) -> String {
        switch language {
        case .python: "positive.py"
        case .dialogue: "my-lesson.dialogue"
        }
    }

    /// `positive.py`, `my-lesson.dialogue`: what the learner's editor opens and diagnostics name.
    static func isPlainFileName(_ name: String, extension: String) -> Bool {
        guard name.hasSuffix("." + `extension`), name.count > `extension`.count + 1, name.count <= 64, let first = name.unicodeScalars.first,
              ("a"..."z").contains(first) || ("A"..."Z").contains(first) || first == "_" else { return false }
        return name.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || "-_.".unicodeScalars.contains($0)
        }
    }

    private mutating func checkOptions(of question: QuestionDraft) {
        let id = question.id.value
        let options = question.options
        if options.isEmpty {
            error(at: question.id.line, question.id.column,
                  "question `\(id)` has no answers; list options with `+` (right) and `-` (wrong), or give `accept:` for free text")
            return
        }
        if options.count < 2 {
            error(at: question.id.line, question.id.column, "question `\(id)` has only one option; a multiple-choice question needs at least 2")
        }
        if options.count > 9 {
            error(at: options[9].text.line, options[9].text.column, "question `\(id)` has \(options.count) options; at most 9 fit the keys 1-9")
        }
        let correct = options.filter(\.isCorrect).count
        if correct == 0 {
            error(at: question.id.line, question.id.column, "question `\(id)` marks no option correct; mark exactly one with `+`")
        } else if correct > 1 {
            let second = options.filter(\.isCorrect)[1].text
            error(at: second.line, second.column, "question `\(id)` marks \(correct) options correct; mark exactly one with `+`")
        }
        var seen: [String: Int] = [:]
        for option in options {
            let key = normalizedAnswer(option.text.value)
            if let first = seen[key] {
                error(at: option.text.line, option.text.column,
                      "question `\(id)` has this option twice (first on line \(first)); learners could not tell them apart")
            } else {
                seen[key] = option.text.line
            }
        }
    }

    private mutating func checkJump(to node: Located<String>, in lesson: LessonDraft, nodeIDs: Set<String>) {
        guard !nodeIDs.contains(node.value) else { return }
        error(at: node.line, node.column,
              "there is no node `\(node.value)` in lesson `\(lesson.id.value)`; define it with `node \(node.value)` after the lesson's main flow")
    }

    /// Question and exercise ids: unique together.
    private mutating func checkUnique(_ ids: [(id: Located<String>, what: String)]) {
        var first: [String: (line: Int, what: String)] = [:]
        for (id, what) in ids {
            if let earlier = first[id.value] {
                let shared = earlier.what == what ? "" : " by a \(earlier.what) (questions and exercises share ids)"
                error(at: id.line, id.column, "\(what) id `\(id.value)` is used twice; the first is on line \(earlier.line)\(shared)")
            } else {
                first[id.value] = (id.line, what)
            }
        }
    }

    private mutating func checkUnique(_ ids: [Located<String>], what: String) {
        var first: [String: Int] = [:]
        for id in ids {
            if let line = first[id.value] {
                error(at: id.line, id.column, "\(what) id `\(id.value)` is used twice; the first is on line \(line)")
            } else {
                first[id.value] = id.line
            }
        }
    }

    private mutating func require(_ value: Located<String>?, _ message: String, at anchor: Located<String>) -> String {
        if let value { return value.value }
        error(at: anchor.line, anchor.column, message)
        return ""
    }

    private static func isLoneLetterOrDigit(_ text: String) -> Bool {
        text.unicodeScalars.count == 1 && (text.first!.isLetter || text.first!.isNumber)
    }

    private mutating func error(at line: Int, _ column: Int, _ message: String) {
        diagnostics.append(Diagnostic(file: file, line: line, column: column, message: message))
    }
}

extension StepDraft {
    /// The id of a question or an exercise.
    var taskID: (id: Located<String>, what: String)? {
        switch self {
        case .question(let question): (question.id, "question")
        case .exercise(let exercise): (exercise.id, "exercise")
        default: nil
        }
    }
}

extension LessonDraft {
    var questionDrafts: [QuestionDraft] {
        steps.compactMap { if case .question(let question) = $0 { question } else { nil } }
    }

    /// The main flow's questions and then the nodes' retry questions. The option lints (the
    /// longest option, a crowded position, the odd one out) read these: a learner who meets a
    /// retry question reads its options as any other's, so its right answer must not follow a
    /// pattern either.
    var allQuestionDrafts: [QuestionDraft] {
        questionDrafts + nodes.compactMap(\.question)
    }
}
