import Dialogue
import LineProtocol
import Tutoring

/// Exercises: their checks for the learner's side to run, and the learner's report of that run.
/// The daemon never runs a learner's code (docs/exercises.md), so a pass it records is
/// self-reported.
enum ExerciseCommands {
    /// `checks <exercise>`: the checks of an exercise of the current course, from the parsed
    /// course (no file is read), then how to run them. It moves nothing and needs no open
    /// exercise: a learner may check again later.
    static let checks = Command(.checks, runs: .learner(course: .none)) { context, arguments throws(ProtocolError) in
        let exercise = try context.exercise(arguments[0])
        var payloads: [Payload] = []
        for (index, check) in exercise.checks.enumerated() {
            switch check.test {
            case .python(let lines):
                payloads.append(.check(number: index + 1, total: exercise.checks.count, kind: .python, message: check.message))
                payloads.append(.turn(.code(language: "python", lines: lines)))
            case .output(let lines):
                payloads.append(.check(number: index + 1, total: exercise.checks.count, kind: .output, message: check.message))
                payloads.append(.turn(.code(language: nil, lines: lines)))
            }
        }
        payloads.append(.runner(language: exercise.starter.language ?? "python", file: exercise.fileName))
        return RequestOutcome(payloads, format: context.session.format)
    }

    /// `checked <exercise> <passed> <total>`: the learner's own run of the open exercise's
    /// checks. Judged only if that exercise is the open step; otherwise nothing is recorded
    /// and the reply is the current step, ending in `ERR stale`.
    static let checked = Command(.checked, runs: .learner(course: .current)) { context, arguments throws(ProtocolError) in
        let exercise = try context.exercise(arguments[0])
        guard let passed = count(arguments[1]), let total = count(arguments[2]), passed <= total else {
            throw ProtocolError(.badArgument, "usage: \(RequestKind.checked.usage) (passed and total are counts, 0 <= passed <= total)")
        }
        // Staleness first: a run of an exercise that is not the open one is refused as stale
        // whatever its total (the current step shown), and only the open exercise's run is
        // held to the number of checks it has now.
        let course = context.session.course ?? ""
        let isOpen = try context.withCurrentConversation(course) { $0.openExercise == exercise.id }
        guard total == exercise.checks.count || !isOpen else {
            throw ProtocolError(.badArgument, "exercise `\(exercise.id)` has \(counted(exercise.checks.count, "check")) here, not \(total): "
                                + "the checks that ran are from another version of the course; run `checks \(exercise.id)` again")
        }
        return try context.converse("", shown: .exercise(exercise.id, passed: passed, total: total))
    }

    /// A count as the learner's side sends it: plain decimal digits, nothing else (`Int` alone
    /// takes `+3`).
    static func count(_ text: String) -> Int? {
        guard !text.isEmpty, text.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else { return nil }
        return Int(text)
    }
}

extension CommandContext {
    /// The exercise `id` of the current course.
    func exercise(_ id: String) throws(ProtocolError) -> Exercise {
        guard let courseID = session.course, let course = server.library.course(courseID)?.course else {
            throw ProtocolError(.noCourse, "no course started; start one with: start <course> (courses lists them)")
        }
        guard let exercise = course.exercises.first(where: { $0.id == id }) else {
            throw ProtocolError(.unknownExercise, "\(courseID) has no exercise `\(id)`")
        }
        return exercise
    }
}
