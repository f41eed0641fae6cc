import Foundation
import LineProtocol
import ProgressStore
import Tutoring

/// One reading of a class's totals, ranked once when it is read: what ``StandingsCache``
/// keeps, so that a `leaderboard` then costs the work of a few rows however large the class.
struct Standings: Sendable {
    /// A learner's totals and the name the board shows (looked up once per reading: a name
    /// is a user database look-up).
    struct Entry: Sendable, Equatable {
        var totals: LearnerTotals
        var name: String
    }

    /// Every learner, best first (what teachers, and a user's own profiles, are ranked among).
    let everyone: [Entry]
    /// The learners who did not hide, best first (what students are ranked among).
    let visible: [Entry]
    /// Where each learner is in ``everyone`` and in ``visible``.
    private let placeInEveryone: [LearnerID: Int]
    private let placeInVisible: [LearnerID: Int]

    init(_ totals: [LearnerTotals], name: (LearnerID) -> String) {
        everyone = totals.map { Entry(totals: $0, name: name($0.learner)) }.sorted(by: Self.isAhead)
        visible = everyone.filter { !$0.totals.isHidden }
        placeInEveryone = Self.places(of: everyone)
        placeInVisible = Self.places(of: visible)
    }

    private static func places(of entries: [Entry]) -> [LearnerID: Int] {
        Dictionary(entries.enumerated().map { ($1.totals.learner, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// This reading's row of `learner`, if it has one.
    func entry(of learner: LearnerID) -> Entry? {
        placeInEveryone[learner].map { everyone[$0] }
    }

    /// The board's order: more XP first, then more lessons, then by name, so no two learners tie.
    static func isAhead(_ a: Entry, of b: Entry) -> Bool {
        (a.totals.xp, a.totals.lessonsDone, b.name) > (b.totals.xp, b.totals.lessonsDone, a.name)
    }

    /// The board `me` sees: the first `size` rows, and `me`'s own row below them when it is not
    /// among them. `mine` is `me`'s row as read just now (read-your-writes: it replaces what
    /// this reading had of `me`, and is ranked among the others by binary search), or `nil`
    /// when `me` has nothing to rank. A learner who hid still sees their own row.
    func board(of me: LearnerID, mine: Entry?, size: Int, seesHidden: Bool) -> [LeaderboardRow] {
        let ranked = seesHidden ? everyone : visible
        let oldPlace = (seesHidden ? placeInEveryone : placeInVisible)[me]
        // How many of the others are ahead of `mine`: the rows ahead of it, less this
        // reading's older row of `me` if that is among them.
        var myRank = 0
        if let mine {
            var low = 0, high = ranked.count
            while low < high {
                let middle = (low + high) / 2
                if Self.isAhead(ranked[middle], of: mine) { low = middle + 1 } else { high = middle }
            }
            myRank = 1 + low - (oldPlace.map { $0 < low } == true ? 1 : 0)
        }
        var rows: [LeaderboardRow] = []
        func append(_ entry: Entry, isYou: Bool) {
            rows.append(LeaderboardRow(rank: rows.count + 1, learner: entry.name, xp: entry.totals.xp,
                                       exerciseXP: entry.totals.exerciseXP, lessons: entry.totals.lessonsDone,
                                       streak: entry.totals.streak, isYou: isYou, isHidden: entry.totals.isHidden))
        }
        var placedMine = mine == nil
        for entry in ranked where entry.totals.learner != me {
            guard rows.count < size else { break }
            if !placedMine, let mine, rows.count + 1 == myRank {
                append(mine, isYou: true)
                placedMine = true
                guard rows.count < size else { break }
            }
            append(entry, isYou: false)
        }
        if !placedMine, let mine {
            rows.append(LeaderboardRow(rank: myRank, learner: mine.name, xp: mine.totals.xp,
                                       exerciseXP: mine.totals.exerciseXP, lessons: mine.totals.lessonsDone,
                                       streak: mine.totals.streak, isYou: true, isHidden: mine.totals.isHidden))
        }
        return rows
    }
}
