import Foundation
import Testing
@testable import SystemSupport

/// The database files a daemon writes are its own (or root's), never a symlink, in a directory
/// no one else may write.
@Suite struct StateFilesTests {
    static let daemon: UInt32 = 998
    static func file(_ path: String, uid: UInt32 = daemon, mode: UInt32 = 0o600, kind: FileStatus.Kind = .regular) -> FileStatus {
        FileStatus(path: path, kind: kind, uid: uid, permissions: mode)
    }

    @Test func theDaemonsOwnAndRootsFilesAreUsed() {
        for uid in [Self.daemon, 0] {
            #expect(StateFiles.fileProblem(Self.file("/s/tutord.sqlite", uid: uid, mode: 0o644), what: "the database", writing: true, euid: Self.daemon) == nil)
            #expect(StateFiles.directoryProblem(Self.file("/s", uid: uid, mode: 0o755, kind: .directory), euid: Self.daemon) == nil)
        }
    }

    @Test func anotherUsersFileIsRefusedForWritingAndNamed() {
        let planted = Self.file("/s/tutord.sqlite-wal", uid: 1001, mode: 0o644)
        let why = StateFiles.fileProblem(planted, what: "the database's write-ahead log", writing: true, euid: Self.daemon)
        #expect(why?.hasPrefix("the database's write-ahead log /s/tutord.sqlite-wal belongs to ") == true, "\(why ?? "used")")
        #expect(why?.contains("uid 1001), mode 644, not to tutord, which runs as ") == true || why?.contains("uid 1001, mode 644, not to tutord, which runs as ") == true, "\(why ?? "used")")
        // Read only (root reading a service's database for `tutord report`), it is used.
        #expect(StateFiles.fileProblem(planted, what: "the database", writing: false, euid: 0) == nil)
    }

    @Test func aSymlinkIsNeverFollowedEvenToRead() {
        for writing in [true, false] {
            let why = StateFiles.fileProblem(Self.file("/s/tutord.sqlite", mode: 0o777, kind: .symlink), what: "the database", writing: writing, euid: Self.daemon)
            #expect(why?.hasPrefix("the database /s/tutord.sqlite is a symlink; refusing to follow it") == true)
        }
    }

    @Test(arguments: [0o775, 0o757, 0o777, 0o1777] as [UInt32])
    func aDirectoryOthersMayWriteIsRefused(mode: UInt32) {
        let why = StateFiles.directoryProblem(Self.file("/s", mode: mode, kind: .directory), euid: Self.daemon)
        #expect(why?.hasPrefix("the state directory /s is writable by other users") == true, "\(why ?? "used")")
        #expect(why?.contains("mode \(String(mode, radix: 8))") == true)
    }

    @Test func aDirectoryOfAnotherUserIsRefused() {
        let why = StateFiles.directoryProblem(Self.file("/s", uid: 1001, mode: 0o700, kind: .directory), euid: Self.daemon)
        #expect(why?.hasPrefix("the state directory /s belongs to ") == true, "\(why ?? "used")")
    }

    /// On real files: a planted symlink for any of the three files is found, and where it
    /// points is not created.
    @Test func realFilesAreLookedAtWithoutFollowingLinks() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tutord-statefiles-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: false)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        chmod(directory, 0o700)
        let database = directory + "/tutord.sqlite"
        #expect(StateFiles.problem(database: database, writing: true) == nil)  // nothing there yet
        FileManager.default.createFile(atPath: database, contents: nil)
        #expect(StateFiles.problem(database: database, writing: true) == nil)
        for suffix in StateFiles.companionSuffixes {
            try FileManager.default.createSymbolicLink(atPath: database + suffix, withDestinationPath: directory + "/elsewhere")
            #expect(StateFiles.problem(database: database, writing: true)?.contains("\(database + suffix) is a symlink") == true)
            #expect(StateFiles.problem(database: database, writing: false)?.contains("\(database + suffix) is a symlink") == true)
            try FileManager.default.removeItem(atPath: database + suffix)
        }
        chmod(directory, 0o770)
        #expect(StateFiles.problem(database: database, writing: true)?.contains("is writable by other users") == true)
        #expect(StateFiles.problem(database: database, writing: false) == nil)
        #expect(!FileManager.default.fileExists(atPath: directory + "/elsewhere"))
    }
}
