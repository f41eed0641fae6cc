/// Payloads to wire lines: the text every line carries, and the fields JSON mode adds.
extension Payload {
    /// The lines to send: one, except a code block in text mode, which sends a line per line
    /// of code (values are single lines). Fields are built for JSON mode only.
    public func lines(for format: ReplyFormat) -> [ReplyLine] {
        var lines: [ReplyLine] = []
        appendLines(for: format, to: &lines)
        return lines
    }

    /// Appends ``lines(for:)`` to `lines`, for a reply of many payloads without an array each.
    public func appendLines(for format: ReplyFormat, to lines: inout [ReplyLine]) {
        if format == .text, case .turn(.code(_, let code)) = self {
            for line in code.isEmpty ? [""] : code { lines.append(ReplyLine(key: key, text: line)) }
            return
        }
        lines.append(ReplyLine(key: key, text: text, fields: format == .json ? fields : []))
    }

    /// The value of the text-mode line (and the JSON `text`).
    public var text: String {
        switch self {
        case .turn(let turn): turn.text
        case .command(_, let usage, let summary): "\(usage) - \(summary)"
        case .learner(let user, _, let profile): profile.map { "\(user)/\($0)" } ?? user
        case .current(let course): course
        case .streak(let days): "\(days) day\(days == 1 ? "" : "s")"
        case .export(let json): json
        case .confirm(let command): command
        case .changed(let subsystem): subsystem.rawValue
        case .unsaved(let reason): reason
        case .rank(let row): row.text
        case .report(let row): row.text
        case .weak(let spot): spot.text
        case .csv(let line): line
        case .dialogues(let directory): directory
        case .started(let by, let pid): "\(by) \(pid)"
        case .check(let number, let total, let kind, let message): "\(number)/\(total) \(kind.rawValue) \(message)"
        case .runner(let language, let file): "\(language) \(file)"
        case .unrecognised(_, let text): text
        }
    }

    /// The structured fields of JSON mode, in a stable order (after `type` and `text`).
    public var fields: [(String, ReplyValue)] {
        switch self {
        case .turn(let turn): turn.fields
        case .command(let name, let usage, let summary):
            [("name", .optional(name)), ("usage", .string(usage)), ("summary", .string(summary))]
        case .learner(let user, let uid, let profile):
            [("user", .string(user))] + (uid.map { [("uid", ReplyValue.int($0))] } ?? []) + [("profile", .optional(profile))]
        case .current(let course): [("course", .string(course))]
        case .streak(let days): [("days", .int(days))]
        case .confirm(let command): [("command", .string(command))]
        case .changed(let subsystem): [("changed", .string(subsystem.rawValue))]
        case .unsaved(let reason): [("reason", .string(reason))]
        case .rank(let row):
            [("rank", .int(row.rank)), ("learner", .string(row.learner)), ("xp", .int(row.xp)), ("lessons", .int(row.lessons)),
             ("streak", .int(row.streak)), ("you", .bool(row.isYou)), ("hidden", .bool(row.isHidden))]
        case .report(let row):
            [("learner", .string(row.learner)), ("xp", .int(row.xp)), ("lessons", .int(row.lessons)), ("first_try", .int(row.firstTry)),
             ("tried", .int(row.tried)), ("last_active", .string(row.lastActive))]
        case .weak(let spot):
            [("course", .string(spot.course)), ("question", .string(spot.question)), ("missed", .int(spot.missed)), ("answered", .int(spot.answered))]
        case .dialogues(let directory): [("directory", .string(directory))]
        case .started(let by, let pid): [("by", .string(by)), ("pid", .int(pid))]
        case .check(let number, let total, let kind, let message):
            [("number", .int(number)), ("total", .int(total)), ("kind", .string(kind.rawValue)), ("message", .string(message))]
        case .runner(let language, let file): [("language", .string(language)), ("file", .string(file))]
        case .export, .csv, .unrecognised: []
        }
    }
}

extension Turn {
    /// The turn as one line of text, without its key.
    public var text: String {
        switch self {
        case .course(let id, let title, let level, let summary, let lessons):
            return "\(id) \(title) | \(level) | \(lessons) lessons | \(summary)"
        case .lesson(let number, let total, _, let icon, let title):
            return "\(number)/\(total) " + Self.withIcon(icon, title)
        case .tutor(let text), .nudge(let text), .takeaway(let text), .feedback(let text), .explanation(let text), .answer(let text):
            return text
        case .code(_, let lines):
            return lines.joined(separator: "\n")
        case .quiz(_, let prompt, _):
            return prompt
        case .option(let number, let text):
            return "\(number) \(text)"
        case .exercise(let id, let file, let task):
            return "\(id) \(file) \(task)"
        case .offer(_, let prompt):
            return prompt
        case .verdict(let verdict):
            return verdict.rawValue
        case .hint(let number, let total, let text):
            return "\(number)/\(total) \(text)"
        case .xp(let gained, let total):
            return "+\(gained) total \(total)"
        case .toc(let number, let total, let id, let icon, let title, let isDone, let isCurrent):
            return "\(Self.tocMark(isDone: isDone, isCurrent: isCurrent)) \(number)/\(total) \(id) " + Self.withIcon(icon, title)
        case .progress(let summary), .summary(let summary):
            return summary.text
        case .help(let command, let description):
            return "\(command) - \(description)"
        case .missed(let lesson, _, let miss, let prompt):
            return "\(lesson) \(miss.rawValue) \(prompt)"
        case .elapsed(let seconds):
            return "\(seconds)"
        case .review(let number, let total):
            return "\(number)/\(total)"
        case .due(let count):
            return "\(count)"
        case .reviews(let summary):
            return summary.text
        case .cite(let citation):
            return citation.text
        case .standing(let standing):
            return standing.text
        case .expect(let expectation, let quiz, let exercise):
            return (quiz ?? exercise).map { "\(expectation.rawValue) \($0)" } ?? expectation.rawValue
        }
    }

    var fields: [(String, ReplyValue)] {
        switch self {
        case .course(let id, let title, let level, let summary, let lessons):
            return [("id", .string(id)), ("title", .string(title)), ("level", .string(level)),
                    ("summary", .string(summary)), ("lessons", .int(lessons))]
        case .lesson(let number, let total, let id, let icon, let title):
            return [("number", .int(number)), ("total", .int(total)), ("id", .optional(id)),
                    ("icon", .optional(icon)), ("title", .string(title))]
        case .tutor, .nudge, .takeaway, .feedback, .explanation, .answer:
            return []
        case .cite(let citation):
            return [("course", .string(citation.course)), ("lesson", .int(citation.lesson)), ("lessons", .int(citation.lessons)),
                    ("icon", .optional(citation.icon)), ("title", .string(citation.title)), ("ahead", .bool(citation.isAhead)),
                    ("goto", .string(citation.command))]
        case .code(let language, let lines):
            return [("language", .optional(language)), ("lines", .strings(lines))]
        case .quiz(let id, let prompt, let isFreeText):
            return [("id", .optional(id)), ("prompt", .string(prompt)), ("free_text", isFreeText.map { .bool($0) } ?? .null)]
        case .option(let number, let text):
            return [("number", .int(number)), ("option", .string(text))]
        case .exercise(let id, let file, let task):
            return [("id", .string(id)), ("file", .string(file)), ("task", .string(task))]
        case .offer(let node, let prompt):
            return [("node", .optional(node)), ("prompt", .string(prompt))]
        case .verdict(let verdict):
            return [("verdict", .string(verdict.rawValue))]
        case .hint(let number, let total, let text):
            return [("number", .int(number)), ("total", .int(total)), ("hint", .string(text))]
        case .xp(let gained, let total):
            return [("gained", .int(gained)), ("total", .int(total))]
        case .toc(let number, let total, let id, let icon, let title, let isDone, let isCurrent):
            return [("number", .int(number)), ("total", .int(total)), ("id", .string(id)), ("icon", .optional(icon)),
                    ("title", .string(title)), ("done", .bool(isDone)), ("current", .bool(isCurrent))]
        case .progress(let summary), .summary(let summary):
            return summary.fields
        case .missed(let lesson, let question, let miss, let prompt):
            return [("lesson", .int(lesson)), ("question", .optional(question)), ("miss", .string(miss.rawValue)), ("prompt", .string(prompt))]
        case .elapsed(let seconds):
            return [("seconds", .int(seconds))]
        case .review(let number, let total):
            return [("number", .int(number)), ("total", .int(total))]
        case .due(let count):
            return [("count", .int(count))]
        case .reviews(let summary):
            return [("due", .int(summary.dueNow)), ("week", .int(summary.dueThisWeek)), ("reviewed", .int(summary.reviewed)),
                    ("right", .int(summary.right)), ("retention", .int(summary.retention)),
                    ("next_due", summary.nextDue.map { .int(Int($0)) } ?? .null)]
        case .standing(let standing):
            return [("course", .string(standing.course)), ("lesson", .int(standing.lesson)), ("icon", .optional(standing.icon)),
                    ("title", .string(standing.title))] + standing.summary.fields + [("due", .int(standing.due)),
                    ("review_number", standing.review.map { .int($0.number) } ?? .null),
                    ("review_total", standing.review.map { .int($0.total) } ?? .null)]
        case .help(let command, let description):
            return [("command", .string(command)), ("description", .string(description))]
        case .expect(let expectation, let quiz, let exercise):
            return [("expect", .string(expectation.rawValue)), ("quiz", .optional(quiz)), ("exercise", .optional(exercise))]
        }
    }

    static func withIcon(_ icon: String?, _ title: String) -> String {
        icon.map { "\($0) \(title)" } ?? title
    }

    static func tocMark(isDone: Bool, isCurrent: Bool) -> String {
        isDone ? "✓" : (isCurrent ? "▸" : "·")
    }
}

extension ProgressSummary {
    var fields: [(String, ReplyValue)] {
        [("correct", .int(correct)), ("questions", .int(questions)), ("xp", .int(xp)),
         ("lessons_done", .int(lessonsDone)), ("lessons", .int(lessons)),
         ("first_try", .int(firstTry)), ("tried", .int(tried)), ("answers", .int(answers)), ("accuracy", .int(accuracy))]
    }

    /// `score 3/11 xp 15 lessons 1/10 first-try 2/3 answers 4 accuracy 67%`: first-try is of the
    /// questions tried, so the pair and the percentage beside it agree.
    public var text: String {
        TextBuilder.build(capacity: Self.textCapacity) { append(to: &$0) }
    }

    /// The most ``text`` can take: its words and eight numbers.
    static let textCapacity = 64 + 8 * TextBuilder.integerCapacity

    func append(to text: inout TextBuilder) {
        text.append("score ")
        text.append(correct)
        text.append("/")
        text.append(questions)
        text.append(" xp ")
        text.append(xp)
        text.append(" lessons ")
        text.append(lessonsDone)
        text.append("/")
        text.append(lessons)
        text.append(" first-try ")
        text.append(firstTry)
        text.append("/")
        text.append(tried)
        text.append(" answers ")
        text.append(answers)
        text.append(" accuracy ")
        text.append(accuracy)
        text.append("%")
    }
}

extension ReplyValue {
    static func optional(_ text: String?) -> ReplyValue {
        text.map { .string($0) } ?? .null
    }
}
