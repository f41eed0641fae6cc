import ChatClient
import Dialogue
import LineProtocol

/// The reply to `checks <exercise>` read as what `ExerciseChecker` runs: each `check:` turn
/// with its lines, in order, and the file name of the `runner:` line (the course's name for
/// the learner's file, which checks may import).
enum CheckList {
    /// The runner's language: `python` is what `tutor` runs (`dialogue`, a course file, is
    /// checked by `tutord check`).
    static func language(in reply: Reply) -> String? {
        reply.payloads.lazy.compactMap { if case .runner(let language, _) = $0 { language } else { nil } }.first
    }

    static func exercise(_ id: String, from reply: Reply, file: String) -> Exercise {
        var checks: [ExerciseCheck] = []
        var fileName = file
        var pending: (kind: CheckKind, message: String)?
        for payload in reply.payloads {
            switch payload {
            case .check(_, _, let kind, let message):
                pending = (kind, message)
            case .turn(.code(_, let lines)):
                // A check's code is the code payload right after it.
                guard let check = pending else { continue }
                pending = nil
                checks.append(ExerciseCheck(message: check.message, test: check.kind == .python ? .python(lines) : .output(lines)))
            case .runner(_, let file):
                if ExerciseFolder.isPlainName(file) { fileName = file }
            default:
                pending = nil
            }
        }
        // Only the checks and the file name are run; the rest is the daemon's.
        return Exercise(id: id, task: "", fileName: fileName, starter: CodeBlock(language: "python", lines: []), checks: checks,
                        hints: [], solution: CodeBlock(language: "python", lines: []), explanation: nil, xp: 0)
    }
}
