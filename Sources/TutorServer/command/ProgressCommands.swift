import LineProtocol
import ProgressStore

/// Commands about stored progress: export, reset.
enum ProgressCommands {
    static let export = Command(.export, runs: .blocking) { context, _ throws(ProtocolError) in
        guard let store = try context.storeForReading() else {
            throw ProtocolError(.storage, "this daemon keeps no progress store")
        }
        do {
            // The document's head is read now; its answers and review logs page by page as the
            // client reads them (``ExportReply``), so no reply holds a whole history.
            let stream = try store.exportStream(context.session.learnerID)
            var outcome = RequestOutcome()
            outcome.pages = ExportReply(stream, format: context.session.format)
            return outcome
        } catch {
            throw ProtocolError(.storage, "cannot read your progress: \(error)")
        }
    }

    static let reset = Command(.reset, runs: .blocking) { context, arguments throws(ProtocolError) in
        let course = arguments[0]
        guard arguments.count == 1 || arguments[1].lowercased() == "confirm" else {
            throw ProtocolError(.badArgument, "usage: reset <course> confirm")
        }
        guard try context.hasProgress(in: course) else {
            throw ProtocolError(.unknownCourse, "there is no course \(course) and no progress in one by that name; courses lists them")
        }
        guard arguments.count == 2 else {
            return RequestOutcome([
                .turn(.tutor("This forgets all your progress in \(course): answers, XP and finished lessons. To go ahead, send: reset \(course) confirm")),
                .confirm(command: "reset \(course) confirm"),
            ], format: context.session.format)
        }
        let commit = try context.resetConversation(course)
        if context.session.course == course { context.session.course = nil }
        var payloads: [Payload] = [.turn(.tutor("Your progress in \(course) is forgotten. `start \(course)` begins it afresh."))]
        if let reason = context.server.unsavedReason { payloads.append(.unsaved(reason: reason)) }
        var outcome = RequestOutcome(payloads, format: context.session.format, commit: commit)
        outcome.published = (context.session.learnerID, [.progress, .position])
        return outcome
    }
}

extension CommandContext {
    /// Whether `course` is one a reset can apply to: a course of the catalog, or one the
    /// learner has progress in (in memory, or stored, even if its file is gone).
    mutating func hasProgress(in course: String) throws(ProtocolError) -> Bool {
        if server.library.course(course) != nil { return true }
        if session.learner(in: server.learners).withState({ $0.conversations.index(forKey: course) != nil }) { return true }
        guard let store = try storeForReading() else { return false }
        do {
            return try store.progress(for: session.learnerID, course: course) != nil
        } catch {
            throw ProtocolError(.storage, "cannot read your progress: \(error)")
        }
    }
}
