import Foundation
import LineProtocol
import SystemSupport
import TutorClient
#if canImport(Glibc)
import Glibc
#endif

/// `tutord exercise check --report`: the result of a run of an exercise's checks, sent to the
/// running daemon as the learner's own run (`checked`, self-reported: the daemon cannot know
/// the checks ran), and the daemon's verdict printed.
///
/// It connects as `tutor` does: the default socket (its private directory checked) or
/// `--socket`, and only to a daemon `tutor` would trust (ours, root's, or a classroom's system
/// socket), so a result is never sent to a stranger's server.
struct ExerciseResultReport {
    var socket: String?
    var learner: String?
    var course: String
    var exercise: String

    /// What came of the report: the daemon's verdict line and the XP it gave (and the total
    /// after it), or why nothing was recorded.
    enum Outcome {
        case recorded(String, xpGained: Int?, xpTotal: Int?)
        case notRecorded(String)
    }

    /// Sends `passed` of `total` and prints what the daemon said (as text, or with `json` one
    /// object); `false` when it was not recorded (the reason on standard error in text).
    func send(passed: Int, total: Int, json: Bool) -> Bool {
        let outcome = outcome(passed: passed, total: total)
        switch outcome {
        case .recorded(let text, _, _):
            print(json ? ExerciseReportText.jsonRecorded(outcome) : text)
            return true
        case .notRecorded(let why):
            if json { print(ExerciseReportText.jsonRecorded(outcome)) }
            printError("tutord: not recorded: \(why)")
            return false
        }
    }

    private func outcome(passed: Int, total: Int) -> Outcome {
        let environment = ProcessInfo.processInfo.environment
        let path = socket ?? SocketPath.defaultPath(environment: environment)
        let trust = SocketTrust(users: [getuid(), 0], systemSockets: true, firstLoginUID: LoginDefinitions.firstLoginUID())
        do {
            if socket == nil { try SocketPath.checkPrivateDirectory(of: path) }
            let connection = try LineConnection(path: path, trust: trust, receiveTimeout: 30)
            if let learner {
                let chosen = try connection.request(RequestKind.learner.line(learner))
                if case .error(let error) = chosen.status { return .notRecorded("profile \(learner): \(error.message)") }
            }
            // Makes the course current; its turns (the step the learner is at) are not shown.
            let started = try connection.request(RequestKind.start.line(course))
            if case .error(let error) = started.status { return .notRecorded(error.message) }
            let reply = try connection.request(RequestKind.checked.line(exercise, String(passed), String(total)))
            switch reply.status {
            case .ok:
                let xp = reply.turns.lazy.compactMap { turn -> (Int, Int)? in
                    if case .xp(let gained, let total) = turn { (gained, total) } else { nil }
                }.first
                return .recorded(Self.verdict(reply, passed: passed, total: total), xpGained: xp?.0, xpTotal: xp?.1)
            case .error(let error) where error.code == .stale:
                // The daemon's reason (passed already, or not the step the learner is at), and
                // where the learner is, which the reply shows as their current step.
                return .notRecorded("\(error.message); you are at \(Self.place(reply)) in \(course)")
            case .error(let error):
                return .notRecorded(error.message)
            }
        } catch {
            return .notRecorded("\(error)")
        }
    }

    /// `recorded as your own run: pass, +20 XP (40 in all)`.
    static func verdict(_ reply: Reply, passed: Int, total: Int) -> String {
        var line = "recorded as your own run: "
        line += passed == total ? "pass" : "\(passed) of \(total) checks pass"
        for turn in reply.turns {
            if case .xp(let gained, let all) = turn {
                line += gained > 0 ? ", +\(gained) XP (\(all) in all)" : ", no XP (passed before, or the solution was shown)"
            }
        }
        return line
    }

    /// Where the learner is, from the reply that shows their current step: the lesson, and
    /// the quiz or exercise open there.
    static func place(_ reply: Reply) -> String {
        var place = reply.payloads.lazy.compactMap { payload -> String? in
            guard case .turn(.standing(let standing)) = payload else { return nil }
            return "lesson \(standing.lesson) (\(standing.title))"
        }.first ?? "another step"
        if let open = reply.openExercise {
            place += ", exercise \(open)"
        } else if let quiz = reply.turns.lazy.compactMap({ turn -> String? in
            if case .expect(_, let quiz?, _) = turn { quiz } else { nil }
        }).last {
            place += ", quiz \(quiz)"
        }
        return place
    }
}

extension ExerciseReportText {
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
}
