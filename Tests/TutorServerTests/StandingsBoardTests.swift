import Foundation
import LineProtocol
import Testing
import Tutoring
@testable import ProgressStore
@testable import TutorServer

/// A board from a cached reading and the asker's own row read afresh is the board a fresh
/// reading of everyone would give (the asker's writes show at once, ranked among the others),
/// made from a handful of rows rather than by sorting the class again.
@Suite struct StandingsBoardTests {
    static func totals(_ uid: UInt32, xp: Int, lessons: Int = 0, hidden: Bool = false) -> LearnerTotals {
        LearnerTotals(learner: LearnerID(uid: uid, profile: ""), xp: xp, lessonsDone: lessons, firstTry: 0, questionsTried: 0,
                      streak: 1, lastActive: nil, isHidden: hidden)
    }

    static func name(_ learner: LearnerID) -> String { "u\(learner.uid)" }

    /// The board as the daemon made it before the cache: everyone read now, filtered, sorted.
    static func freshBoard(_ everyone: [LearnerTotals], me: LearnerID, size: Int, seesHidden: Bool) -> [LeaderboardRow] {
        let ranked = everyone.filter { !$0.isHidden || seesHidden || $0.learner == me }
            .sorted { ($0.xp, $0.lessonsDone, name($1.learner)) > ($1.xp, $1.lessonsDone, name($0.learner)) }
        return ranked.enumerated().filter { $0.offset < size || $0.element.learner == me }.map { index, totals in
            LeaderboardRow(rank: index + 1, learner: name(totals.learner), xp: totals.xp, lessons: totals.lessonsDone,
                           streak: totals.streak, isYou: totals.learner == me, isHidden: totals.isHidden)
        }
    }

    @Test func theAskersNewXPRanksThemAtOnce() {
        let me = LearnerID(uid: 12, profile: "")
        let cached = Standings((1...15).map { Self.totals(UInt32($0), xp: 100 - $0 * 5) }, name: Self.name)
        // Read a window ago: u12 had 40 XP (twelfth). Now they have 88: third, not twelfth too.
        let mine = Standings.Entry(totals: Self.totals(12, xp: 88), name: "u12")
        let board = cached.board(of: me, mine: mine, size: 10, seesHidden: false)
        #expect(board.count == 10)
        #expect(board[2] == LeaderboardRow(rank: 3, learner: "u12", xp: 88, lessons: 0, streak: 1, isYou: true))
        #expect(board.filter { $0.learner == "u12" }.count == 1)
        #expect(board.map(\.rank) == Array(1...10))
        #expect(board[3].learner == "u3")
    }

    @Test func aLearnerNotYetReadIsRankedAtTheirPlace() {
        let me = LearnerID(uid: 99, profile: "")
        let cached = Standings((1...15).map { Self.totals(UInt32($0), xp: 100 - $0 * 5) }, name: Self.name)
        let board = cached.board(of: me, mine: Standings.Entry(totals: Self.totals(99, xp: 1), name: "u99"), size: 10, seesHidden: false)
        #expect(board.count == 11)
        #expect(board.last == LeaderboardRow(rank: 16, learner: "u99", xp: 1, lessons: 0, streak: 1, isYou: true))
    }

    /// Seeded random classes, some learners hidden, the asker's XP changed since the reading
    /// (or the asker new, or without a row): the same board as reading everyone afresh.
    @Test func theSameBoardAsAFreshReading() {
        var random = SeededRandom(seed: 36)
        for round in 0..<400 {
            let count = Int.random(in: 0...30, using: &random)
            var everyone = (0..<count).map { index in
                Self.totals(UInt32(index), xp: Int.random(in: 0...6, using: &random) * 5, lessons: Int.random(in: 0...2, using: &random),
                            hidden: Int.random(in: 0...4, using: &random) == 0)
            }
            let cached = Standings(everyone, name: Self.name)
            let meUID = UInt32.random(in: 0...UInt32(count), using: &random)  // `count`: not in the reading
            let me = LearnerID(uid: meUID, profile: "")
            everyone.removeAll { $0.learner == me }
            var mine: Standings.Entry?
            if Int.random(in: 0...5, using: &random) > 0 {
                let now = Self.totals(meUID, xp: Int.random(in: 0...6, using: &random) * 5, lessons: Int.random(in: 0...2, using: &random),
                                      hidden: Bool.random(using: &random))
                everyone.append(now)
                mine = Standings.Entry(totals: now, name: Self.name(me))
            }
            let size = Int.random(in: 1...10, using: &random)
            let seesHidden = Bool.random(using: &random)
            let board = cached.board(of: me, mine: mine, size: size, seesHidden: seesHidden)
            let expected = Self.freshBoard(everyone, me: me, size: size, seesHidden: seesHidden)
            #expect(board == expected, "round \(round)")
            if board != expected { return }
        }
    }
}

/// SplitMix64: the same numbers on every run.
struct SeededRandom: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
