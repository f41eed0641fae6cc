#if canImport(Glibc)
import Glibc
#endif
import NIOCore
import NIOPosix
import SystemSupport

/// The Unix user at the other end of a connection, from the kernel (SO_PEERCRED): it cannot
/// be forged by the client.
struct PeerCredentials: Sendable {
    var uid: UInt32
    var userName: String
    /// A member of the classroom's teachers' group (always `false` outside classroom mode).
    var isTeacher = false

    struct Unavailable: Error {}

    /// The uid of the peer of `channel`, from the kernel: no look-up, so it is known as soon as
    /// the connection is (the per-user connection limit applies from then on).
    static func uid(of channel: Channel) -> EventLoopFuture<UInt32> {
        guard let provider = channel as? SocketOptionProvider else {
            return channel.eventLoop.makeFailedFuture(Unavailable())
        }
        return fetch(provider).map(\.uid)
    }

    /// The rest of the peer's identity: the login name, looked up on `pool` (`getpwuid_r` may
    /// ask NSS, LDAP or sssd, and must not block an event loop), and whether they teach.
    static func lookUp(_ uid: UInt32, on pool: NIOThreadPool, eventLoop: EventLoop, classroom: Classroom? = nil) -> EventLoopFuture<PeerCredentials> {
        pool.runIfActive(eventLoop: eventLoop) {
            PeerCredentials(uid: uid, userName: UserDatabase.name(of: uid), isTeacher: classroom?.isTeacher(uid: uid) ?? false)
        }
    }

    // Kept out of line and non-public: NIO asks for its unsafe socket-option calls to be made
    // from such functions (see SocketOptionProvider.swift).
    @inline(never)
    private static func fetch(_ provider: SocketOptionProvider) -> EventLoopFuture<UnixSocket.Credentials> {
        provider.unsafeGetSocketOption(level: SocketOptionLevel(SOL_SOCKET), name: SocketOptionName(UnixSocket.peerCredentialsOption))
    }
}
