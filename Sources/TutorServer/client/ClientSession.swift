import Tutoring
import LineProtocol
import ProgressStore

/// Per-connection state: who is connected, which course they are in, and the reply format.
struct ClientSession: Sendable {
    /// The peer's Unix user (SO_PEERCRED); fixed for the connection's life.
    let uid: UInt32
    /// The user's login name, for display.
    let userName: String
    /// In classroom mode, a member of the teachers' group (looked up at connect time).
    let isTeacher: Bool
    /// The named profile chosen with `learner NAME`; empty for the default profile.
    var profile = ""
    /// The course this connection talks about, once `start` or `resume` chose one.
    var course: String?
    var format = ReplyFormat.text
    /// The learner's shared record, looked up once per profile rather than per request, and
    /// held (kept in memory) while this connection, or a request of it, may use it.
    var learnerHold: LearnerHold?

    init(uid: UInt32, userName: String, isTeacher: Bool = false) {
        self.uid = uid
        self.userName = userName
        self.isTeacher = isTeacher
    }

    var learnerID: LearnerID { LearnerID(uid: uid, profile: profile) }

    /// The learner record for this connection's current profile.
    mutating func learner(in registry: LearnerRegistry) -> Learner {
        hold(in: registry).learner
    }

    /// The hold on the learner record for this connection's current profile.
    mutating func hold(in registry: LearnerRegistry) -> LearnerHold {
        if let learnerHold { return learnerHold }
        let hold = registry.hold(learnerID)
        learnerHold = hold
        return hold
    }

    /// `alice`, or `alice/work` for a named profile.
    var learnerName: String { profile.isEmpty ? userName : "\(userName)/\(profile)" }
}
