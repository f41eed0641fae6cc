import LineProtocol

/// The client's own views of what the daemon lists: aligned tables instead of protocol lines.
/// Pure functions from payload values to transcript entries.
enum ReplyTables {
    struct LessonRow: Equatable {
        var number: Int
        var total: Int
        var icon: String?
        var title: String
        var isDone: Bool
        var isCurrent: Bool
    }

    /// `lessons`: a title with the count done, then one row per lesson: mark, number, icon, title.
    static func lessons(_ rows: [LessonRow]) -> [ChatEntry] {
        guard let total = rows.first?.total else { return [] }
        let done = rows.filter(\.isDone).count
        let numberWidth = String(total).count
        var entries = [ChatEntry(.rowHeading, "Lessons: \(done) of \(total) done")]
        for row in rows {
            let mark = row.isDone ? "✓" : (row.isCurrent ? "▸" : "·")
            let number = String(repeating: " ", count: numberWidth - String(row.number).count) + String(row.number)
            let icon = pad(row.icon ?? "", to: 2)
            let text = "\(mark) \(number)  \(icon) \(row.title)" + (row.isCurrent ? "   ← you are here" : "")
            entries.append(ChatEntry(row.isCurrent ? .rowCurrent : .row, text))
        }
        return entries
    }

    /// `progress`: score, XP, accuracy, the lessons bar, the streak and spaced review.
    static func progress(_ summary: ProgressSummary, streak: Int?, reviews: ReviewSummary? = nil, course: String) -> [ChatEntry] {
        var rows: [(String, String)] = [
            ("Score", "\(summary.correct) of \(summary.questions) questions right, \(summary.firstTry) on the first try"),
            ("XP", "\(summary.xp)"),
            ("Accuracy", summary.tried == 0 ? "no answers yet"
                : "\(summary.accuracy) % first try, of \(counted(summary.tried, "question")) tried (\(counted(summary.answers, "answer")))"),
            ("Lessons", bar(summary.lessonsDone, of: summary.lessons, width: 20) + " \(summary.lessonsDone)/\(summary.lessons)"),
        ]
        if let streak {
            rows.append(("Streak", streak == 0 ? "no study day yet" : counted(streak, "day") + " in a row"))
        }
        if let reviews { rows += reviewRows(reviews) }
        return [ChatEntry(.rowHeading, course.isEmpty ? "Your progress" : "Your progress in \(course)")] + table(rows)
    }

    /// `leaderboard`: rank, learner, XP, lessons and streak; the learner's own row marked.
    static func leaderboard(_ rows: [LeaderboardRow], course: String) -> [ChatEntry] {
        let nameWidth = min(24, rows.map { DisplayWidth.of($0.learner) }.max() ?? 0)
        var entries = [ChatEntry(.rowHeading, course.isEmpty ? "Leaderboard" : "Leaderboard: \(course)")]
        var previous = 0
        for row in rows {
            if row.rank > previous + 1 && previous > 0 { entries.append(ChatEntry(.row, "   …")) }
            previous = row.rank
            let text = pad("\(row.rank).", to: 4) + pad(row.learner, to: nameWidth) + "  " + pad("\(row.xp) XP", to: 9)
                + pad(counted(row.lessons, "lesson"), to: 11) + counted(row.streak, "day") + (row.isHidden ? "  (hidden)" : "")
            entries.append(ChatEntry(row.isYou ? .rowCurrent : .row, text + (row.isYou ? "   ← you" : "")))
        }
        return entries
    }

    /// The end of a review session: what is due and how reviews have gone.
    static func reviews(_ summary: ReviewSummary) -> [ChatEntry] {
        [ChatEntry(.rowHeading, "Spaced review")] + table(reviewRows(summary))
    }

    private static func reviewRows(_ summary: ReviewSummary) -> [(String, String)] {
        [("Due", "\(summary.dueNow) now, \(summary.dueThisWeek) this week"),
         ("Retention", summary.reviewed == 0 ? "no reviews yet" : "\(summary.retention) % of \(counted(summary.reviewed, "review")) right")]
    }

    /// The tutor's `help` rows (or the daemon's command list) as two aligned columns.
    static func help(_ rows: [(String, String)], title: String) -> [ChatEntry] {
        [ChatEntry(.rowHeading, title)] + table(rows)
    }

    /// The end of a course: score, XP, first-try rate, time taken, what to revisit, what next.
    static func courseEnd(course: String, summary: ProgressSummary, elapsed: Int?, missed: [(lesson: Int, miss: Miss, prompt: String)]) -> [ChatEntry] {
        var rows: [(String, String)] = [
            ("Score", "\(summary.correct) of \(summary.questions) questions right"),
            ("XP", "\(summary.xp)"),
            ("First try", "\(summary.firstTry) of the \(counted(summary.tried, "question")) you tried (\(summary.accuracy) %)"),
            ("Lessons", "\(summary.lessonsDone) of \(summary.lessons) done"),
        ]
        if let elapsed { rows.append(("Time", duration(elapsed))) }
        var entries = [ChatEntry(.rowHeading, course.isEmpty ? "Course complete" : "Course complete: \(course)")] + table(rows)
        if missed.isEmpty {
            entries.append(ChatEntry(.row, "Every question right on the first try."))
        } else {
            entries.append(ChatEntry(.rowHeading, "Worth another look"))
            let words: [Miss: String] = [.retried: "right on a later try", .revealed: "answer shown", .unanswered: "not answered"]
            for item in missed {
                entries.append(ChatEntry(.row, "goto \(item.lesson)  \(item.prompt)  (\(words[item.miss] ?? item.miss.rawValue))"))
            }
        }
        entries.append(ChatEntry(.rowHeading, "What next"))
        entries.append(ChatEntry(.row, missed.isEmpty ? "`courses` picks another course; `restart` goes through this one again."
                                 : "`goto <n>` revisits a lesson above; `courses` picks another course; `restart` goes again."))
        return entries
    }

    /// Label and value columns, the labels padded to one width.
    static func table(_ rows: [(String, String)]) -> [ChatEntry] {
        let labelWidth = rows.map { DisplayWidth.of($0.0) }.max() ?? 0
        return rows.map { ChatEntry(.row, pad($0.0, to: labelWidth) + "  " + $0.1) }
    }

    /// `[████░░░░]`
    static func bar(_ done: Int, of total: Int, width: Int) -> String {
        guard total > 0, width > 0 else { return "" }
        let filled = min(width, width * done / total)
        return "[" + String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled) + "]"
    }

    /// `45 s`, `12 min`, `2 h 05 min`, `3 days`.
    static func duration(_ seconds: Int) -> String {
        switch seconds {
        case ..<60: return "\(max(0, seconds)) s"
        case ..<3600: return "\(seconds / 60) min"
        case ..<86_400:
            let minutes = seconds % 3600 / 60
            return "\(seconds / 3600) h " + (minutes < 10 ? "0" : "") + "\(minutes) min"
        default: return counted(seconds / 86_400, "day")
        }
    }

    static func pad(_ text: String, to width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - DisplayWidth.of(text)))
    }
}
