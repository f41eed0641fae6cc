import LineProtocol

/// The client's whole screen as a value: header, transcript or course picker, quiz options,
/// input line, footer and overlays (help, the end of a course). Replies from the daemon and
/// keys from the learner change it; `render` turns it into lines for a given terminal size.
/// No terminal, no socket: tested as values.
///
/// The terminal layer sends what ``connected()``, ``handle(_:height:)``, ``received(_:for:)``
/// and ``changed(_:)`` ask for, and hands every reply back with the request it answers.
public struct ChatScreen: Sendable {
    // MARK: Where the learner stands (header and footer)

    public var courseTitle = ""
    public var lessonLabel = ""
    public var xp = 0
    public var lessonsDone = 0
    public var lessonCount = 0
    /// The course the conversation is on, once one is open.
    public internal(set) var currentCourse: String?
    /// The last standing the daemon sent for the current course.
    public internal(set) var standing: Standing?
    /// The course asked for on the command line (`--course`), until one is open.
    public var requestedCourse: String?
    /// The profile the learner switched to (`learner NAME`); `nil` is the user's own. The
    /// daemon forgets it with the connection, so every reconnect asks for it again.
    public internal(set) var profile: String?
    /// The daemon's courses, from the last `courses` reply.
    public internal(set) var courses: [CourseListing] = []

    // MARK: The conversation

    public internal(set) var entries: [ChatEntry] = []
    /// Options of the open quiz, and the one selected with the arrow keys.
    public internal(set) var options: [String] = []
    public internal(set) var selectedOption: Int?
    /// Index in `entries` of the open quiz's first option, to highlight the selected one.
    var optionEntriesStart: Int?
    /// What the tutor waits for.
    public internal(set) var expectation = Expectation.continue
    public var input = InputLine()
    /// A question the client itself asked (switch profile? forget progress?), answered yes/no.
    public internal(set) var pendingQuestion: PendingQuestion?
    /// A verdict waiting for the tutor's line that goes with it (drawn as one line).
    var pendingVerdict: Turn.Verdict?
    /// During a review session, the lesson's transcript, set aside: the review has a view of
    /// its own and the lesson comes back, with what the review's end said, when it is over.
    public internal(set) var lessonView: [ChatEntry]?
    /// Another window moved the conversation on: the step shown here is old until the next
    /// conversation reply (`repeat` shows the current one).
    public internal(set) var stepIsElsewhere = false
    static let movedElsewhere = "You went on in another window: "
    static let resetElsewhere = "This course was reset in another window, its progress forgotten: "

    // MARK: An exercise

    /// Which exercise the tutor waits on (`expect: exercise <id>`): `edit`, `check` and
    /// `write` work on its file. It stays when another window moves on, as a shown quiz does:
    /// a check run here is reported for it, and the daemon says it is stale.
    public internal(set) var exercises = ExerciseTracker()
    /// A check of the learner's file is running (set by the terminal layer): Ctrl-C and Esc
    /// stop it instead of leaving the chat.
    public var checkRunning = false
    /// The lines typed so far in the inline editor (`write`), while it is open.
    public internal(set) var codeDraft: [String]?
    /// How much of the code block being received is shown.
    var codeBlock = CodeBlockCap()

    public enum PendingQuestion: Equatable, Sendable {
        case switchLearner(String)
        case confirm(ClientRequest)
    }

    // MARK: The view

    /// Lines scrolled up from the bottom of the transcript; 0 follows new messages.
    public internal(set) var scrollOffset = 0
    /// The picker, while it is shown in place of the transcript.
    public internal(set) var picker: CoursePicker?
    /// An overlay over everything (help, the end of a course), and how far it is scrolled.
    public internal(set) var overlay: Overlay?
    var overlayOffset = 0
    /// Shown in the footer: connection trouble, for instance.
    public var status: String?
    public var monochrome = false
    /// The daemon cannot store progress (read-only database): said once, then in the footer.
    public internal(set) var unsavedReason: String?
    /// Where course files go, for the picker when there is no course (set by the terminal
    /// layer from the same search path the daemon uses).
    public var courseSearchPath: [String] = []
    /// The daemon's own last words (from its log), shown when it has no course.
    public var daemonMessage: [String] = []
    /// The daemon's command table (its `help` reply), for the help overlay: taken from the
    /// daemon so the overlay lists every command it has, and no other.
    public internal(set) var daemonCommands: [(usage: String, summary: String)] = []
    /// Every command word the daemon knows (from its `help`): a line starting with one is a
    /// command, anything else typed at a quiz is an answer to it.
    var daemonCommandNames: Set<String> = []
    /// The quiz this screen shows, named by the `expect: answer <quiz>` that came with it. It
    /// stays when another window moves on (`status`): answers typed here are for it.
    public internal(set) var shownQuiz: String?
    /// The folders the daemon reads courses from and how it was started (its `daemon`
    /// reply); `nil` from a daemon without that command.
    public internal(set) var daemonDirectories: [String]?
    var daemonStartedBy: (by: String, pid: Int)?
    /// The transcript width and body height used last, to keep a scrolled-up view still when
    /// lines arrive and to bring the selected option into view.
    var lastWidth = 80
    var lastBodyHeight = 20
    /// Set when the selected option changed: the next render scrolls it into view.
    var revealSelection = false

    public enum Overlay: Equatable, Sendable {
        case help
        case text([ChatEntry])
    }

    public init() {}

    // MARK: - Requests and replies

    /// What to send on (re)connecting: the course list (titles for the header, and the picker
    /// if there is nothing to resume), then the course: the one open before, the one asked
    /// for, or the last one used.
    public mutating func connected() -> [ClientRequest] {
        (profile.map { [.profile($0)] } ?? []) + [.help, .daemon, .courses(pick: false), .open(course: currentCourse ?? requestedCourse)]
    }

    /// Takes in the reply to `request`; returns the requests to send next.
    public mutating func received(_ reply: Reply, for request: ClientRequest) -> [ClientRequest] {
        switch request {
        case .courses(let pick):
            guard case .ok = reply.status else {
                apply(reply)
                return []
            }
            courses = CourseListing.listings(in: reply)
            if let title = courses.first(where: { $0.id == currentCourse })?.title { courseTitle = title }
            if pick || picker != nil || (courses.isEmpty && currentCourse == nil) { openPicker() }
            return []
        case .open(let course):
            if case .error(let error) = reply.status, error.code == .noCourse || error.code == .unknownCourse {
                // The picker covers the transcript: it says why it is there.
                // Said in the chat's words (the daemon's message names the `courses` command).
                let reason: String? = course.map { error.code == .unknownCourse ? "There is no course `\(clean($0))`; pick one below." : clean(error.message) }
                if let reason { note(reason) }
                requestedCourse = nil
                openPicker(notice: reason)
                return []
            }
            if case .ok = reply.status { picker = nil }
            requestedCourse = nil
            apply(reply)
            // Resumed at an exercise this window has not seen: its task and file, again.
            if expectation == .exercise && exercise == nil { return ["repeat"] }
            return []
        case .status:
            applyStatus(reply)
            return []
        case .help:
            if case .ok = reply.status {
                daemonCommandNames = Set(reply.payloads.compactMap { if case .command(let name?, _, _) = $0 { name } else { nil } })
                // The overlay lists what is sent as typed; the chat's own commands are among its keys.
                daemonCommands = reply.payloads.compactMap { payload in
                    guard case .command(let name, let usage, let summary) = payload,
                          case .sent(let chatSummary) = ChatCommandUse(name: name ?? "") else { return nil }
                    return (clean(usage), clean(chatSummary ?? summary))
                }
            }
            return []
        case .daemon:
            guard case .ok = reply.status else { return [] }  // an older daemon: the guessed folders stay
            daemonDirectories = reply.payloads.compactMap { if case .dialogues(let directory) = $0 { clean(directory) } else { nil } }
            daemonStartedBy = reply.payloads.lazy.compactMap { if case .started(let by, let pid) = $0 { (by, pid) } else { nil } }.first
            return []
        case .profile(let name):
            // Back on the profile after a reconnect; the course requests behind it follow.
            if case .error(let error) = reply.status {
                note("Could not return to the profile \(name): \(clean(error.message)); you are learning as your user.")
                profile = nil
            }
            return []
        case .learner(let name):
            guard case .ok = reply.status else {
                apply(reply)
                return []
            }
            note("You are now learning as the profile \(name == "default" ? "of your user" : name); its progress is its own.")
            profile = name == "default" ? nil : name
            forgetCourse()
            return [.courses(pick: false), .open(course: nil)]
        case .reset(let course):
            apply(reply)
            guard case .ok = reply.status else { return [] }
            return [.courses(pick: false)] + (course == currentCourse ? [.open(course: course)] : [])
        case .checks:
            // Run by the terminal layer, which reads this reply itself; an error is shown.
            if case .error = reply.status { apply(reply) }
            return []
        case .checked:
            if case .error(let error) = reply.status, error.code == .stale {
                note("Your check was not recorded: you went on in another window. This is where you are now:")
            }
            apply(reply)
            return []
        case .chat, .answer, .message:
            let ended = overlay == nil
            apply(reply)
            // The course just ended: its summary says where the learner ranks.
            if ended, case .text = overlay, let course = currentCourse { return [.rank(course: course)] }
            return []
        case .rank:
            guard case .ok = reply.status, case .text(var end)? = overlay,
                  let me = reply.payloads.lazy.compactMap({ if case .rank(let row) = $0, row.isYou { row } else { nil } }).first else { return [] }
            let others = reply.payloads.filter { if case .rank = $0 { true } else { false } }.count
            // After the summary's table, its label padded like the others ("First try").
            let row = ReplyTables.pad("Rank", to: DisplayWidth.of("First try")) + "  " + "\(me.rank) on the leaderboard"
                + (others > 1 ? "" : " (the only one on it so far)")
            end.insert(ChatEntry(.row, row), at: Self.summaryTableEnd(end))
            overlay = .text(end)
            return []
        }
    }

    /// Where the end-of-course summary's table of counts ends (before "Worth another look" or
    /// the line that says every answer was right).
    static func summaryTableEnd(_ entries: [ChatEntry]) -> Int {
        entries.indices.dropFirst().first { entries[$0].kind == .rowHeading || entries[$0].text.hasPrefix("Every question") } ?? entries.count
    }

    /// Another connection of the learner, or a reload, changed something (`idle`'s
    /// `changed:` lines): what to ask.
    public mutating func changed(_ subsystems: [Subsystem]) -> [ClientRequest] {
        var requests: [ClientRequest] = []
        if currentCourse != nil, subsystems.contains(.position) || subsystems.contains(.progress) {
            requests.append(.status)
        }
        if subsystems.contains(.courses) || picker != nil {
            requests.append(.courses(pick: false))
        }
        return requests
    }

    /// Takes in a reply to a conversation request or a command typed as chat.
    public mutating func apply(_ reply: Reply) {
        let linesBefore = transcriptLines(width: lastWidth).lines.count
        let replyStart = entries.count
        // The reply's standing names its course: tables above it are titled with it.
        for case .turn(.standing(let standing)) in reply.payloads {
            if let title = courses.first(where: { $0.id == standing.course })?.title { courseTitle = clean(title) }
        }
        var tables = TableCollector()
        for payload in reply.payloads {
            if tables.take(payload) { continue }
            entries += tables.flush(courseTitle: courseTitle)
            apply(payload)
        }
        entries += tables.flush(courseTitle: courseTitle)
        flushVerdict()
        if let summary = tables.courseEnd {
            let end = ReplyTables.courseEnd(course: courseTitle, summary: summary, elapsed: tables.elapsed, missed: tables.missed)
            entries += end
            overlay = .text(end + [ChatEntry(.row, ""), ChatEntry(.info, "Any key goes back to the chat.")])
            overlayOffset = 0
        }
        if case .error(let error) = reply.status {
            entries.append(ChatEntry(.system, clean(error.message)))
        }
        switchViewForReview(replyStart: replyStart)
        if scrollOffset > 0 {  // scrolled up: keep looking at the same lines
            scrollOffset += transcriptLines(width: lastWidth).lines.count - linesBefore
        }
    }

    private mutating func apply(_ payload: Payload) {
        switch payload {
        case .turn(let turn): apply(turn)
        case .learner(let user, _, let profile):
            self.profile = profile.flatMap { $0 == "default" ? nil : $0 }
            entries.append(ChatEntry(.info, "You are learning as \(clean(user))" + (profile.map { ", profile \(clean($0))" } ?? "") + "."))
        case .current(let course):
            entries.append(ChatEntry(.info, "Current course: \(clean(courses.first { $0.id == course }?.title ?? course))."))
        case .streak(let days):
            entries.append(ChatEntry(.info, "Study streak: \(counted(days, "day"))."))
        case .export(let json):
            // `tutord export` prints the JSON alone (`tutor --plain` would print protocol lines).
            let learner = profile.map { " --learner \"$USER/\($0)\"" } ?? ""
            entries.append(ChatEntry(.info, "Your progress is \(json.utf8.count) bytes of JSON; to keep it, run: tutord export\(learner) > progress.json"))
        case .confirm(let command):
            let words = (try? RequestTokenizer.words(command[...])) ?? []
            if words.count == 3, RequestKind(rawValue: words[0]) == .reset, words[2] == "confirm" {
                pendingQuestion = .confirm(.reset(course: words[1]))
            } else {
                pendingQuestion = .confirm(.chat(command))
            }
            entries.append(ChatEntry(.system, "Type yes to go ahead; anything else keeps it."))
        case .dialogues(let directory):
            entries.append(ChatEntry(.info, "Course folder: \(clean(directory))"))
        case .started(let by, let pid):
            entries.append(ChatEntry(.info, "tutord (pid \(pid)) was started by \(by == "systemd" ? "systemd" : "a command, not systemd")."))
        case .changed, .command, .check, .runner:
            break
        case .unsaved(let reason):
            if unsavedReason == nil {
                entries.append(ChatEntry(.system, clean(reason)))
            }
            unsavedReason = reason
        case .unrecognised(let key, let text):
            entries.append(ChatEntry(.info, "\(clean(key)): \(clean(text))"))
        case .report(let row):
            entries.append(ChatEntry(.row, clean("\(row.learner): \(row.xp) XP, \(counted(row.lessons, "lesson")), first try \(row.firstTryPercent) %, last \(row.lastActive)")))
        case .weak(let spot):
            entries.append(ChatEntry(.row, clean("Often missed: \(spot.question) (\(spot.course)), \(spot.missed) of \(spot.answered)")))
        case .csv(let line):
            entries.append(ChatEntry(.code, clean(line)))
        case .rank:
            break  // collected into a table (TableCollector)
        }
    }

    private mutating func apply(_ turn: Turn) {
        if case .expect = turn { stepIsElsewhere = false }
        exercises.take(turn)
        if exercises.open == nil { codeDraft = nil }
        if case .code = turn {} else { codeBlock.end() }
        if case .tutor = turn {} else if case .feedback = turn {} else if case .nudge = turn {} else { flushVerdict() }
        switch turn {
        case .course(let id, let title, _, _, let lessons):
            courseTitle = clean(title)
            currentCourse = id
            lessonCount = lessons
        case .lesson(let number, let total, _, let icon, let title):
            lessonLabel = clean("\(number)/\(total) " + (icon.map { "\($0) " } ?? "") + title)
            lessonCount = total
            entries.append(ChatEntry(.lesson, "Lesson " + lessonLabel))
        case .tutor(let text), .nudge(let text): appendSaying(.tutor, clean(text))
        case .code(_, let lines):
            let hiddenBefore = codeBlock.hidden
            entries += lines.prefix(codeBlock.admit(lines.count)).map { ChatEntry(.code, clean($0)) }
            if codeBlock.hidden > hiddenBefore {
                // One note for the block, the last entry, counting on as its lines arrive.
                let note = ChatEntry(.info, codeBlock.note + (exercises.isGatheringStarter ? ": `edit` opens the whole file" : ""))
                if hiddenBefore > 0, entries.last?.kind == .info { entries[entries.count - 1] = note } else { entries.append(note) }
            }
        case .takeaway(let text): entries.append(ChatEntry(.takeaway, "Key takeaway: " + clean(text)))
        case .quiz(_, let prompt, _):
            options = []
            selectedOption = nil
            entries.append(ChatEntry(.quiz, clean(prompt)))
            optionEntriesStart = entries.count
        case .option(_, let text):
            options.append(clean(text))
            entries.append(ChatEntry(.option, "\(options.count)) \(clean(text))"))
        case .offer(_, let prompt): entries.append(ChatEntry(.quiz, clean(prompt) + " (yes/no)"))
        case .exercise(_, let file, let task): entries.append(ChatEntry(.quiz, clean("Exercise (\(file)): \(task)")))
        case .verdict(let verdict): pendingVerdict = verdict
        case .feedback(let text): appendSaying(.feedback, clean(text))
        case .explanation(let text): entries.append(ChatEntry(.explanation, "Why: " + clean(text)))
        case .hint(let number, let total, let text):
            entries.append(ChatEntry(.hint, "Hint" + (total > 1 ? " \(number) of \(total)" : "") + ": " + clean(text)))
        case .xp(let gained, let total):
            xp = total
            if gained > 0 { entries.append(ChatEntry(.xp, "+\(gained) XP")) }
        case .standing(let standing): apply(standing)
        case .expect(let expectation, let quiz, _):
            self.expectation = expectation
            shownQuiz = expectation == .answer ? quiz : nil
            if expectation != .answer {
                options = []
                selectedOption = nil
                optionEntriesStart = nil
            }
        case .review(let number, let total):
            entries.append(ChatEntry(.lesson, "Review \(number)/\(total)"))
        case .due:
            break  // the tutor's line says it; the header shows the standing's count
        case .answer(let text): entries.append(ChatEntry(.answer, clean(text)))
        case .cite(let citation):
            let place = "\(citation.lesson)/\(citation.lessons) " + (citation.icon.map { "\($0) " } ?? "") + citation.title
            let course = citation.course == currentCourse ? "" : " (\(citation.course))"
            entries.append(ChatEntry(.cite, clean("Lesson \(place)\(course)" + (citation.isAhead ? " · ahead of you" : "") + " · \(citation.command)")))
        case .progress, .summary, .toc, .help, .missed, .elapsed, .reviews:
            break  // collected into tables (TableCollector)
        }
    }

    /// A review began: this reply's entries start a view of their own, the lesson's are set
    /// aside. It ended: the lesson's come back, followed by what this reply said.
    private mutating func switchViewForReview(replyStart: Int) {
        let reviewing = standing?.review != nil
        let base: [ChatEntry]
        if reviewing && lessonView == nil {
            lessonView = Array(entries[..<replyStart])
            base = [ChatEntry(.info, "Spaced review: questions you are about to forget. `stop` goes back to the lesson.")]
        } else if !reviewing, let lesson = lessonView {
            lessonView = nil
            base = lesson
        } else {
            return
        }
        entries = base + entries[replyStart...]
        if let start = optionEntriesStart { optionEntriesStart = start - replyStart + base.count }
        scrollOffset = 0
    }

    /// A verdict and the tutor's line after it are one line: `✗ That's not it.` rather than a
    /// `Not quite` and then the tutor saying the same in other words.
    private mutating func appendSaying(_ kind: ChatEntry.Kind, _ text: String) {
        if let verdict = pendingVerdict {
            pendingVerdict = nil
            switch verdict {
            case .correct: entries.append(ChatEntry(.correct, text))
            case .incorrect: entries.append(ChatEntry(.incorrect, text))
            case .revealed: entries.append(ChatEntry(.revealed, text))
            }
            return
        }
        entries.append(ChatEntry(kind, text))
    }

    /// A verdict with no line of its own to go with.
    private mutating func flushVerdict() {
        guard let verdict = pendingVerdict else { return }
        pendingVerdict = nil
        switch verdict {
        case .correct: entries.append(ChatEntry(.correct, "Right."))
        case .incorrect: entries.append(ChatEntry(.incorrect, "Not right."))
        case .revealed: entries.append(ChatEntry(.revealed, "Answer shown."))
        }
    }

    /// Header and footer from a standing.
    private mutating func apply(_ standing: Standing) {
        self.standing = standing
        currentCourse = standing.course
        if let title = courses.first(where: { $0.id == standing.course })?.title { courseTitle = clean(title) }
        lessonLabel = clean("\(standing.lesson)/\(standing.summary.lessons) " + (standing.icon.map { "\($0) " } ?? "") + standing.title)
        xp = standing.summary.xp
        lessonsDone = standing.summary.lessonsDone
        lessonCount = standing.summary.lessons
        if let index = courses.firstIndex(where: { $0.id == standing.course }) { courses[index].standing = standing }
    }

    /// The reply to `status`, asked after another window of the learner moved on.
    private mutating func applyStatus(_ reply: Reply) {
        guard case .ok = reply.status else { return }
        let before = standing
        for case .turn(let turn) in reply.payloads {
            switch turn {
            case .standing(let standing): apply(standing)
            case .expect(let expectation, _, _):
                // The step shown here is no longer the conversation's: its options are stale.
                stepIsElsewhere = true
                self.expectation = expectation
                options = []
                selectedOption = nil
                optionEntriesStart = nil
            default: break
            }
        }
        if let after = standing, after != before || stepIsElsewhere {
            // One note, kept current, rather than one per step taken elsewhere. Answers never go
            // down but by a reset: then it is not "went on".
            let wasReset = before.map { after.course == $0.course && after.summary.answers < $0.summary.answers } ?? false
            if let last = entries.last?.text, last.hasPrefix(Self.movedElsewhere) || last.hasPrefix(Self.resetElsewhere) {
                entries.removeLast()
            }
            note((wasReset ? Self.resetElsewhere : Self.movedElsewhere) + "lesson \(lessonLabel), \(xp) XP. Type `repeat` to see that step here.")
        }
    }

    private mutating func forgetCourse() {
        // The open exercise is the old learner's: its file must not be made for the new one.
        exercises = ExerciseTracker()
        codeDraft = nil
        currentCourse = nil
        standing = nil
        courseTitle = ""
        lessonLabel = ""
        xp = 0
        lessonsDone = 0
        lessonCount = 0
        options = []
        selectedOption = nil
        optionEntriesStart = nil
        expectation = .continue
    }

    mutating func openPicker(notice: String? = nil) {
        picker = CoursePicker(courses: courses, current: currentCourse, canClose: currentCourse != nil,
                              searchPath: daemonDirectories ?? courseSearchPath, reload: reloadAdvice,
                              daemonMessage: daemonMessage, notice: notice)
    }

    /// How to make this daemon read its course folders again, from how it was started.
    var reloadAdvice: String {
        switch daemonStartedBy?.by {
        case "systemd": "then run `systemctl --user reload tutord`."
        case "command": "then run `kill -HUP \(daemonStartedBy?.pid ?? 0)` (tutord reads its folders again)."
        default: "then run `systemctl --user reload tutord` or restart tutor."
        }
    }

    /// Something that did not come from the daemon (connection news).
    public mutating func note(_ text: String) {
        entries.append(ChatEntry(.system, text))
    }

    // The daemon already keeps values printable; the client does not rely on it.
    func clean(_ text: String) -> String {
        ReplyEncoder(format: .text).sanitized(text)
    }
}

/// Gathers the rows of one reply's tables (lessons, progress, help, the end of a course) so
/// they are drawn as tables.
struct TableCollector {
    var lessons: [ReplyTables.LessonRow] = []
    var progress: ProgressSummary?
    var streak: Int?
    var help: [(String, String)] = []
    var commands: [(String, String)] = []
    var courseEnd: ProgressSummary?
    var reviews: ReviewSummary?
    var ranks: [LeaderboardRow] = []
    var elapsed: Int?
    var missed: [(lesson: Int, miss: Miss, prompt: String)] = []

    /// Takes a payload that belongs to a table; `false` for any other.
    mutating func take(_ payload: Payload) -> Bool {
        let clean = { (text: String) in ReplyEncoder(format: .text).sanitized(text) }
        switch payload {
        case .turn(.toc(let number, let total, _, let icon, let title, let isDone, let isCurrent)):
            lessons.append(ReplyTables.LessonRow(number: number, total: total, icon: icon.map(clean), title: clean(title),
                                                 isDone: isDone, isCurrent: isCurrent))
        case .turn(.progress(let summary)): progress = summary
        case .streak(let days) where progress != nil: streak = days
        case .turn(.help(let command, let description)): help.append((clean(command), clean(description)))
        case .command(_, let usage, let summary): commands.append((clean(usage), clean(summary)))
        case .turn(.summary(let summary)): courseEnd = summary
        case .turn(.reviews(let summary)): reviews = summary
        case .rank(let row): ranks.append(row)
        case .turn(.elapsed(let seconds)): elapsed = seconds
        case .turn(.missed(let lesson, _, let miss, let prompt)): missed.append((lesson, miss, clean(prompt)))
        default: return false
        }
        return true
    }

    /// The tables gathered so far, as entries (the end of a course is left for the caller).
    mutating func flush(courseTitle: String) -> [ChatEntry] {
        var entries: [ChatEntry] = []
        if let progress {
            entries += ReplyTables.progress(progress, streak: streak, reviews: reviews, course: courseTitle)
            self.progress = nil
            streak = nil
            reviews = nil
        }
        if let reviews {
            entries += ReplyTables.reviews(reviews)
            self.reviews = nil
        }
        if !ranks.isEmpty {
            entries += ReplyTables.leaderboard(ranks, course: courseTitle)
            ranks = []
        }
        if !lessons.isEmpty {
            entries += ReplyTables.lessons(lessons)
            lessons = []
        }
        if !help.isEmpty {
            entries += ReplyTables.help(help, title: "What I understand")
            help = []
        }
        if !commands.isEmpty {
            entries += ReplyTables.help(commands, title: "tutord's commands")
            commands = []
        }
        return entries
    }
}

extension String {
    func trimmingCharacters(in set: String) -> String {
        var slice = Substring(self)
        while let first = slice.first, set.contains(first) { slice.removeFirst() }
        while let last = slice.last, set.contains(last) { slice.removeLast() }
        return String(slice)
    }
}
