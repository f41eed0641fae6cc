import Foundation
import TestThreads
import Testing
@testable import ProgressStore

/// The store opens no database through a symlink and writes none in a directory others may
/// write: a planted link would have SQLite create and write the file and its -wal and -shm
/// where it points. (Files of another user are refused too; Tests/Shell/state-files.test.sh
/// tries that with real users.)
@Suite(.blockingThreads) struct PlantedFilesTests {
    @Test(arguments: ["", "-wal", "-shm"])
    func aSymlinkedDatabaseFileIsRefusedAndItsTargetNotCreated(suffix: String) throws {
        let directory = try TemporaryDirectory()
        chmod(directory.path, 0o700)
        let target = directory.path + "/target"
        if suffix != "" { _ = try SQLiteProgressStore.open(path: directory.database) }  // a real database, closed
        try? FileManager.default.removeItem(atPath: directory.database + suffix)
        try FileManager.default.createSymbolicLink(atPath: directory.database + suffix, withDestinationPath: target)
        for readOnly in [false, true] {
            let error = #expect(throws: StoreError.self) { try SQLiteProgressStore.open(path: directory.database, readOnly: readOnly) }
            #expect(error?.description.contains("\(directory.database + suffix) is a symlink; refusing to follow it") == true,
                    "\(error.map { "\($0)" } ?? "")")
        }
        let made = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        #expect(!made.contains { $0.hasPrefix("target") }, "\(made)")
    }

    @Test func aDirectoryOthersMayWriteIsRefusedForWriting() throws {
        let directory = try TemporaryDirectory()
        chmod(directory.path, 0o777)
        let error = #expect(throws: StoreError.self) { try SQLiteProgressStore.open(path: directory.database) }
        #expect(error?.description.hasPrefix("the state directory \(directory.path) is writable by other users") == true,
                "\(error.map { "\($0)" } ?? "")")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
        chmod(directory.path, 0o755)
        _ = try SQLiteProgressStore.open(path: directory.database)
    }
}
