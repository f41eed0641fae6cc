import Foundation
import LineProtocol
import SystemSupport
import ProgressStore
import Tutoring

/// Commands about learners together: the leaderboard, and a teacher's report.
enum ClassCommands {
    /// How many rows a leaderboard shows (the asking learner's own row comes on top of them).
    static let leaderboardSize = 10

    static let leaderboard = Command(
        .leaderboard, runs: { ["hide", "show"].contains($0.first?.lowercased() ?? "") ? .learner(course: .none) : .blocking }
    ) { context, arguments throws(ProtocolError) in
        let words = arguments.map { $0.lowercased() }
        if words.count == 1, words[0] == "hide" || words[0] == "show" {
            return context.setLeaderboardHidden(words[0] == "hide")
        }
        var course = context.session.course
        var week = false
        for word in words {
            switch word {
            case "week": week = true
            case "all": week = false
            default:
                guard context.server.library.course(word) != nil else {
                    throw ProtocolError(.unknownCourse, "there is no course \(word); courses lists them")
                }
                course = word
            }
        }
        return try context.leaderboard(course: course, week: week)
    }

    static let report = Command(.report, runs: .blocking) { context, arguments throws(ProtocolError) in
        if let classroom = context.server.configuration.classroom, !context.session.isTeacher {
            let group = classroom.teacherGroup.map { "group \($0)" } ?? "the teachers' group"
            throw ProtocolError(.forbidden, "only teachers (members of \(group)) can read the class report")
        }
        var course: String?
        var csv = false
        for word in arguments.map({ $0.lowercased() }) {
            if word == "csv" {
                csv = true
            } else if context.server.library.course(word) != nil {
                course = word
            } else {
                throw ProtocolError(.unknownCourse, "there is no course \(word); courses lists them")
            }
        }
        return try context.report(course: course, csv: csv)
    }
}

extension CommandContext {
    /// The learners this connection may rank: everyone in a classroom, else the user's profiles.
    private var scopeUID: UInt32? { server.configuration.classroom == nil ? session.uid : nil }

    mutating func leaderboard(course: String?, week: Bool) throws(ProtocolError) -> RequestOutcome {
        guard let store = try storeForReading() else {
            throw ProtocolError(.storage, "this daemon keeps no progress store, so there is nothing to rank")
        }
        try takeClassRead()
        let now = server.configuration.clock.now()
        let since = week ? now.addingTimeInterval(-7 * 86_400) : nil
        let me = session.learnerID
        func read(uid: UInt32?) throws(StoreError) -> Standings {
            Standings(try store.learnerTotals(course: course, since: since, uid: uid, today: now), name: ClassReport.name(of:))
        }
        let standings: Standings
        let mine: Standings.Entry?
        do {
            if let scopeUID {
                // A user's own profiles: the read of the asker's own row would be this very read.
                standings = try read(uid: scopeUID)
                mine = standings.entry(of: me)
            } else {
                // A classroom: the class as read at most a window ago, and the asker's own row
                // read now (by their uid: indexed, and one learner), so it shows what they just did.
                standings = try server.standings.standings(StandingsKey(course: course, week: week), clock: server.configuration.clock.now) { () throws(StoreError) in
                    try read(uid: nil)
                }
                mine = try read(uid: me.uid).entry(of: me)
            }
        } catch {
            throw ProtocolError(.storage, "cannot read the leaderboard: \(error)")
        }
        let seesHidden = session.isTeacher || server.configuration.classroom == nil
        var payloads = standings.board(of: me, mine: mine, size: ClassCommands.leaderboardSize, seesHidden: seesHidden).map(Payload.rank)
        if payloads.isEmpty {
            payloads.append(.turn(.tutor("Nobody is on this board yet.")))
        }
        return RequestOutcome(payloads, format: session.format)
    }

    /// Takes one of the user's class-wide reads, or refuses the request, saying when to try again.
    private func takeClassRead() throws(ProtocolError) {
        guard let wait = server.classReads?.take(session.uid, now: server.configuration.clock.now()) else { return }
        throw ProtocolError(.rateLimited, "too many leaderboards and reports at once; try again in \(Int(wait.rounded(.up))) s")
    }

    mutating func setLeaderboardHidden(_ hidden: Bool) -> RequestOutcome {
        let hold = session.hold(in: server.learners)
        let commit = server.committer.map {
            // Once stored, the class's boards are read again: whoever hides is gone from the
            // next board anyone asks for, not a window later.
            PendingCommit(.leaderboard(session.learnerID, hidden: hidden, date: server.configuration.clock.now()), holding: hold, to: $0,
                          whenDurable: { [standings = server.standings] in standings.invalidate() })
        }
        var payloads: [Payload] = [.turn(.tutor(hidden ? "You are hidden from other learners' leaderboards; teachers still see you. `leaderboard show` undoes it."
                                                      : "You are on the leaderboard again."))]
        if let reason = server.unsavedReason { payloads.append(.unsaved(reason: reason)) }
        return RequestOutcome(payloads, format: session.format, commit: commit)
    }

    mutating func report(course: String?, csv: Bool) throws(ProtocolError) -> RequestOutcome {
        guard let store = try storeForReading() else {
            throw ProtocolError(.storage, "this daemon keeps no progress store, so there is nothing to report")
        }
        try takeClassRead()
        do {
            let payloads = try ClassReport.payloads(store, course: course, csv: csv, uid: scopeUID, now: server.configuration.clock.now())
            return RequestOutcome(payloads, format: session.format)
        } catch {
            throw ProtocolError(.storage, "cannot read the report: \(error)")
        }
    }

}

/// A teacher's report, as payloads: for the `report` command and for `tutord report`, which
/// reads the database without a daemon.
public enum ClassReport {
    /// Every learner's row (by name) and the class's weak spots; or, with `csv`, the same rows
    /// as CSV lines, a header first. `uid` limits it to one user's profiles.
    public static func payloads(_ store: any ProgressStorage, course: String?, csv: Bool, uid: UInt32?, now: Date) throws(StoreError) -> [Payload] {
        let totals = try store.learnerTotals(course: course, since: nil, uid: uid, today: now)
        let formatter = ISO8601DateFormatter()
        let rows = totals.map { totals in
            ReportRow(learner: name(of: totals.learner), xp: totals.xp, exerciseXP: totals.exerciseXP, lessons: totals.lessonsDone,
                      firstTry: totals.firstTry,
                      tried: totals.questionsTried, lastActive: totals.lastActive.map(formatter.string(from:)) ?? "never")
        }.sorted { $0.learner < $1.learner }
        guard !csv else {
            return [.csv("learner,xp,lessons,first_try,tried,first_try_percent,last_active,exercise_xp")]
                + rows.map { .csv([csvField($0.learner), "\($0.xp)", "\($0.lessons)", "\($0.firstTry)", "\($0.tried)",
                                   "\($0.firstTryPercent)", $0.lastActive, "\($0.exerciseXP)"].joined(separator: ",")) }
        }
        return rows.map(Payload.report) + (try store.missedQuestions(course: course, limit: 5)).map {
            .weak(WeakSpot(course: $0.course, question: $0.question, missed: $0.missed, answered: $0.answered))
        }
    }

    /// `alice`, or `alice/work` for a profile.
    public static func name(of learner: LearnerID) -> String {
        let user = UserDatabase.name(of: learner.uid)
        return learner.profile.isEmpty ? user : "\(user)/\(learner.profile)"
    }

    /// A CSV field, quoted when it must be (RFC 4180). A field a spreadsheet would take for a
    /// formula (starting with `=`, `+`, `-`, `@`, a tab or a carriage return: a learner's name
    /// is a Unix user name, not the teacher's to choose) gets a single quote in front, inside
    /// the quotes, as OWASP's CSV-injection guidance says, so it is shown as text.
    static func csvField(_ text: String) -> String {
        let isFormula = text.unicodeScalars.first.map { "=+-@\t\r".unicodeScalars.contains($0) } ?? false
        guard isFormula || text.unicodeScalars.contains(where: { ",\"\n\r".unicodeScalars.contains($0) }) else { return text }
        return "\"" + (isFormula ? "'" : "") + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
