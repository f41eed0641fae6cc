import LineProtocol

/// The tutor's answer to one learner input: what to show, and what to persist.
public struct Response: Sendable, Equatable {
    /// What the tutor says, in order; the last turn is always an ``Turn/expect(_:)``.
    public var turns: [Turn]
    /// Progress changes to store before the reply is acknowledged.
    public var events: [TutoringEvent]

    public init(turns: [Turn] = [], events: [TutoringEvent] = []) {
        self.turns = turns
        self.events = events
    }

    /// The expectation this response ends with.
    public var expectation: Expectation {
        if case .expect(let expectation, _, _)? = turns.last { return expectation }
        return .continue
    }
}
