import Foundation
import LineProtocol
import Tutoring

/// Lets a learner's write that grows the store through, or refuses it, against the daemon's
/// ``WriteLimits``. Asked in one place, ``CommandContext/converse(_:opensCourse:shown:)``, through
/// which every request that can record an answer or grade a card goes (`answer`, a chat line,
/// `skip`, an answer in a review), and before the conversation moves: a refused request records
/// nothing and the conversation stays where it was, so the learner can send it again.
final class WriteGate: Sendable {
    let limits: WriteLimits
    /// One bucket per learner; `nil` without a rate limit.
    private let rate: RateLimiter<LearnerID>?

    init(_ limits: WriteLimits) {
        self.limits = limits
        rate = limits.perMinute > 0 ? RateLimiter(burst: max(1, limits.burst), interval: 60 / Double(limits.perMinute)) : nil
    }

    /// Whether a request that may record needs to be checked at all.
    var isOn: Bool { limits.limitsAnything }

    /// Whether learners' stored answers are counted (read when a learner is loaded).
    var countsStoredAnswers: Bool { limits.maxStored > 0 }

    /// Takes one of `learner`'s writes that may grow the store at `now`, or refuses it: `quota`
    /// when they have ``WriteLimits/maxStored`` stored (`stored` is `nil` when nothing is
    /// stored, so nothing is counted), else `rate-limited` when their bucket is empty. A
    /// refusal at the cap takes no token.
    func admit(_ learner: LearnerID, stored: StoredAnswerCount?, at now: Date) throws(ProtocolError) {
        if limits.maxStored > 0, let stored, stored.total >= limits.maxStored {
            let largest = stored.largest.map { " (most are in \($0.course): \($0.count))" } ?? ""
            throw ProtocolError(.quota, "you have \(stored.total) answers and review gradings stored, this tutor's limit (\(limits.maxStored)), so nothing was recorded; `reset <course> confirm` forgets a course's progress and frees its room\(largest)")
        }
        if let rate, let wait = rate.take(learner, now: now) {
            let seconds = max(1, Int(wait.rounded(.up)))
            throw ProtocolError(.rateLimited, "too many answers at once: this tutor takes \(limits.burst) in a row, then \(limits.perMinute) a minute; nothing was recorded, send it again in \(seconds) s")
        }
    }
}
