/// An exercise as the tutor presented it: its `exercise:` turn and the starter file (the
/// `code:` lines right after it). The chat keeps the open one for its commands (`edit`,
/// `check`, `write`): the file is the learner's, in their exercise folder.
public struct ExerciseStep: Sendable, Equatable {
    public var id: String
    /// The learner's file name, as the course names it (`positive.py`).
    public var file: String
    public var task: String
    /// The starter file's lines: what the learner's file starts as when it does not exist yet.
    public var starter: [String]

    public init(id: String, file: String, task: String, starter: [String] = []) {
        self.id = id
        self.file = file
        self.task = task
        self.starter = starter
    }

    /// The starter as a file's text: its lines, each ended by a line end.
    public var starterText: String {
        starter.map { $0 + "\n" }.joined()
    }
}
