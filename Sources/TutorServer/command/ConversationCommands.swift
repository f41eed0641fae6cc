import Foundation
import LineProtocol
import Tutoring

/// Commands inside a course. Each is handed to the conversation in its canonical form, so
/// `HINT` over the protocol and `hint` typed as chat behave the same.
enum ConversationCommands {
    /// `answer <quiz> <text>`: the learner's text as an answer to the quiz they saw, named by
    /// the id its `expect: answer <quiz>` line gave. A client that shows a quiz sends answers
    /// this way, so a window that fell behind another cannot answer a quiz it never showed.
    static let answer = Command(.answer, runs: .learner(course: .current)) { context, arguments throws(ProtocolError) in
        try context.converse(arguments.count > 1 ? arguments[1] : "", shown: .quiz(arguments[0]))
    }

    /// `chat <text>`: a line typed away from a quiz, which must never be judged as an answer: if
    /// a quiz is open (another window moved on to it), nothing happens, `ERR stale`.
    static let chat = Command(.chat, runs: chatExecution) { context, arguments throws(ProtocolError) in
        try context.converse(arguments.first ?? "", shown: .notAQuiz)
    }

    /// A line that is no command: chat for the current conversation (perhaps an answer, or a
    /// question in words, which searches the courses off the event loop). Its one argument is
    /// the whole line.
    static let line = Command(name: "", usage: "<anything else>", summary: "a chat message to the tutor; an empty line continues",
                              arity: 1...1, runs: chatExecution) { context, arguments throws(ProtocolError) in
        try context.converse(arguments[0])
    }

    /// Where a line of the learner's own text runs: a question in words searches the courses
    /// (about a millisecond of CPU) off the event loop; anything else is a step.
    private static let chatExecution: @Sendable ([String]) -> Execution = {
        Conversation.mightAsk($0.first ?? "") ? .blocking : .learner(course: .current)
    }

    /// A course command the conversation does all of (`hint`, `goto 3`), sent on as a line.
    static func forward(_ kind: RequestKind) -> Command {
        Command(kind, runs: .learner(course: .current)) { context, arguments throws(ProtocolError) in
            if kind == .goto, let target = arguments.first, let id = context.session.course,
               let course = context.server.library.course(id)?.course {
                // A lesson that does not exist is a bad argument, not chat: say the range.
                let exists = Int(target).map { course.lessons.indices.contains($0 - 1) } ?? (course.lessonIndex(id: target.lowercased()) != nil)
                guard exists else {
                    throw ProtocolError(.badArgument, "there is no lesson \(target) in \(id): lessons go from 1 to \(course.lessons.count), or give a lesson id (`lessons` lists them)")
                }
            }
            let input = ([kind.name] + arguments).joined(separator: " ")
            return try context.converse(input)
        }
    }

    /// `review` on the current course; `review all` goes to the course whose due questions are
    /// most overdue (making it the current course) and reviews there. Run it again when that
    /// course's review ends to go on with the next.
    static let review = Command(
        .review, runs: { $0.isEmpty ? .learner(course: .current) : .blocking }
    ) { context, arguments throws(ProtocolError) in
        guard let scope = arguments.first else { return try context.converse(RequestKind.review.name) }
        guard scope.lowercased() == "all" else {
            throw ProtocolError(.badArgument, "usage: \(RequestKind.review.usage)")
        }
        let due = try context.dueReviews(in: context.server.library.courses)
        guard let first = due.first else {
            return RequestOutcome([.turn(.tutor("Nothing is due for review in any course."))], format: context.session.format)
        }
        let listed = due.map { "\($0.course) \($0.count)" }.joined(separator: ", ")
        let switching = context.session.course != first.course
        context.session.course = first.course
        var outcome = try context.converse(RequestKind.review.name, opensCourse: switching)
        let line = Payload.turn(.tutor("Due for review: \(listed). \(switching ? "Starting with" : "Here in") \(first.course).")).lines(for: context.session.format)
        outcome.lines.insert(contentsOf: line, at: 0)
        return outcome
    }

    /// `ask <question>` asks the current course's conversation (which answers without moving);
    /// `ask all <question>`, or `ask` with no current course, searches every course here. A
    /// quoted phrase stays a phrase.
    static let ask = Command(.ask, runs: .blocking) { context, arguments throws(ProtocolError) in
        var words = arguments
        let all = words.count > 1 && words[0].lowercased() == "all"
        if all { words.removeFirst() }
        let question = words.map { $0.contains(" ") ? "\"\($0)\"" : $0 }.joined(separator: " ")
        if !all, context.session.course != nil { return try context.converse(RequestKind.ask.name + " " + question) }
        return try context.askEveryCourse(question)
    }

    /// The conversation's progress and lesson list, plus the study streak from the store.
    static let progress = Command(.progress, runs: .blocking) { context, _ throws(ProtocolError) in
        let store = try context.storeForReading()
        var outcome = try context.converse(RequestKind.progress.name)
        if let store {
            do {
                let days = try store.streak(for: context.session.learnerID, today: context.server.configuration.clock.now())
                let line = Payload.streak(days: days).lines(for: context.session.format)[0]
                // Right after the `progress` line it belongs with.
                let progressLine = outcome.lines.firstIndex { $0.key == PayloadKind.progress.rawValue } ?? max(0, outcome.lines.count - 3)
                outcome.lines.insert(line, at: progressLine + 1)
            } catch {
                throw ProtocolError(.storage, "cannot read the streak: \(error)")
            }
        }
        return outcome
    }
}
