import Dialogue
import LineProtocol
import Tutoring

/// Commands that choose a course: courses, start, resume.
enum CourseCommands {
    static let all: [Command] = [courses, start, resume]

    static let courses = Command(
        name: "courses", usage: "courses", summary: "list the courses", arity: 0...0
    ) { context, _ throws(ProtocolError) in
        RequestOutcome(lines: context.server.library.courses.map { course in
            TurnLines.line(for: .course(id: course.id, title: course.title, level: course.level,
                                        summary: course.summary, lessons: course.lessons.count), format: context.session.format)
        })
    }

    static let start = Command(
        name: "start", usage: "start <course>", summary: "start or continue a course", arity: 1...1
    ) { context, arguments throws(ProtocolError) in
        RequestOutcome(lines: try context.open(course: arguments[0]))
    }

    static let resume = Command(
        name: "resume", usage: "resume", summary: "continue the course you used last", arity: 0...0
    ) { context, _ throws(ProtocolError) in
        let learner = context.session.learner(in: context.server.learners)
        guard let last = learner.withState({ $0.lastCourse }) else {
            throw ProtocolError(.noCourse, "nothing to resume yet; start a course with: start <course> (courses lists them)")
        }
        return RequestOutcome(lines: try context.open(course: last))
    }
}

extension CommandContext {
    /// Opens the learner's conversation on a course (creating it, or moving it onto a
    /// reloaded version of the course) and makes it this connection's current course.
    mutating func open(course id: String) throws(ProtocolError) -> [ReplyLine] {
        guard let (course, generation) = server.library.course(id) else {
            throw ProtocolError(.unknownCourse, "there is no course \(id); courses lists them")
        }
        let learnerID = session.learnerID
        let seed = stableSeed("\(learnerID.uid)/\(learnerID.profile)/\(id)")
        let response = session.learner(in: server.learners).withState { state in
            var entry = state.conversations[id] ?? (Conversation(course: course, seed: seed), generation)
            if entry.generation != generation {
                entry = (Conversation(course: course, progress: entry.conversation.progress, seed: seed), generation)
            }
            let response = entry.conversation.open()
            state.conversations[id] = entry
            state.lastCourse = id
            return response
        }
        session.course = id
        return TurnLines.lines(for: response.turns, format: session.format)
    }

    /// Sends one line to the current conversation.
    mutating func converse(_ input: String) throws(ProtocolError) -> [ReplyLine] {
        guard let id = session.course else {
            throw ProtocolError(.noCourse, "no course started; start one with: start <course> (courses lists them)")
        }
        // Mutated in place in the dictionary: a copy would make every turn copy the progress.
        let response = session.learner(in: server.learners).withState { state in
            state.conversations[id]?.conversation.respond(to: input)
        }
        guard let response else {
            throw ProtocolError(.noCourse, "no course started; start one with: start <course>")
        }
        return TurnLines.lines(for: response.turns, format: session.format)
    }
}
