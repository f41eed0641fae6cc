import Dialogue
import LineProtocol

/// Exercises in the conversation. The tutor states the task and shows the starter; the
/// learner writes the file and runs the checks on their own side (`tutord exercise check`),
/// since tutord never runs a learner's code.
extension Conversation {
    mutating func present(_ exercise: Exercise) {
        add(.exercise(id: exercise.id, file: exercise.fileName, task: exercise.task))
        add(.code(language: exercise.starter.language, lines: exercise.starter.lines))
        say("Write it in \(exercise.fileName), starting from the code above "
            + "(`tutord exercise starter \(course.id) \(exercise.id) -o \(exercise.fileName)` writes it for you), "
            + "and run the checks with `tutord exercise check \(course.id) \(exercise.id) \(exercise.fileName)`. "
            + "Press Enter to go on when you are done.")
        awaiting = .continue
    }
}
