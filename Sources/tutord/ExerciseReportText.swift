import ExerciseRunner
import Foundation

/// A check's verdict as `tutord exercise check` prints it: text for people, JSON for scripts.
enum ExerciseReportText {
    static func text(_ report: CheckReport) -> String {
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

    private static func indented(_ details: String) -> String {
        details.isEmpty ? "" : "\n" + details.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(separator: "\n")
    }

    private static func encode(_ object: [String: Any]) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
