import Dialogue
import LineProtocol

/// The reply to `checks <exercise>` read as what `ExerciseChecker` runs: each `check:` turn
/// with its lines, in order, and the file name of the `runner:` line (the course's name for
/// the learner's file, which checks may import).
enum CheckList {
    static func exercise(_ id: String, from reply: Reply, file: String) -> Exercise {
        var checks: [ExerciseCheck] = []
        var fileName = file
        for turn in reply.turns {
            _ = turn  // WIRE: check and runner turns
        }
        // Only the checks and the file name are run; the rest is the daemon's.
        return Exercise(id: id, task: "", fileName: fileName, starter: CodeBlock(language: "python", lines: []), checks: checks,
                        hints: [], solution: CodeBlock(language: "python", lines: []), explanation: nil, xp: 0)
    }
}
