#if canImport(Glibc)
import Glibc
#endif

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
        guard let teacherGroup else { return false }
        var entry = passwd()
        var result: UnsafeMutablePointer<passwd>?
        var buffer = [CChar](repeating: 0, count: 4096)
        guard getpwuid_r(uid, &entry, &buffer, buffer.count, &result) == 0, result != nil, let name = entry.pw_name else { return false }
        if entry.pw_gid == teacherGroup { return true }
        var count: Int32 = 64
        var groups = [gid_t](repeating: 0, count: Int(count))
        while getgrouplist(name, entry.pw_gid, &groups, &count) == -1 {
            groups = [gid_t](repeating: 0, count: Int(count))
        }
        return groups.prefix(Int(count)).contains(teacherGroup)
    }

    /// The id of a group by name, or `nil` when there is none.
    public static func groupID(_ name: String) -> UInt32? {
        var entry = group()
        var result: UnsafeMutablePointer<group>?
        var buffer = [CChar](repeating: 0, count: 16_384)
        guard getgrnam_r(name, &entry, &buffer, buffer.count, &result) == 0, result != nil else { return nil }
        return entry.gr_gid
    }
}
