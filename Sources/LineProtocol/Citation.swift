/// Where a passage in an answer to `ask` comes from: a lesson of a course, and whether it is
/// ahead of where the learner is. Sent as a `cite:` line after each `answer:` line.
public struct Citation: Sendable, Equatable {
    public var course: String
    /// 1-based lesson number, and the course's number of lessons.
    public var lesson: Int
    public var lessons: Int
    public var icon: String?
    public var title: String
    /// The lesson comes after the one the learner is at.
    public var isAhead: Bool

    public init(course: String, lesson: Int, lessons: Int, icon: String?, title: String, isAhead: Bool) {
        self.course = course
        self.lesson = lesson
        self.lessons = lessons
        self.icon = icon
        self.title = title
        self.isAhead = isAhead
    }

    /// `cpython-internals ahead 7/10 💻 Deconstructing Bytecode` (`seen` for the lesson the
    /// learner is at and earlier ones). The title comes last, so it may contain anything.
    public var text: String {
        "\(course) \(isAhead ? "ahead" : "seen") \(lesson)/\(lessons) " + Turn.withIcon(icon, title)
    }

    /// What takes the learner there, in the course the passage is from.
    public var command: String { "goto \(lesson)" }
}
