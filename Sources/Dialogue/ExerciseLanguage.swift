/// What the learner of an exercise writes, and so how the exercise is checked
/// (`language:` in the course file).
public enum ExerciseLanguage: String, Sendable, Equatable, CaseIterable {
    /// A Python file: each check runs after it, in its namespace. The default.
    case python
    /// A course in the dialogue format: tutord's own parser and validator check the file
    /// first, and each check then gets the parsed course as plain data, named `course`.
    /// So a course about writing courses can have the learner write a lesson.
    case dialogue

    /// The extension of the learner's file, and the fence of the starter and solution blocks
    /// (```` ```python ````, ```` ```dialogue ````).
    public var fileExtension: String {
        switch self {
        case .python: "py"
        case .dialogue: "dialogue"
        }
    }
}
