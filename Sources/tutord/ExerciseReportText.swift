import ExerciseRunner
import Foundation
import LineProtocol

/// A check's verdict as `tutord exercise check` prints it: text for people, JSON for scripts.
enum ExerciseReportText {
    /// For a terminal: the check's words and its output are the course's and the learner
    /// code's, so their control characters (an escape sequence can rewrite the screen, a
    /// carriage return the verdict) are shown as U+FFFD, line ends kept.
    static func text(_ report: CheckReport) -> String {
        visible(plainText(report))
    }

    static func visible(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { ControlCharacters.replacing(in: String($0), with: "\u{FFFD}") }.joined(separator: "\n")
    }

    private static func plainText(_ report: CheckReport) -> String {
        switch report.verdict {
        case .passed:
            return "pass: \(report.message)"
        case .failed(let details):
            return "FAIL: \(report.message)" + indented(details)
        case .stopped(let limit, let details):
            return "STOPPED: \(report.message): \(limit)" + indented(details)
        }
    }

    static func json(_ report: CheckReport) -> String {
        var object: [String: Any] = ["check": report.message]
        switch report.verdict {
        case .passed:
            object["verdict"] = "passed"
        case .failed(let details):
            object["verdict"] = "failed"
            object["details"] = details
        case .stopped(let limit, let details):
            object["verdict"] = "stopped"
            object["limit"] = "\(limit)"
            object["details"] = details
        }
        return encode(object)
    }

    static func jsonTotals(passed: Int, total: Int, xp: Int) -> String {
        encode(["passed": passed, "total": total, "xp": passed == total ? xp : 0])
    }

    /// `--report --json`: what the daemon recorded, or why nothing was (`recorded` false).
    static func jsonRecorded(_ outcome: ExerciseResultReport.Outcome) -> String {
        switch outcome {
        case .recorded(let text, let gained, let total):
            var object: [String: Any] = ["recorded": true, "verdict": text]
            if let gained, let total { object["xp_gained"] = gained; object["xp_total"] = total }
            return encode(object)
        case .notRecorded(let why):
            return encode(["recorded": false, "reason": why])
        }
    }

    private static func indented(_ details: String) -> String {
        details.isEmpty ? "" : "\n" + details.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(separator: "\n")
    }

    private static func encode(_ object: [String: Any]) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
