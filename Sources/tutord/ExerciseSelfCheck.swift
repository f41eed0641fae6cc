import Dialogue
import Foundation
import ExerciseRunner
import TutorClient

/// What `tutord check` asks of every exercise, by running it: its model solution passes every
/// check, and its starter fails at least one (else there is nothing to do). So a broken
/// exercise never ships.
enum ExerciseSelfCheck {
    /// `file:line:column: error: ...` lines, at each faulty exercise's `exercise` line.
    static func problems(in course: Course, file: String, text: String) -> [String] {
        let exercises = course.exercises
        guard !exercises.isEmpty else { return [] }
        let checker: ExerciseChecker
        do {
            checker = try ExerciseChecker()
        } catch {
            return ["\(file): error: cannot run the exercises' checks: \(error.description) (--no-run skips them)"]
        }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        var problems: [String] = []
        for exercise in exercises {
            let line = (lines.firstIndex(of: "exercise \(exercise.id)") ?? 0) + 1
            let place = "\(file):\(line):1: error: exercise `\(exercise.id)`"
            do {
                let solution = try checker.check(exercise, code: exercise.solution.lines.joined(separator: "\n") + "\n")
                if let failure = solution.first(where: { !$0.passed }) {
                    // The check's words and output are the exercise's code's: shown as
                    // `tutord exercise check` shows them, control characters as U+FFFD.
                    problems.append(ExerciseReportText.visible("\(place): the model solution fails the check \"\(failure.message)\":\n"
                                                               + indented(failure)))
                }
                let starter = try checker.check(exercise, code: exercise.starter.lines.joined(separator: "\n") + "\n")
                if starter.allSatisfy(\.passed) {
                    problems.append("\(place): the starter already passes every check; the checks must catch what the learner has yet to write")
                }
            } catch {
                problems.append(ExerciseReportText.visible("\(place): cannot run its checks: \(error.description)"))
            }
        }
        return problems
    }

    private static func indented(_ report: CheckReport) -> String {
        let text: String
        switch report.verdict {
        case .passed: text = ""
        case .failed(let details): text = details
        case .stopped(let limit, let details): text = "\(limit)\n\(details)"
        }
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(separator: "\n")
    }
}
