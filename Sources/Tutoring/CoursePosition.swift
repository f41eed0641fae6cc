/// Where a learner stands in a course, in stable terms (ids, not object references), so it
/// can be stored and restored after the course file was edited.
public struct CoursePosition: Sendable, Equatable, Hashable, Codable {
    public var lessonID: String
    /// The lesson's place in the course when the position was saved (0-based): if the lesson
    /// is later removed, the learner resumes at the lesson that now has this place, the one
    /// that followed it.
    public var lessonIndex: Int
    /// Index into the lesson's steps; equal to the step count at the lesson's end.
    public var step: Int
    /// Set while the learner is inside a node (a detour).
    public var nodeID: String?
    /// Index of the node's beat being shown; one past its last beat for the node's retry
    /// question (so a question inside a node is stored as beats are: no column of its own).
    public var nodeBeat: Int
    /// The whole course is done.
    public var isFinished: Bool

    public init(lessonID: String, lessonIndex: Int = 0, step: Int, nodeID: String? = nil, nodeBeat: Int = 0, isFinished: Bool = false) {
        self.lessonID = lessonID
        self.lessonIndex = lessonIndex
        self.step = step
        self.nodeID = nodeID
        self.nodeBeat = nodeBeat
        self.isFinished = isFinished
    }
}
