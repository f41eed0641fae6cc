import ExerciseRunner
import Foundation
import LineProtocol

/// A check's verdict as `tutord exercise check` prints it, and `tutor` shows it: text for
/// people, JSON for scripts. Here, in what every client shares, so both say it alike.
public enum ExerciseReportText {
    /// For a terminal: the check's words and its output are the course's and the learner
    /// code's, so their control characters (an escape sequence can rewrite the screen, a
    /// carriage return the verdict) are shown as U+FFFD, line ends kept.
    public static func text(_ report: CheckReport) -> String {
        visible(plainText(report))
    }

    public static func visible(_ text: String) -> String {
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

    public static func json(_ report: CheckReport) -> String {
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

    public static func jsonTotals(passed: Int, total: Int, xp: Int) -> String {
        encode(["passed": passed, "total": total, "xp": passed == total ? xp : 0])
    }

    /// The run's last line: `all N checks pass`, or `K of N checks pass`.
    public static func totals(passed: Int, total: Int) -> String {
        passed == total ? "all \(passed) checks pass" : "\(passed) of \(total) checks pass"
    }

    private static func indented(_ details: String) -> String {
        details.isEmpty ? "" : "\n" + details.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(separator: "\n")
    }

    /// One JSON object on one line, keys sorted: the form of every `--json` line.
    public static func encode(_ object: [String: Any]) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
