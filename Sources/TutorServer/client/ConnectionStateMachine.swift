import LineFraming
import LineProtocol
import NIOCore

/// What a connection does next, decided without I/O: the connection handler tells it what
/// happened and does what it answers (as NIOExtras' `ServerQuiescingHelper` keeps its `LifecycleStateMachine`).
///
/// It owns the connection's phase, the lines received and not yet answered, whether the peer
/// closed its sending side, and whether the socket is being read. The rules it keeps:
/// - lines are answered one at a time, in order, and only while the client reads its replies
///   (the channel is writable);
/// - while a reply waits (for the learner's worker or a commit), later lines wait;
/// - the socket is read only while no line waits (backpressure), and while idle only until
///   a line comes or the peer closed its side;
/// - a line ends an `idle` (its reply goes first, so replies keep the order of requests);
/// - once the peer closed its side (or shutdown began) and every line is answered, close.
struct ConnectionStateMachine {
    /// Where the connection is in its life.
    enum Phase: Equatable {
        /// Not admitted (over the connection limit) or not yet active.
        case inactive
        /// Waiting for the peer's identity; lines queue.
        case identifying
        /// Answering queued lines while the client reads its replies.
        case answering
        /// A reply waits for the learner's worker or for its commit, or is being written page
        /// by page (`export`); later lines wait.
        case waiting
        /// In `idle`, waiting for one of these changes, or for the next line (`noidle` or any
        /// request), which ends it.
        case idle(Set<Subsystem>)
        /// Answers nothing more: quit, an unidentifiable peer, everything answered after the
        /// peer closed its sending side, or the channel went away.
        case closed
    }

    /// What the handler does next.
    enum Action: Equatable {
        /// Answer this line (the handler runs the request; if its reply must wait, it calls
        /// ``replyWaits()``, and ``replyDone()`` when it is sent).
        case answer(InboundLine)
        /// End the `idle` that waited for these changes: send its reply with the changes taken.
        case endIdle(Set<Subsystem>)
        /// Start or stop reading the socket.
        case setReading(Bool)
        /// Everything is answered and the peer will send no more: close the connection.
        case close
        /// Nothing, until the next event.
        case wait
    }

    private(set) var phase = Phase.inactive
    /// Two slots, grown on demand: an idle connection (thousands of them) holds one line at
    /// most, and the default of 16 cost about 0.5 KiB each.
    private var queue = CircularBuffer<InboundLine>(initialCapacity: 2)
    /// The peer closed its sending side, or shutdown began: close once the queue is answered.
    private(set) var inputClosed = false
    /// Whether the socket is read (the channel's `autoRead`), as last set.
    private(set) var isReading = true
    /// A line came (the first-line deadline no longer applies).
    private(set) var heardFromPeer = false

    /// The connection was admitted and is active: find out who the peer is.
    mutating func activated() {
        guard phase == .inactive else { return }
        phase = .identifying
    }

    /// The peer is known: its greeting is sent, then queued lines are answered.
    mutating func identified() {
        guard phase == .identifying else { return }
        phase = .answering
    }

    /// A line arrived; `true` if it is the first (the first-line deadline is then cancelled).
    mutating func received(_ line: InboundLine) -> Bool {
        guard phase != .closed else { return false }
        queue.append(line)
        defer { heardFromPeer = true }
        return !heardFromPeer
    }

    /// The peer closed its sending side.
    mutating func peerClosedInput() {
        inputClosed = true
    }

    /// Shutdown: answer what was received, then close. An `idle` ends now, with what changed
    /// so far: the subscriptions whose reply to send, if one was open.
    mutating func quiesce() -> Set<Subsystem>? {
        inputClosed = true
        return changeArrived()
    }

    /// The first-line deadline passed; `true` if the connection is to be closed for it (no
    /// line came, and it is not closing already).
    mutating func firstLineDeadlinePassed() -> Bool {
        guard !heardFromPeer, phase == .identifying || phase == .answering, queue.isEmpty else { return false }
        phase = .closed
        return true
    }

    /// The reply of the line being answered waits (for the learner's worker or a commit).
    mutating func replyWaits() {
        guard phase == .answering else { return }
        phase = .waiting
    }

    /// The waiting reply was sent; `false` if the connection is no longer waiting for it (it
    /// closed meanwhile), and the reply is to be dropped.
    mutating func replyDone() -> Bool {
        guard phase == .waiting else { return false }
        phase = .answering
        return true
    }

    /// The line answered was `idle`: wait for `subscriptions`.
    mutating func beganIdle(_ subscriptions: Set<Subsystem>) {
        guard phase == .answering else { return }
        phase = .idle(subscriptions)
    }

    /// A change an `idle` waits for came: the subscriptions whose reply to send now, or
    /// `nil` if the idle already ended.
    mutating func changeArrived() -> Set<Subsystem>? {
        guard case .idle(let subscriptions) = phase else { return nil }
        phase = .answering
        return subscriptions
    }

    /// The connection closes (quit, an error reply that closes, or the peer unidentifiable).
    mutating func closing() {
        phase = .closed
    }

    /// The channel went away; `true` if it had been admitted (and so counted).
    mutating func channelInactive() -> Bool {
        guard phase != .inactive else { return false }  // never admitted: stays so
        phase = .closed
        return true
    }

    /// The next thing to do, given whether the client reads its replies now. Called after
    /// every event, repeatedly, until it answers ``Action/wait``.
    mutating func next(isWritable: Bool) -> Action {
        if isWritable, !queue.isEmpty, case .idle(let subscriptions) = phase {
            phase = .answering
            return .endIdle(subscriptions)
        }
        if isWritable, phase == .answering, let line = queue.popFirst() {
            return .answer(line)
        }
        if phase == .answering, queue.isEmpty, inputClosed {
            phase = .closed
            return .close
        }
        let reading: Bool
        switch phase {
        case .idle:
            // Read on while idle: the next line ends it. A client that closed its sending side
            // after `idle` (`nc -N`) still gets the change it waits for, then the close.
            reading = queue.isEmpty && !inputClosed
        case .answering, .identifying, .waiting:
            // Read more only when nothing waits: a client that pipelines faster than it reads
            // its replies, or than commits complete, is held at the socket (backpressure).
            reading = queue.isEmpty
        case .inactive, .closed:
            return .wait
        }
        guard reading != isReading else { return .wait }
        isReading = reading
        return .setReading(reading)
    }
}
