#if canImport(Glibc)
import Glibc
#endif
import SystemSupport

/// Classroom mode (`tutord --classroom`): one daemon for many Unix users. Each connection
/// learns as its peer's Unix user (no `learner` profiles); the members of the teachers' group
/// may read every learner's report.
public struct Classroom: Sendable {
    /// The teachers' group (`--teacher-group`); `nil` when it does not exist (no teachers).
    public var teacherGroup: UInt32?
    /// How many connections one Unix user may hold at once (`--max-connections-per-user`), so
    /// that one student cannot take every place the daemon has.
    public var maxConnectionsPerUser: Int

    public init(teacherGroup: UInt32?, maxConnectionsPerUser: Int = 64) {
        self.teacherGroup = teacherGroup
        self.maxConnectionsPerUser = maxConnectionsPerUser
    }

    /// Whether the user is a member of the teachers' group, from the system's group database
    /// (primary group or supplementary membership), never from what the client says.
    /// May block on NSS: call it off the event loops.
    func isTeacher(uid: UInt32) -> Bool {
        guard let teacherGroup, let user = UserDatabase.user(uid: uid) else { return false }
        return UserDatabase.groups(of: user).contains(teacherGroup)
    }

    /// The id of a group by name, or `nil` when there is none.
    public static func groupID(_ name: String) -> UInt32? {
        UserDatabase.groupID(named: name)
    }
}
