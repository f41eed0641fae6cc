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

    /// The peer of `channel`. The login name is looked up on `pool`: `getpwuid_r` may ask
    /// NSS (LDAP, sssd) and must not block an event loop.
    static func of(_ channel: Channel, lookingUpNamesOn pool: NIOThreadPool, classroom: Classroom? = nil) -> EventLoopFuture<PeerCredentials> {
        guard let provider = channel as? SocketOptionProvider else {
            return channel.eventLoop.makeFailedFuture(Unavailable())
        }
        let eventLoop = channel.eventLoop
        return fetch(provider).flatMap { (credentials: UnixSocket.Credentials) in
            pool.runIfActive(eventLoop: eventLoop) {
                PeerCredentials(uid: credentials.uid, userName: UserDatabase.name(of: credentials.uid),
                                isTeacher: classroom?.isTeacher(uid: credentials.uid) ?? false)
            }
        }
    }

    // Kept out of line and non-public: NIO asks for its unsafe socket-option calls to be made
    // from such functions (see SocketOptionProvider.swift).
    @inline(never)
    private static func fetch(_ provider: SocketOptionProvider) -> EventLoopFuture<UnixSocket.Credentials> {
        provider.unsafeGetSocketOption(level: SocketOptionLevel(SOL_SOCKET), name: SocketOptionName(UnixSocket.peerCredentialsOption))
    }
}
