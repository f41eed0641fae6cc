import Testing
@testable import SystemSupport

/// Whom `tutor` talks to: its own user and root anywhere; a system account only on a socket
/// that only root or that account could have put where it is.
@Suite struct SocketTrustTests {
    static let service: UInt32 = 998      // a system account, as `useradd --system` makes
    static let student: UInt32 = 1001     // a login account
    let trust = SocketTrust(users: [1001, 0], systemSockets: true, firstLoginUID: 1000)

    static func directory(_ path: String, uid: UInt32 = 0, mode: UInt32 = 0o755, kind: FileStatus.Kind = .directory) -> FileStatus {
        FileStatus(path: path, kind: kind, uid: uid, permissions: mode)
    }
    /// /run/tutord/tutord.sock as the system units make it, served by the service account.
    static let socket = FileStatus(path: "/run/tutord/tutord.sock", kind: .socket, uid: service, permissions: 0o660)
    static let above = [directory("/run"), directory("/")]

    func problem(socket: FileStatus = socket, _ directories: [FileStatus], peer: UInt32 = service) -> String? {
        trust.systemSocketProblem(socket: socket, directories: directories, peerUID: peer)
    }

    @Test func aServiceSocketInARootOrServiceDirectoryIsTrusted() {
        #expect(problem([Self.directory("/run/tutord")] + Self.above) == nil)
        #expect(problem([Self.directory("/run/tutord", uid: Self.service)] + Self.above) == nil)
        #expect(problem([Self.directory("/run/tutord", uid: Self.service, mode: 0o700)] + Self.above) == nil)
    }

    @Test func aServerOfAnotherLoginAccountIsRefusedWhereverItsSocketIs() {
        let socket = FileStatus(path: "/run/tutord/tutord.sock", kind: .socket, uid: 1002, permissions: 0o600)
        let why = problem(socket: socket, [Self.directory("/run/tutord")] + Self.above, peer: 1002)
        #expect(why?.contains("is not root or a system account (uid below UID_MIN, 1000)") == true, "\(why ?? "trusted")")
        #expect(SocketTrust(users: [1001], systemSockets: true, firstLoginUID: 1003)
            .systemSocketProblem(socket: socket, directories: [Self.directory("/run/tutord")] + Self.above, peerUID: 1002) == nil)
    }

    @Test func theSocketFileMustBeTheServersAndNoSymlink() {
        let others = FileStatus(path: "/run/tutord/tutord.sock", kind: .socket, uid: 0, permissions: 0o666)
        #expect(problem(socket: others, [Self.directory("/run/tutord")] + Self.above)?.contains("the socket file belongs to") == true)
        let link = FileStatus(path: "/run/tutord/tutord.sock", kind: .symlink, uid: Self.service, permissions: 0o777)
        #expect(problem(socket: link, [Self.directory("/run/tutord")] + Self.above)?.contains("is a symlink") == true)
    }

    @Test func aDirectoryOfALoginAccountIsRefused() {
        let why = problem([Self.directory("/srv/class", uid: Self.student)] + [Self.directory("/srv"), Self.directory("/")])
        #expect(why?.hasPrefix("its directory /srv/class belongs to") == true, "\(why ?? "trusted")")
    }

    @Test(arguments: [0o775, 0o757, 0o777, 0o1777] as [UInt32])
    func aDirectoryOthersMayWriteIsRefused(mode: UInt32) {
        let why = problem([Self.directory("/run/tutord", uid: Self.service, mode: mode)] + Self.above)
        #expect(why == "its directory /run/tutord is writable by others (mode \(String(mode, radix: 8))), so anyone could have put the socket there")
    }

    @Test func everyDirectoryAboveMustBeRootsAndClosedToOthers() {
        let inTmp = [Self.directory("/tmp/class", uid: Self.service), Self.directory("/tmp", mode: 0o1777), Self.directory("/")]
        #expect(problem(inTmp) == "/tmp, above it, is writable by others (mode 1777), so anyone could have put the socket there")
        let inServiceHome = [Self.directory("/var/lib/svc/run", uid: Self.service), Self.directory("/var/lib/svc", uid: Self.service),
                             Self.directory("/var/lib"), Self.directory("/var"), Self.directory("/")]
        #expect(problem(inServiceHome)?.hasPrefix("/var/lib/svc, above it, belongs to") == true)
        let throughLink = [Self.directory("/var/run/tutord"), Self.directory("/var/run", kind: .symlink), Self.directory("/var"), Self.directory("/")]
        #expect(problem(throughLink) == "/var/run, above it, is a symlink; give the socket's real path")
        let linkedDirectory = [Self.directory("/run/tutord", kind: .symlink)] + Self.above
        #expect(problem(linkedDirectory) == "its directory /run/tutord is a symlink; give the socket's real path")
    }

    @Test func ownAndRootsServersAreTrustedAnywhereAndOthersNotWithoutSystemSockets() {
        #expect(trust.problem(socket: "/nowhere/at/all.sock", peerUID: 1001) == nil)
        #expect(trust.problem(socket: "/nowhere/at/all.sock", peerUID: 0) == nil)
        let mineOnly = SocketTrust(users: [1001])
        #expect(mineOnly.problem(socket: "/run/tutord/tutord.sock", peerUID: 0)
            == "the socket /run/tutord/tutord.sock is served by uid 0, not by you; refusing to talk to it")
        #expect(trust.problem(socket: "/nowhere/at/all.sock", peerUID: nil)?.contains("an unknown user") == true)
        let missing = trust.problem(socket: "/nowhere/at/all.sock", peerUID: Self.service)
        #expect(missing?.hasPrefix("the socket /nowhere/at/all.sock is served by uid 998, not by you; refusing to talk to it: cannot inspect") == true,
                "\(missing ?? "trusted")")
    }

    @Test func theDirectoriesAreTheTextualParents() {
        #expect(FileStatus.directory(of: "/run/tutord/tutord.sock") == "/run/tutord")
        #expect(FileStatus.directory(of: "/run/tutord/") == "/run")
        #expect(FileStatus.directory(of: "/run//tutord") == "/run")
        #expect(FileStatus.directory(of: "/run") == "/")
    }

    @Test func uidMinComesFromLoginDefs() {
        #expect(LoginDefinitions.firstLoginUID(text: "# UID_MIN 5\nUID_MIN\t\t\t 1000\nUID_MAX 60000\n") == 1000)
        #expect(LoginDefinitions.firstLoginUID(text: "UID_MIN 500\nUID_MIN 2000\n") == 2000)
        #expect(LoginDefinitions.firstLoginUID(text: "SYS_UID_MIN 100\n") == nil)
        #expect(LoginDefinitions.firstLoginUID(path: "/nonexistent/login.defs") == 1000)
    }
}
