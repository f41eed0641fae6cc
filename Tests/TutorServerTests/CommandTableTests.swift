import Foundation
import LineProtocol
import Logging
import ProgressStore
import Testing
@testable import TutorServer

/// The daemon's command table against the protocol's list of commands.
@Suite struct CommandTableTests {
    /// Arguments that take each command that depends on them both ways (`review` / `review
    /// all`, `leaderboard hide` / `leaderboard`, `chat hi` / `chat what is the GIL?`).
    static let argumentLists: [[String]] = [[], ["all"], ["hide"], ["hi"], ["what is the GIL?"], ["cpython-internals"]]

    /// Where each command runs agrees with where the protocol says it runs, for every kind;
    /// one that may run either way does both, by its arguments.
    @Test(arguments: RequestKind.allCases)
    func everyCommandRunsWhereItsKindSays(kind: RequestKind) {
        let command = CommandTable.command(kind)
        let placements = Set(Self.argumentLists.map { command.execution($0).placement })
        if kind.placement == .learnerOrBlocking {
            #expect(placements == [.learner, .blocking])
        } else {
            #expect(placements == [kind.placement])
        }
    }

    @Test func theTableIsTheProtocolsList() {
        #expect(CommandTable.all.map(\.name) == RequestKind.allCases.map(\.name))
        for kind in RequestKind.allCases {
            let command = CommandTable.commands[kind.name]
            #expect(command?.usage == kind.usage && command?.arity == kind.arguments && command?.takesText == kind.takesText)
        }
    }
}

/// A command that reads the store where its declaration says it runs on the event loop gets
/// an error instead of blocking the loop.
@Suite struct StoreReadOnEventLoopTests {
    @Test func aStoreReadOnTheEventLoopFailsTheRequestInsteadOfBlocking() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tutord-declared-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try SQLiteProgressStore.open(path: directory + "/tutord.sqlite", readOnly: false)
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let library = CourseLibrary(directories: [], logger: logger)
        let server = ServerContext(configuration: ServerConfiguration(socketPath: "/nonexistent"), library: library,
                                   learners: LearnerRegistry(evictsIdleLearners: false), store: store, logger: logger)
        // `export` declared as if it ran on the connection: run where that puts it.
        let misdeclared = Command(.export, runs: .connection) { context, _ throws(ProtocolError) in
            _ = try context.storeForReading()
            return RequestOutcome()
        }
        var session = ClientSession(uid: 1000, userName: "alice")
        let onLoop = RequestProcessor.run(misdeclared, [], session: &session, server: server, mayBlock: false)
        #expect(onLoop.status == .error(CommandContext.storeReadOnEventLoop))
        let onPool = RequestProcessor.run(misdeclared, [], session: &session, server: server, mayBlock: true)
        #expect(onPool.status == .ok)
    }
}
