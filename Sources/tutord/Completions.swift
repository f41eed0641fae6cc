import ArgumentParser
import CourseCatalog
import Foundation

extension CompletionKind {
    /// The ids of the courses this tutord would load (`--dialogues DIR` on the command line
    /// narrows it, as it does for the command).
    static var courseIDs: CompletionKind {
        .custom { words, _, prefix in
            CourseCompletion.ids(words: words, prefix: prefix, executablePath: executablePath)
        }
    }

    /// The ids of the courses in the learner's own course directory: what `remove-course`
    /// can remove.
    static var installedCourseIDs: CompletionKind {
        .custom { _, _, prefix in
            guard let directory = CourseFiles.userDirectory(environment: ProcessInfo.processInfo.environment) else { return [] }
            return CourseCompletion.ids(words: ["--dialogues", directory], prefix: prefix, executablePath: executablePath)
        }
    }
}
