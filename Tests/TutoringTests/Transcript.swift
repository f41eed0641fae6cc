import LineProtocol
import Foundation
import Tutoring

/// A golden transcript: learner inputs and the tutor's expected turns, as `key: text` lines.
///
/// Format (one item per line):
/// - `# ...` a comment, kept when the file is re-recorded;
/// - `@seed N` (first lines only) the conversation's phrasing seed, default 0;
/// - `@course ID` (first lines only) the course, from Dialogues/ID.dialogue; default the CPython course;
/// - `@at N` the time (seconds since 1970) given with the inputs after it, until the next
///   `@at`; without any, the conversation has no clock (no elapsed time, no review cards);
/// - `<` or `< text` a learner input (`<` alone is an empty line, i.e. "continue");
/// - anything else: an expected turn line, `key: text`.
/// Lines before the first input are the reply to opening the conversation.
struct Transcript {
    struct Exchange {
        /// Comments written above the input.
        var comments: [String]
        /// `nil` for the opening reply.
        var input: String?
        var inputLine: Int
        var expected: [String]
        /// The time given with the input (and the opening, for the first exchange).
        var at: Int64?
    }

    var seed: UInt64 = 0
    var course = "cpython-internals"
    var exchanges: [Exchange] = []

    init(parsing text: String) {
        var pendingComments: [String] = []
        var at: Int64?
        exchanges = [Exchange(comments: [], input: nil, inputLine: 0, expected: [])]
        for (offset, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = String(line)
            if line.hasPrefix("@seed ") {
                seed = UInt64(line.dropFirst(6)) ?? 0
            } else if line.hasPrefix("@course ") {
                course = String(line.dropFirst(8))
            } else if line.hasPrefix("@at ") {
                at = Int64(line.dropFirst(4))
                if exchanges.count == 1 && exchanges[0].expected.isEmpty { exchanges[0].at = at }
            } else if line.hasPrefix("#") {
                pendingComments.append(line)
            } else if line == "<" || line.hasPrefix("< ") {
                let input = line == "<" ? "" : String(line.dropFirst(2))
                exchanges.append(Exchange(comments: pendingComments, input: input, inputLine: offset + 1, expected: [], at: at))
                pendingComments = []
            } else if !line.isEmpty {
                if exchanges.count == 1 && exchanges[0].expected.isEmpty && !pendingComments.isEmpty {
                    exchanges[0].comments += pendingComments
                    pendingComments = []
                }
                exchanges[exchanges.count - 1].expected.append(line)
            }
        }
    }

    /// Renders a response the way transcripts store it.
    /// The reply's lines, without its `standing` (the same counts on every reply; its own
    /// tests check it).
    static func lines(of response: Response) -> [String] {
        response.turns.filter { $0.key != "standing" }.flatMap { Payload.turn($0).lines(for: .text) }.map { "\($0.key): \($0.text)" }
    }

    /// The transcript text, with the given actual replies in place of the expected ones.
    func recorded(with replies: [[String]]) -> String {
        var out = ["@seed \(seed)"] + (course == "cpython-internals" ? [] : ["@course \(course)"])
        var at: Int64?
        for (exchange, reply) in zip(exchanges, replies) {
            out += exchange.comments
            if let time = exchange.at, time != at { out.append("@at \(time)") }
            at = exchange.at
            if let input = exchange.input { out.append(input.isEmpty ? "<" : "< \(input)") }
            out += reply
        }
        return out.joined(separator: "\n") + "\n"
    }
}
