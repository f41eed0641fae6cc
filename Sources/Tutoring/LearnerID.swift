/// Who a learner is: a Unix user and, optionally, a named profile of that user. Defined with
/// the learner's conversation and progress, not by storage: the store keys rows by it, the
/// server takes it from the kernel (SO_PEERCRED) and the `learner` command.
public struct LearnerID: Hashable, Sendable, CustomStringConvertible {
    public var uid: UInt32
    /// Empty for the user's default profile.
    public var profile: String

    public init(uid: UInt32, profile: String = "") {
        self.uid = uid
        self.profile = profile
    }

    public var description: String { profile.isEmpty ? "uid \(uid)" : "uid \(uid) profile \(profile)" }

    /// Profile names are short and plain: they appear in logs and prompts.
    public static func isValidProfile(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= 32 && name.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "_"
        }
    }
}
