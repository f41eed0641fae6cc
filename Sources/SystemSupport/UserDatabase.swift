#if canImport(Glibc)
import Glibc
#endif

/// The system's user and group database (passwd, group; through NSS, so LDAP or sssd too).
/// Each look-up may block on the network: call these off the event loops.
public enum UserDatabase {
    /// A user's entry: what tutord needs of it.
    public struct User: Sendable, Equatable {
        public var name: String
        public var uid: UInt32
        /// The primary group.
        public var gid: UInt32
    }

    public static func user(uid: UInt32) -> User? {
        lookUp { entry, buffer, result in getpwuid_r(uid, &entry, &buffer, buffer.count, &result) }
    }

    public static func user(named name: String) -> User? {
        lookUp { entry, buffer, result in getpwnam_r(name, &entry, &buffer, buffer.count, &result) }
    }

    /// The login name of `uid`, or `uid<N>` when it has none.
    public static func name(of uid: UInt32) -> String {
        user(uid: uid)?.name ?? "uid\(uid)"
    }

    /// Every group `user` belongs to: its primary group and its supplementary ones.
    public static func groups(of user: User) -> [UInt32] {
        var count: Int32 = 64
        var groups = [gid_t](repeating: 0, count: Int(count))
        while getgrouplist(user.name, user.gid, &groups, &count) == -1 {
            groups = [gid_t](repeating: 0, count: Int(count))
        }
        return Array(groups.prefix(Int(count)))
    }

    /// The id of a group by name, or `nil` when there is none.
    public static func groupID(named name: String) -> UInt32? {
        var entry = group()
        var result: UnsafeMutablePointer<group>?
        var buffer = [CChar](repeating: 0, count: 16_384)
        guard getgrnam_r(name, &entry, &buffer, buffer.count, &result) == 0, result != nil else { return nil }
        return entry.gr_gid
    }

    private static func lookUp(
        _ call: (inout passwd, inout [CChar], inout UnsafeMutablePointer<passwd>?) -> Int32
    ) -> User? {
        var entry = passwd()
        var result: UnsafeMutablePointer<passwd>?
        var buffer = [CChar](repeating: 0, count: 4096)
        guard call(&entry, &buffer, &result) == 0, result != nil, let name = entry.pw_name else { return nil }
        return User(name: String(cString: name), uid: entry.pw_uid, gid: entry.pw_gid)
    }
}
