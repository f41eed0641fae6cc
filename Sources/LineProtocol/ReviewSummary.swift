/// A learner's spaced review in one course: what is due and how reviews have gone. Sent by
/// `progress` and at the end of a review session (``Turn/reviews(_:)``).
public struct ReviewSummary: Sendable, Equatable {
    /// Cards due now.
    public var dueNow: Int
    /// Cards due within the next seven days, those due now included.
    public var dueThisWeek: Int
    /// Answers given in review sessions, and how many were right: the measured retention.
    public var reviewed: Int
    public var right: Int
    /// When the next card not yet due falls due, seconds since 1970; `nil` when none is
    /// waiting. JSON mode only (text mode's reader gets `nil`).
    public var nextDue: Int64?

    public init(dueNow: Int, dueThisWeek: Int, reviewed: Int, right: Int, nextDue: Int64? = nil) {
        self.dueNow = dueNow
        self.dueThisWeek = dueThisWeek
        self.reviewed = reviewed
        self.right = right
        self.nextDue = nextDue
    }

    /// Right review answers per review answer, in percent (0 before any review).
    public var retention: Int {
        percent(right, of: reviewed)
    }

    /// `due 3 week 7 reviewed 5 right 4 retention 80%`
    public var text: String {
        "due \(dueNow) week \(dueThisWeek) reviewed \(reviewed) right \(right) retention \(retention)%"
    }

    /// The same summary as text mode carries it (without `nextDue`).
    public var textCarried: ReviewSummary {
        ReviewSummary(dueNow: dueNow, dueThisWeek: dueThisWeek, reviewed: reviewed, right: right)
    }
}
