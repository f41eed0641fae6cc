import LineProtocol

/// The client's side of a session: opens the course (resume, else start one) and keeps
/// track of which reply answers which request.
struct SessionOpener {
    var course: String?
    /// Requests sent and not yet answered, oldest first.
    private(set) var outstanding: [String] = []

    init(course: String?) {
        self.course = course
    }

    /// What to send right after connecting.
    mutating func opening() -> String {
        let request = course.map { RequestKind.start.line($0) } ?? RequestKind.resume.line()
        outstanding.append(request)
        return request
    }

    mutating func sent(_ line: String) {
        outstanding.append(line)
    }

    /// Called for each reply, in order: a follow-up request, if any, and whether the reply is
    /// for the learner to see (the opening's own detours are not).
    mutating func received(_ reply: Reply) -> (followUp: String?, show: Bool) {
        let request = outstanding.isEmpty ? "" : outstanding.removeFirst()
        let kind = RequestKind(rawValue: RequestTokenizer.commandWord(request[...]).lowercased())
        if kind == .resume, case .error(let error) = reply.status, error.code == .noCourse {
            return (follow(with: RequestKind.courses.line()), false)
        }
        if kind == .courses, findingCourse, case .course(let first, _, _, _, _)? = reply.turns.first {
            findingCourse = false
            return (follow(with: RequestKind.start.line(first)), false)
        }
        if kind == .start || kind == .resume { findingCourse = false }
        return (nil, true)
    }

    /// Sends `line` next, as the opening's own request.
    private mutating func follow(with line: String) -> String {
        outstanding.append(line)
        return line
    }

    /// Still finding the course to open.
    private var findingCourse = true
}
