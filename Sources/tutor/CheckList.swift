import ChatClient
import Dialogue
import LineProtocol

/// The reply to `checks <exercise>` read as what `ExerciseChecker` runs: each `check:` with
/// the `code:` lines after it, in order, and the `runner:`'s language and file name (the
/// course's name for the learner's file, which checks may import).
enum CheckList {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func exercise(_ id: String, from reply: Reply, file: String) throws(Failure) -> Exercise {
        var checks: [ExerciseCheck] = []
        var fileName = file
        var language = ExerciseLanguage.python
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
            case .runner(let name, let file):
                guard let known = ExerciseLanguage(rawValue: name) else {
                    throw Failure(description: "this exercise is in \(name), which this tutor cannot check; a newer tutor may")
                }
                language = known
                if ExerciseFolder.isPlainName(file) { fileName = file }
            default:
                pending = nil
            }
        }
        guard !checks.isEmpty else { throw Failure(description: "the daemon sent no checks for this exercise") }
        // Only the checks, the file name and the language are run; the rest is the daemon's.
        let empty = CodeBlock(language: language.rawValue, lines: [])
        return Exercise(id: id, task: "", fileName: fileName, starter: empty, checks: checks,
                        hints: [], solution: empty, explanation: nil, xp: 0, language: language)
    }
}
