import Foundation
import Testing
@testable import Tutoring

/// Golden transcripts in Transcripts/: each input gives exactly the recorded turns.
///
/// To record new expectations after a deliberate change of wording, run
/// `TUTORD_RECORD_TRANSCRIPTS=1 swift test --filter TranscriptTests` and review the diff.
/// When the course itself changes (a question added, an offer moved), first rewrite the
/// inputs of full-course.transcript with `Transcripts/make-full-course .build/debug/tutord`,
/// which walks the course with a fixed policy.
@Suite struct TranscriptTests {
    static let files: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: Fixtures.transcripts.path)) ?? []
        return names.filter { $0.hasSuffix(".transcript") }.sorted()
    }()

    @Test func transcriptsExist() {
        #expect(Self.files.count >= 2)
    }

    @Test(arguments: files)
    func replay(_ name: String) throws {
        let url = Fixtures.transcripts.appendingPathComponent(name)
        let transcript = Transcript(parsing: try String(contentsOf: url, encoding: .utf8))
        var conversation = Fixtures.conversation(seed: transcript.seed, course: transcript.course)
        var replies: [[String]] = []
        for exchange in transcript.exchanges {
            let response = exchange.input.map { conversation.respond(to: $0, at: exchange.at) } ?? conversation.open(at: exchange.at)
            let actual = Transcript.lines(of: response)
            replies.append(actual)
            guard ProcessInfo.processInfo.environment["TUTORD_RECORD_TRANSCRIPTS"] == nil else { continue }
            if actual != exchange.expected {
                let input = exchange.input.map { "`< \($0)`" } ?? "the opening"
                Issue.record("""
                    \(name):\(exchange.inputLine): reply to \(input) differs.
                    expected:
                    \(exchange.expected.joined(separator: "\n"))
                    actual:
                    \(actual.joined(separator: "\n"))
                    """)
                return
            }
        }
        if ProcessInfo.processInfo.environment["TUTORD_RECORD_TRANSCRIPTS"] != nil {
            try transcript.recorded(with: replies).write(to: url, atomically: true, encoding: .utf8)
        }
    }
}
