import Tutoring
import LineProtocol
import ProgressStore

/// Commands about who is learning: whoami, learner.
enum LearnerCommands {
    static let whoami = Command(.whoami, runs: .connection) { context, _ throws(ProtocolError) in
        let session = context.session
        var payloads: [Payload] = [.learner(user: session.userName, uid: Int(session.uid), profile: session.profile.isEmpty ? nil : session.profile)]
        if let course = session.course {
            payloads.append(.current(course: course))
        }
        return RequestOutcome(payloads, format: session.format)
    }

    static let learner = Command(.learner, runs: .connection) { context, arguments throws(ProtocolError) in
        guard context.server.configuration.classroom == nil else {
            throw ProtocolError(.forbidden, "in a classroom everyone learns as themselves: profiles are off")
        }
        let name = arguments[0].lowercased()
        let profile = name == "default" ? "" : name
        guard profile.isEmpty || LearnerID.isValidProfile(profile) else {
            throw ProtocolError(.badLearner, "a profile name is 1-32 of a-z, 0-9, - and _")
        }
        if profile != context.session.profile {
            context.session.profile = profile
            context.session.learnerHold = nil
            context.session.course = nil  // the course belonged to the previous profile
        }
        return RequestOutcome([.learner(user: context.session.userName, uid: Int(context.session.uid), profile: profile.isEmpty ? nil : profile)],
                              format: context.session.format)
    }
}
