import LineProtocol
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
