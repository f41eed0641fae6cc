/// One open-loop connection's timing, without I/O: requests are due on a schedule fixed in
/// advance (each intended send time is the one before plus a think time), never on when the
/// last reply came. The protocol answers in order and a learner decides on the reply, so one
/// request is in flight at a time: requests that fall due while one is unanswered go out, in
/// order, as replies arrive, and each latency still runs from the request's intended time. A
/// stalled daemon therefore shows as latency, not as fewer requests (no coordinated omission).
struct PacedConnection: Sendable {
    /// The intended send time (nanoseconds) of the request in flight, if one is.
    private(set) var outstanding: UInt64?
    /// Requests that fell due while another was in flight: their intended times, in order.
    private(set) var waiting: [UInt64] = []

    /// The schedule says a request is due, intended at `intended`. Returns `true` when it is to
    /// be sent now, `false` when it waits for the reply in flight.
    mutating func due(intended: UInt64) -> Bool {
        guard outstanding == nil else {
            waiting.append(intended)
            return false
        }
        outstanding = intended
        return true
    }

    /// The reply to the request in flight arrived at `now`. Returns that request's intended
    /// time and its latency from it, and the intended time of the first waiting request, now in
    /// flight, to send at once.
    mutating func replied(at now: UInt64) -> (intended: UInt64, latency: UInt64, sendNow: UInt64?) {
        guard let intended = outstanding else { preconditionFailure("a reply with no request in flight") }
        let sendNow = waiting.isEmpty ? nil : waiting.removeFirst()
        outstanding = sendNow
        return (intended, now - min(now, intended), sendNow)
    }
}
