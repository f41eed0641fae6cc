import Testing
@testable import SystemSupport

/// The rules for a directory only its user may change (the socket's under /tmp, the learner's
/// exercise folders), the folder it is made in, and a file kept there.
@Suite struct PrivateDirectoryTests {
    static let learner: UInt32 = 1001
    static let other: UInt32 = 3_999_999_999

    static func status(_ path: String, _ kind: FileStatus.Kind, uid: UInt32 = learner, mode: UInt32 = 0o700) -> FileStatus {
        FileStatus(path: path, kind: kind, uid: uid, permissions: mode)
    }

    @Test func aPrivateDirectoryIsTheUsersAndOpenToNoOneElse() {
        #expect(PrivateDirectory.problem(Self.status("/tmp/x/ada", .directory), uid: Self.learner) == nil)
        let open = PrivateDirectory.problem(Self.status("/tmp/x/ada", .directory, mode: 0o777), uid: Self.learner)
        #expect(open?.contains("is accessible by other users (mode 777)") == true)
        #expect(open?.contains("`chmod 700 /tmp/x/ada`") == true)
        let theirs = PrivateDirectory.problem(Self.status("/tmp/x/ada", .directory, uid: Self.other), uid: Self.learner)
        #expect(theirs?.contains("belongs to uid 3999999999, not to you") == true)
        let link = PrivateDirectory.problem(Self.status("/tmp/x/ada", .symlink, mode: 0o777), uid: Self.learner)
        #expect(link == "/tmp/x/ada is a symlink; refusing to follow it (remove it: `rm /tmp/x/ada`)")
        #expect(PrivateDirectory.problem(Self.status("/tmp/x/ada", .other), uid: Self.learner)?.contains("is not a directory") == true)
    }

    @Test func theBaseMayBeSharedOnlyAsTmpIs() {
        #expect(PrivateDirectory.baseProblem(Self.status("/home/ada/ex", .directory, mode: 0o755), uid: Self.learner) == nil)
        #expect(PrivateDirectory.baseProblem(Self.status("/tmp", .directory, uid: 0, mode: 0o1777), uid: Self.learner) == nil)
        let unsticky = PrivateDirectory.baseProblem(Self.status("/srv/ex", .directory, uid: 0, mode: 0o777), uid: Self.learner)
        #expect(unsticky?.contains("writable by other users and not sticky (mode 777)") == true)
        let theirs = PrivateDirectory.baseProblem(Self.status("/tmp/shared", .directory, uid: Self.other, mode: 0o1777), uid: Self.learner)
        #expect(theirs?.contains("belongs to uid 3999999999, not to you") == true)
    }

    @Test func aFileMustBeARegularFileOfTheUsers() {
        #expect(PrivateDirectory.fileProblem(Self.status("/e/a.py", .regular, mode: 0o644), uid: Self.learner) == nil)
        #expect(PrivateDirectory.fileProblem(Self.status("/e/a.py", .symlink, mode: 0o777), uid: Self.learner)?.contains("is a symlink") == true)
        #expect(PrivateDirectory.fileProblem(Self.status("/e/a.py", .other, mode: 0o644), uid: Self.learner)?.contains("is not a regular file") == true)
        #expect(PrivateDirectory.fileProblem(Self.status("/e/a.py", .regular, uid: Self.other, mode: 0o644), uid: Self.learner)?.contains("belongs to uid 3999999999") == true)
        #expect(PrivateDirectory.fileProblem(Self.status("/e/a.py", .regular, mode: 0o666), uid: Self.learner)?.contains("writable by other users (mode 666)") == true)
    }
}
