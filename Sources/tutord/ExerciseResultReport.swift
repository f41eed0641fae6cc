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

    /// Sends `passed` of `total` and prints what the daemon said; `false` (with the reason on
    /// standard error) when it was not recorded.
    func send(passed: Int, total: Int) -> Bool {
        let environment = ProcessInfo.processInfo.environment
        let path = socket ?? SocketPath.defaultPath(environment: environment)
        let trust = SocketTrust(users: [getuid(), 0], systemSockets: true, firstLoginUID: LoginDefinitions.firstLoginUID())
        do {
            if socket == nil { try SocketPath.checkPrivateDirectory(of: path) }
            let connection = try LineConnection(path: path, trust: trust, receiveTimeout: 30)
            if let learner {
                let chosen = try connection.request(RequestKind.learner.line(learner))
                if case .error(let error) = chosen.status { return notRecorded("profile \(learner): \(error.message)") }
            }
            // Makes the course current; its turns (the step the learner is at) are not shown.
            let started = try connection.request(RequestKind.start.line(course))
            if case .error(let error) = started.status { return notRecorded(error.message) }
            let reply = try connection.request(RequestKind.checked.line(exercise, String(passed), String(total)))
            switch reply.status {
            case .ok:
                print(Self.verdict(reply, passed: passed, total: total))
                return true
            case .error(let error) where error.code == .stale:
                return notRecorded("exercise \(exercise) is not the step you are at in \(course); you are at \(Self.place(reply))")
            case .error(let error):
                return notRecorded(error.message)
            }
        } catch {
            return notRecorded("\(error)")
        }
    }

    private func notRecorded(_ why: String) -> Bool {
        printError("tutord: not recorded: \(why)")
        return false
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
