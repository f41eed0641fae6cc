/// Received lines to payloads: the inverse of ``Payload/lines(for:)``.
///
/// A JSON line is decoded from its fields; a text line from its value, by the forms in
/// docs/protocol.md. Text mode does not carry what only JSON has (a quiz's id and free_text, an
/// offer's node, the learner's uid): those decode as `nil`. An icon in a `lesson` or `toc` value
/// is recognised as a first word of one character that is not a lone letter or digit (the
/// course checker allows nothing else as an icon; keycaps such as 1️⃣ are icons).
extension Payload {
    public init(_ line: ReplyLine) {
        let decoded = PayloadKind(rawValue: line.key).flatMap { kind in
            line.fields.isEmpty ? Self.decode(kind, text: line.text) : Self.decode(kind, fields: Fields(line.fields))
        }
        self = decoded ?? .unrecognised(key: line.key, text: line.text)
    }

    /// The turn, if this payload is one.
    public var turn: Turn? {
        if case .turn(let turn) = self { return turn }
        return nil
    }

    // MARK: - Text

    private static func decode(_ kind: PayloadKind, text: String) -> Payload? {
        switch kind {
        case .course, .lesson, .tutor, .nudge, .code, .takeaway, .quiz, .option, .exercise, .offer, .verdict, .feedback, .explanation, .hint, .xp, .toc, .progress, .summary, .help, .missed, .elapsed, .review, .due, .reviews, .answer, .cite, .standing, .expect:
            return Turn.decode(kind, text: text).map(Payload.turn)
        case .command:
            guard let (usage, summary) = split(text, at: " - ") else { return nil }
            return .command(name: commandName(usage), usage: usage, summary: summary)
        case .learner:
            if let slash = text.firstIndex(of: "/") {
                return .learner(user: String(text[..<slash]), uid: nil, profile: String(text[text.index(after: slash)...]))
            }
            return .learner(user: text, uid: nil, profile: nil)
        case .current: return .current(course: text)
        case .streak:
            guard let (count, unit) = split(text, at: " "), let days = Int(count), unit == (days == 1 ? "day" : "days") else { return nil }
            return .streak(days: days)
        case .export: return .export(json: text)
        case .confirm: return .confirm(command: text)
        case .changed: return Subsystem(rawValue: text).map { .changed($0) }
        case .unsaved: return .unsaved(reason: text)
        case .csv: return .csv(text)
        case .dialogues: return .dialogues(directory: text)
        case .started:
            guard let (by, number) = split(text, at: " "), let pid = Int(number) else { return nil }
            return .started(by: by, pid: pid)
        case .check:
            // `1/3 python zero is refused with ValueError`
            guard let (place, rest) = split(text, at: " "), let (kindWord, message) = split(rest, at: " "),
                  let kind = CheckKind(rawValue: kindWord) else { return nil }
            let pair = place.split(separator: "/").compactMap { Int($0) }
            guard pair.count == 2 else { return nil }
            return .check(number: pair[0], total: pair[1], kind: kind, message: message)
        case .runner:
            guard let (language, file) = split(text, at: " ") else { return nil }
            return .runner(language: language, file: file)
        case .rank:
            guard let (counts, learner) = split(text, at: " | ") else { return nil }
            let words = counts.split(separator: " ").map(String.init)
            guard words.count >= 7, let rank = Int(words[0]), words[1] == "xp", let xp = Int(words[2]), words[3] == "lessons",
                  let lessons = Int(words[4]), words[5] == "streak", let streak = Int(words[6]) else { return nil }
            let flags = Set(words.dropFirst(7))
            guard flags.isSubset(of: ["you", "hidden"]) else { return nil }
            return .rank(LeaderboardRow(rank: rank, learner: learner, xp: xp, lessons: lessons, streak: streak,
                                        isYou: flags.contains("you"), isHidden: flags.contains("hidden")))
        case .report:
            guard let (counts, learner) = split(text, at: " | ") else { return nil }
            let words = counts.split(separator: " ").map(String.init)
            let pair = words.count == 9 ? words[5].split(separator: "/").compactMap { Int($0) } : []
            guard words.count == 9, words[0] == "xp", let xp = Int(words[1]), words[2] == "lessons", let lessons = Int(words[3]),
                  words[4] == "first-try", pair.count == 2, words[7] == "last" else { return nil }
            return .report(ReportRow(learner: learner, xp: xp, lessons: lessons, firstTry: pair[0], tried: pair[1], lastActive: words[8]))
        case .weak:
            let words = text.split(separator: " ").map(String.init)
            let pair = words.first?.split(separator: "/").compactMap { Int($0) } ?? []
            guard words.count == 3, pair.count == 2 else { return nil }
            return .weak(WeakSpot(course: words[1], question: words[2], missed: pair[0], answered: pair[1]))
        }
    }

    /// `reset <course> confirm` → `reset`; the chat line's `<anything else>` has no name.
    static func commandName(_ usage: String) -> String? {
        usage.hasPrefix("<") ? nil : String(usage.prefix { $0 != " " })
    }

    // MARK: - JSON

    private static func decode(_ kind: PayloadKind, fields: Fields) -> Payload? {
        switch kind {
        case .course, .lesson, .tutor, .nudge, .code, .takeaway, .quiz, .option, .exercise, .offer, .verdict, .feedback, .explanation, .hint, .xp, .toc, .progress, .summary, .help, .missed, .elapsed, .review, .due, .reviews, .answer, .cite, .standing, .expect:
            return Turn.decode(kind, fields: fields).map(Payload.turn)
        case .command:
            guard let usage = fields.string("usage"), let summary = fields.string("summary") else { return nil }
            return .command(name: fields.string("name"), usage: usage, summary: summary)
        case .learner:
            guard let user = fields.string("user") else { return nil }
            return .learner(user: user, uid: fields.int("uid"), profile: fields.string("profile"))
        case .current: return fields.string("course").map { .current(course: $0) }
        case .streak: return fields.int("days").map { .streak(days: $0) }
        case .confirm: return fields.string("command").map { .confirm(command: $0) }
        case .changed: return fields.string("changed").flatMap(Subsystem.init(rawValue:)).map { .changed($0) }
        case .unsaved: return fields.string("reason").map { .unsaved(reason: $0) }
        case .rank:
            guard let rank = fields.int("rank"), let learner = fields.string("learner"), let xp = fields.int("xp"),
                  let lessons = fields.int("lessons"), let streak = fields.int("streak"), let you = fields.bool("you"),
                  let hidden = fields.bool("hidden") else { return nil }
            return .rank(LeaderboardRow(rank: rank, learner: learner, xp: xp, lessons: lessons, streak: streak, isYou: you, isHidden: hidden))
        case .report:
            guard let learner = fields.string("learner"), let xp = fields.int("xp"), let lessons = fields.int("lessons"),
                  let firstTry = fields.int("first_try"), let tried = fields.int("tried"),
                  let last = fields.string("last_active") else { return nil }
            return .report(ReportRow(learner: learner, xp: xp, lessons: lessons, firstTry: firstTry, tried: tried, lastActive: last))
        case .weak:
            guard let course = fields.string("course"), let question = fields.string("question"), let missed = fields.int("missed"),
                  let answered = fields.int("answered") else { return nil }
            return .weak(WeakSpot(course: course, question: question, missed: missed, answered: answered))
        case .dialogues: return fields.string("directory").map { .dialogues(directory: $0) }
        case .started:
            guard let by = fields.string("by"), let pid = fields.int("pid") else { return nil }
            return .started(by: by, pid: pid)
        case .check:
            guard let number = fields.int("number"), let total = fields.int("total"),
                  let kind = fields.string("kind").flatMap(CheckKind.init(rawValue:)), let message = fields.string("message") else { return nil }
            return .check(number: number, total: total, kind: kind, message: message)
        case .runner:
            guard let language = fields.string("language"), let file = fields.string("file") else { return nil }
            return .runner(language: language, file: file)
        case .export, .csv: return nil  // carried as `text` only, read by the text decoder
        }
    }
}

extension Turn {
    static func decode(_ kind: PayloadKind, text: String) -> Turn? {
        switch kind {
        case .course:
            guard let space = text.firstIndex(of: " ") else { return nil }
            let parts = text[text.index(after: space)...].split(separator: " | ", omittingEmptySubsequences: false).map(String.init)
            guard parts.count >= 4, parts[2].hasSuffix(" lessons"), let lessons = Int(parts[2].dropLast(8)) else { return nil }
            return .course(id: String(text[..<space]), title: parts[0], level: parts[1],
                           summary: parts[3...].joined(separator: " | "), lessons: lessons)
        case .lesson:
            guard let (number, total, rest) = fraction(text) else { return nil }
            let (icon, title) = splitIcon(rest)
            return .lesson(number: number, total: total, id: nil, icon: icon, title: title)
        case .tutor: return .tutor(text)
        case .nudge: return .nudge(text)
        case .code: return .code(language: nil, lines: [text])
        case .takeaway: return .takeaway(text)
        case .feedback: return .feedback(text)
        case .explanation: return .explanation(text)
        case .quiz: return .quiz(id: nil, prompt: text, isFreeText: nil)
        case .option:
            guard let (count, option) = Payload.split(text, at: " "), let number = Int(count) else { return nil }
            return .option(number: number, text: option)
        case .exercise:
            let words = text.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
            guard words.count == 3 else { return nil }
            return .exercise(id: words[0], file: words[1], task: words[2])
        case .offer: return .offer(node: nil, prompt: text)
        case .verdict: return Verdict(rawValue: text).map { .verdict($0) }
        case .hint:
            guard let (number, total, hint) = fraction(text) else { return nil }
            return .hint(number: number, total: total, text: hint)
        case .xp:
            let words = text.split(separator: " ", omittingEmptySubsequences: false)
            guard words.count == 3, words[0].hasPrefix("+"), words[1] == "total",
                  let gained = Int(words[0].dropFirst()), let total = Int(words[2]) else { return nil }
            return .xp(gained: gained, total: total)
        case .toc:
            guard let (mark, rest) = Payload.split(text, at: " "), let (number, total, entry) = fraction(rest),
                  let (id, iconAndTitle) = Payload.split(entry, at: " ") else { return nil }
            let (icon, title) = splitIcon(iconAndTitle)
            let states = [(true, false), (false, true), (false, false)]
            guard let (isDone, isCurrent) = states.first(where: { Turn.tocMark(isDone: $0.0, isCurrent: $0.1) == mark }) else { return nil }
            return .toc(number: number, total: total, id: id, icon: icon, title: title, isDone: isDone, isCurrent: isCurrent)
        case .progress: return ProgressSummary(text: text).map { .progress($0) }
        case .summary: return ProgressSummary(text: text).map { .summary($0) }
        case .help:
            guard let (command, description) = Payload.split(text, at: " - ") else { return nil }
            return .help(command: command, description: description)
        case .missed:
            let words = text.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
            guard words.count == 3, let lesson = Int(words[0]), let miss = Miss(rawValue: String(words[1])) else { return nil }
            return .missed(lesson: lesson, question: nil, miss: miss, prompt: String(words[2]))
        case .elapsed: return Int(text).map { .elapsed(seconds: $0) }
        case .review:
            let parts = text.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count == 2, let number = Int(parts[0]), let total = Int(parts[1]) else { return nil }
            return .review(number: number, total: total)
        case .due: return Int(text).map { .due(count: $0) }
        case .reviews: return ReviewSummary(text: text).map { .reviews($0) }
        case .answer: return .answer(text)
        case .cite:
            let words = text.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
            guard words.count == 3, words[1] == "ahead" || words[1] == "seen", let (number, total, rest) = fraction(words[2]) else { return nil }
            let (icon, title) = splitIcon(rest)
            return .cite(Citation(course: words[0], lesson: number, lessons: total, icon: icon, title: title, isAhead: words[1] == "ahead"))
        case .standing:
            guard let (countsWithCourse, lessonText) = Payload.split(text, at: " | "),
                  let (course, countsAndDue) = Payload.split(countsWithCourse, at: " "),
                  let dueAt = countsAndDue.range(of: " due ", options: .backwards),
                  let summary = ProgressSummary(text: String(countsAndDue[..<dueAt.lowerBound])),
                  let (number, total, rest) = fraction(lessonText), total == summary.lessons else { return nil }
            let tail = countsAndDue[dueAt.upperBound...].split(separator: " ").map(String.init)
            guard let due = tail.first.flatMap({ Int($0) }) else { return nil }
            var review: (Int, Int)?
            let parts = tail.count == 3 && tail[1] == "review" ? tail[2].split(separator: "/").compactMap { Int($0) } : []
            if parts.count == 2 {
                review = (parts[0], parts[1])
            } else if tail.count != 1 {
                return nil
            }
            let (icon, title) = splitIcon(rest)
            return .standing(Standing(course: course, lesson: number, icon: icon, title: title, summary: summary, due: due, review: review))
        case .expect:
            // `answer <quiz>` at a quiz, `exercise <id>` at an exercise, one word otherwise.
            let words = text.split(separator: " ", maxSplits: 1).map(String.init)
            guard let expectation = words.first.flatMap(Expectation.init(rawValue:)) else { return nil }
            let id = words.count > 1 ? words[1] : nil
            return expectation == .exercise ? .expect(expectation, exercise: id) : .expect(expectation, quiz: id)
        case .command, .learner, .current, .streak, .export, .confirm, .changed, .unsaved, .rank, .report, .weak, .csv, .dialogues, .started, .check, .runner: return nil  // not turns
        }
    }

    static func decode(_ kind: PayloadKind, fields: Fields) -> Turn? {
        switch kind {
        case .course:
            guard let id = fields.string("id"), let title = fields.string("title"), let level = fields.string("level"),
                  let summary = fields.string("summary"), let lessons = fields.int("lessons") else { return nil }
            return .course(id: id, title: title, level: level, summary: summary, lessons: lessons)
        case .lesson:
            guard let number = fields.int("number"), let total = fields.int("total"), let title = fields.string("title") else { return nil }
            return .lesson(number: number, total: total, id: fields.string("id"), icon: fields.string("icon"), title: title)
        case .code:
            guard case .strings(let lines)? = fields.value("lines") else { return nil }
            return .code(language: fields.string("language"), lines: lines)
        case .quiz:
            guard let prompt = fields.string("prompt") else { return nil }
            return .quiz(id: fields.string("id"), prompt: prompt, isFreeText: fields.bool("free_text"))
        case .option:
            guard let number = fields.int("number"), let option = fields.string("option") else { return nil }
            return .option(number: number, text: option)
        case .exercise:
            guard let id = fields.string("id"), let file = fields.string("file"), let task = fields.string("task") else { return nil }
            return .exercise(id: id, file: file, task: task)
        case .offer:
            guard let prompt = fields.string("prompt") else { return nil }
            return .offer(node: fields.string("node"), prompt: prompt)
        case .verdict: return fields.string("verdict").flatMap(Verdict.init(rawValue:)).map { .verdict($0) }
        case .hint:
            guard let number = fields.int("number"), let total = fields.int("total"), let hint = fields.string("hint") else { return nil }
            return .hint(number: number, total: total, text: hint)
        case .xp:
            guard let gained = fields.int("gained"), let total = fields.int("total") else { return nil }
            return .xp(gained: gained, total: total)
        case .toc:
            guard let number = fields.int("number"), let total = fields.int("total"), let id = fields.string("id"),
                  let title = fields.string("title"), let isDone = fields.bool("done"), let isCurrent = fields.bool("current") else { return nil }
            return .toc(number: number, total: total, id: id, icon: fields.string("icon"), title: title, isDone: isDone, isCurrent: isCurrent)
        case .progress: return ProgressSummary(fields: fields).map { .progress($0) }
        case .summary: return ProgressSummary(fields: fields).map { .summary($0) }
        case .help:
            guard let command = fields.string("command"), let description = fields.string("description") else { return nil }
            return .help(command: command, description: description)
        case .missed:
            guard let lesson = fields.int("lesson"), let miss = fields.string("miss").flatMap(Miss.init(rawValue:)),
                  let prompt = fields.string("prompt") else { return nil }
            return .missed(lesson: lesson, question: fields.string("question"), miss: miss, prompt: prompt)
        case .elapsed: return fields.int("seconds").map { .elapsed(seconds: $0) }
        case .review:
            guard let number = fields.int("number"), let total = fields.int("total") else { return nil }
            return .review(number: number, total: total)
        case .due: return fields.int("count").map { .due(count: $0) }
        case .cite:
            guard let course = fields.string("course"), let lesson = fields.int("lesson"), let lessons = fields.int("lessons"),
                  let title = fields.string("title"), let isAhead = fields.bool("ahead") else { return nil }
            return .cite(Citation(course: course, lesson: lesson, lessons: lessons, icon: fields.string("icon"), title: title, isAhead: isAhead))
        case .reviews:
            guard let due = fields.int("due"), let week = fields.int("week"), let reviewed = fields.int("reviewed"),
                  let right = fields.int("right") else { return nil }
            return .reviews(ReviewSummary(dueNow: due, dueThisWeek: week, reviewed: reviewed, right: right,
                                          nextDue: fields.int("next_due").map(Int64.init)))
        case .standing:
            guard let course = fields.string("course"), let lesson = fields.int("lesson"), let title = fields.string("title"),
                  let summary = ProgressSummary(fields: fields), let due = fields.int("due") else { return nil }
            let review = fields.int("review_number").flatMap { number in fields.int("review_total").map { (number, $0) } }
            return .standing(Standing(course: course, lesson: lesson, icon: fields.string("icon"), title: title, summary: summary,
                                      due: due, review: review))
        case .expect:
            return fields.string("expect").flatMap(Expectation.init(rawValue:))
                .map { .expect($0, quiz: fields.string("quiz"), exercise: fields.string("exercise")) }
        case .tutor, .nudge, .takeaway, .feedback, .explanation, .answer: return nil  // carried as `text` only
        case .command, .learner, .current, .streak, .export, .confirm, .changed, .unsaved, .rank, .report, .weak, .csv, .dialogues, .started, .check, .runner: return nil  // not turns
        }
    }

    /// `3/10 rest` → (3, 10, "rest")
    private static func fraction(_ text: String) -> (Int, Int, String)? {
        guard let (head, rest) = Payload.split(text, at: " "), let slash = head.firstIndex(of: "/"),
              let number = Int(head[..<slash]), let total = Int(head[head.index(after: slash)...]) else { return nil }
        return (number, total, rest)
    }

    /// `🔒 The GIL` → ("🔒", "The GIL"); `Asyncio` → (nil, "Asyncio")
    private static func splitIcon(_ text: String) -> (String?, String) {
        guard let (first, rest) = Payload.split(text, at: " "), isIcon(first) else { return (nil, text) }
        return (first, rest)
    }

    /// One character, and not a lone letter or digit (the course checker's rule for `icon:`).
    public static func isIcon(_ word: String) -> Bool {
        word.count == 1 && !(word.unicodeScalars.count == 1 && (word.first!.isLetter || word.first!.isNumber))
    }
}

extension ProgressSummary {
    /// Parses ``text``: `score 3/11 xp 15 lessons 1/10 first-try 2/3 answers 4 accuracy 67%`.
    init?(text: String) {
        let words = text.split(separator: " ").map(String.init)
        guard words.count == 12, words[0] == "score", words[2] == "xp", words[4] == "lessons", words[6] == "first-try",
              words[8] == "answers", words[10] == "accuracy" else { return nil }
        func pair(_ word: String) -> (Int, Int)? {
            let parts = word.split(separator: "/")
            guard parts.count == 2, let a = Int(parts[0]), let b = Int(parts[1]) else { return nil }
            return (a, b)
        }
        guard let (correct, questions) = pair(words[1]), let xp = Int(words[3]), let (done, lessons) = pair(words[5]),
              let (firstTry, tried) = pair(words[7]), let answers = Int(words[9]) else { return nil }
        self.init(lessonsDone: done, lessons: lessons, xp: xp, questions: questions, correct: correct, firstTry: firstTry,
                  tried: tried, answers: answers)
    }

    init?(fields: Fields) {
        guard let correct = fields.int("correct"), let questions = fields.int("questions"), let xp = fields.int("xp"),
              let done = fields.int("lessons_done"), let lessons = fields.int("lessons"), let firstTry = fields.int("first_try"),
              let tried = fields.int("tried"), let answers = fields.int("answers") else { return nil }
        self.init(lessonsDone: done, lessons: lessons, xp: xp, questions: questions, correct: correct, firstTry: firstTry,
                  tried: tried, answers: answers)
    }
}

extension ReviewSummary {
    init?(text: String) {
        let words = text.split(separator: " ").map(String.init)
        guard words.count == 10, words[0] == "due", words[2] == "week", words[4] == "reviewed", words[6] == "right",
              words[8] == "retention", let due = Int(words[1]), let week = Int(words[3]), let reviewed = Int(words[5]),
              let right = Int(words[7]) else { return nil }
        self.init(dueNow: due, dueThisWeek: week, reviewed: reviewed, right: right)
    }
}

extension Payload {
    /// `head<separator>rest`, split at the first separator.
    static func split(_ text: String, at separator: String) -> (String, String)? {
        guard let range = text.firstRange(of: separator) else { return nil }
        return (String(text[..<range.lowerBound]), String(text[range.upperBound...]))
    }
}

/// The fields of a JSON line, looked up by name.
struct Fields {
    private let values: [String: ReplyValue]

    init(_ fields: [(String, ReplyValue)]) {
        values = Dictionary(fields, uniquingKeysWith: { first, _ in first })
    }

    func string(_ name: String) -> String? {
        if case .string(let value) = values[name] { return value }
        return nil
    }

    func int(_ name: String) -> Int? {
        if case .int(let value) = values[name] { return value }
        return nil
    }

    func value(_ name: String) -> ReplyValue? {
        values[name]
    }

    func bool(_ name: String) -> Bool? {
        if case .bool(let value) = values[name] { return value }
        return nil
    }
}
