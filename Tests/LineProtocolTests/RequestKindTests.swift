import LineProtocol
import Testing

/// The request vocabulary itself: names, usages, and lines the tokenizer reads back.
@Suite struct RequestKindTests {
    @Test(arguments: RequestKind.allCases)
    func usageStartsWithTheNameAndAllowsItsArguments(kind: RequestKind) {
        #expect(kind.usage == kind.name || kind.usage.hasPrefix(kind.name + " "))
        #expect(kind.arguments.lowerBound >= 0)
        #expect(!kind.takesText || kind.arguments.upperBound == kind.arguments.lowerBound + 1, "the text is the one last argument")
    }

    /// A line built by ``RequestKind/line(_:)`` splits back into the same words by the daemon's
    /// rules: plain words as they are, others quoted, the text of `answer` and `chat` as typed.
    @Test func linesSplitBackIntoTheirArguments() throws {
        #expect(RequestKind.start.line("cpython-internals") == "start cpython-internals")
        #expect(RequestKind.resume.line() == "resume")
        #expect(RequestKind.reset.line("my course", "confirm") == #"reset "my course" confirm"#)
        #expect(RequestKind.learner.line("ünï") == #"learner "ünï""#)
        #expect(RequestKind.answer.line("q1", #"say "hi" now"#) == #"answer q1 say "hi" now"#)
        #expect(RequestKind.chat.line("") == "chat ")
        let cases: [(RequestKind, [String])] = [
            (.start, ["a \"quoted\" \\ course"]), (.ask, ["all", "reference counting"]), (.learner, [""]),
            (.answer, ["q1", "the \"refcounts\" \\ all"]), (.chat, ["  spaces \"kept\""]),
        ]
        for (kind, arguments) in cases {
            let leading = kind.takesText ? kind.arguments.lowerBound + 1 : nil
            let words = try RequestTokenizer.words(kind.line(arguments)[...], thenText: leading)
            // The text drops the separators before it, as the daemon reads it.
            let expected = kind.takesText ? arguments.dropLast() + [String(arguments.last!.drop(while: { $0 == " " }))] : arguments
            #expect(words == [kind.name] + expected)
        }
    }

    @Test func placementsAdmitOnlyThemselvesOrEither() {
        #expect(RequestPlacement.learnerOrBlocking.admits(.learner) && RequestPlacement.learnerOrBlocking.admits(.blocking))
        #expect(!RequestPlacement.learnerOrBlocking.admits(.connection))
        #expect(RequestPlacement.learner.admits(.learner) && !RequestPlacement.learner.admits(.blocking))
    }
}
