/// One step of a lesson's main flow.
public enum Step: Sendable, Equatable {
    /// Tutor messages delivered together before the tutor waits for the learner.
    case beat(Beat)
    /// An optional detour the learner may accept or decline.
    case offer(Offer)
    /// The lesson's key takeaway.
    case takeaway(String)
    /// A question the learner answers.
    case question(Question)
}

/// What the tutor says before it waits for the learner: one or more short messages.
public struct Beat: Sendable, Equatable {
    public var messages: [String]

    public init(messages: [String]) {
        self.messages = messages
    }
}

/// A yes/no invitation into a node, e.g. an optional deeper dive.
public struct Offer: Sendable, Equatable {
    /// The node entered when the learner accepts.
    public var node: String
    /// The tutor's invitation, phrased as a yes/no question.
    public var prompt: String

    public init(node: String, prompt: String) {
        self.node = node
        self.prompt = prompt
    }
}
