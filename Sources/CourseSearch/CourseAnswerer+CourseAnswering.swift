import LineProtocol
import Tutoring

/// The conversation's view of the search: found passages with their citations.
extension CourseAnswerer: CourseAnswering {
    public func answer(_ question: String, courses: Set<String>, answered: [String: Set<String>],
                       lessonAt: [String: Int], openQuiz: (course: String, question: String)?) -> [FoundPassage]? {
        let asked = Question(text: question, courses: courses, answered: answered, lessonAt: lessonAt, openQuiz: openQuiz)
        // An in-memory index that was built cannot fail to be read; should it, nothing is found.
        let found = (try? answer(asked)) ?? []
        return found.map { found in
            let passage = found.passage
            return FoundPassage(text: found.snippet, citation: Citation(
                course: passage.course, lesson: passage.lessonIndex + 1, lessons: passage.lessons, icon: passage.icon,
                title: passage.lessonTitle, isAhead: found.isAhead), withheld: found.withheld)
        }
    }
}
