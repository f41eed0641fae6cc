import Foundation
import Tutoring

/// Where learners' progress is kept: everything the daemon and its commands ask of a store,
/// whichever database holds it. ``SQLiteProgressStore`` is the embedded one;
/// ``PostgresProgressStore``, for a server database, is the other, and one conformance suite
/// holds both to it.
///
/// The contract:
/// - ``record(_:)`` returns only once every write in it is committed and synced (an `OK` on a
///   change means it survives a crash of the process and of the machine), or throws and
///   changed nothing. The writes of one call are applied in order, as one transaction.
/// - A write whose ``ProgressWrite/precondition`` does not hold (the enrolment moved on, or
///   was made, since its conversation read it) changes nothing and is returned as refused;
///   the rest of the call is applied. Stores served by several tutords at once rely on it.
/// - Every read sees every write recorded before it began.
/// - Calls block: make them on a thread that may wait (the committer's queue, the daemon's
///   learner pool, a command-line tool), never on an event loop. They may come from several threads
///   at once.
/// - Failures are ``StoreError``s whose description says what went wrong in words.
public protocol ProgressStorage: AnyObject, Sendable {
    /// Where the progress lives, for messages and logs: a file path, or a database address
    /// without its credentials.
    var location: String { get }
    /// Reads work and every write fails (``readOnlyCause`` says why).
    var isReadOnly: Bool { get }
    /// Why a store opened for writing can only be read, in words, when it is so.
    var readOnlyCause: String? { get }
    /// How many ``record(_:)`` calls can usefully run at once (each on a connection of its
    /// own): the batches the ``GroupCommitter`` keeps in flight. 1 unless the store says more.
    var transactionsAtOnce: Int { get }

    /// Applies `writes` in order, in one transaction (see the contract above), and returns the
    /// indices of those refused by their precondition.
    @discardableResult
    func record(_ writes: [ProgressWrite]) throws(StoreError) -> Set<Int>
    /// As ``record(_:)``, except that a store in which another session may hold a learner's
    /// rows locked (PostgreSQL) does not wait for such a learner: their writes are left out
    /// (not applied, not checked) and returned as held, and the rest is committed. The
    /// ``GroupCommitter``'s call, so that one locked learner does not stall the others.
    func recordUnlessHeld(_ writes: [ProgressWrite]) throws(StoreError) -> BatchOutcome
    /// Drops anything remembered about `learner` on the write path (their row id, study day,
    /// courses), for a learner who left the daemon's memory. Call only when none of their
    /// writes is in flight; nothing stored changes.
    func forget(_ learner: LearnerID)

    /// The learner's progress in a course with its revision, or `nil` if they never started it.
    func storedProgress(for learner: LearnerID, course: String) throws(StoreError) -> StoredProgress?
    /// Every learner with stored progress, by uid then profile.
    func learners() throws(StoreError) -> [LearnerID]
    /// The course the learner opened last.
    func lastCourse(for learner: LearnerID) throws(StoreError) -> String?
    /// The days (`YYYY-MM-DD`, the daemon's time zone) on which the learner studied.
    func studyDays(for learner: LearnerID) throws(StoreError) -> Set<String>
    /// Every answer a learner gave in a course, oldest first.
    func answers(for learner: LearnerID, course: String) throws(StoreError) -> [StoredAnswer]
    /// How many answers and review gradings the learner has stored, per course (courses with
    /// none left out): one indexed count, read when the daemon loads a learner it limits.
    func growingRows(for learner: LearnerID) throws(StoreError) -> [String: Int]
    /// The learner's whole progress, every course (see ``ProgressExport``).
    func progressExport(_ learner: LearnerID) throws(StoreError) -> ProgressExport
    /// The learner's whole progress as ``export(_:)`` writes it, in pieces of about
    /// `pageBytes`, read page by page as they are asked for (see ``ExportStream``). Reads the
    /// head of the document now.
    func exportStream(_ learner: LearnerID, pageBytes: Int) throws(StoreError) -> ExportStream
    /// Every learner's totals, in one course or in all; `since` counts only the XP earned from
    /// then on (a weekly leaderboard); `uid` limits it to one user's profiles.
    func learnerTotals(course: String?, since: Date?, uid: UInt32?, today: Date) throws(StoreError) -> [LearnerTotals]
    /// The questions most learners did not get right on the first try, worst first.
    func missedQuestions(course: String?, limit: Int) throws(StoreError) -> [MissedQuestion]
}

/// A learner's progress in a course as stored, and the revision of the enrolment it was read
/// at: a write made from it carries ``ProgressWrite/Precondition/revision(_:)`` with this.
public struct StoredProgress: Sendable, Equatable {
    public var progress: LearnerProgress
    public var revision: Int64

    public init(progress: LearnerProgress, revision: Int64) {
        self.progress = progress
        self.revision = revision
    }
}

extension ProgressStorage {
    public var transactionsAtOnce: Int { 1 }

    /// A store whose writes never wait on another session's lock of one learner holds nothing back.
    public func recordUnlessHeld(_ writes: [ProgressWrite]) throws(StoreError) -> BatchOutcome {
        BatchOutcome(refused: try record(writes))
    }

    /// ``exportStream(_:pageBytes:)`` in pieces of about 32 KiB.
    public func exportStream(_ learner: LearnerID) throws(StoreError) -> ExportStream {
        try exportStream(learner, pageBytes: 32 * 1024)
    }

    /// The learner's progress in a course, or `nil` if they never started it.
    public func progress(for learner: LearnerID, course: String) throws(StoreError) -> LearnerProgress? {
        try storedProgress(for: learner, course: course)?.progress
    }

    /// Forgets a learner's progress in one course (answers included), as one transaction of
    /// its own. The daemon submits ``ProgressWrite/reset(_:course:date:)`` through the
    /// ``GroupCommitter`` instead, so a reset keeps its place among the learner's steps.
    public func reset(_ learner: LearnerID, course: String) throws(StoreError) {
        try record([.reset(learner, course: course, date: Date())])
    }

    /// Consecutive study days ending today (or yesterday, if not yet today).
    public func streak(for learner: LearnerID, today: Date) throws(StoreError) -> Int {
        StudyStreak.length(try studyDays(for: learner), today: today)
    }

    /// ``progressExport(_:)`` as one line of JSON, read in pages (``exportStream(_:pageBytes:)``)
    /// and joined.
    public func export(_ learner: LearnerID) throws(StoreError) -> Data {
        let stream = try exportStream(learner)
        var document = Data()
        while let piece = try stream.next() { document.append(contentsOf: piece.utf8) }
        return document
    }
}
