import Dialogue

/// Maps a stored ``CoursePosition`` back onto a course that may have been edited since.
///
/// A position whose lesson is gone resumes at the start of the lesson that now has its place
/// (the one that followed it), or of the last lesson; a position whose node or step is gone
/// resumes at the start of its lesson. The learner is told when that happens.
struct CourseLocator {
    let course: Course

    func cursor(for position: CoursePosition) -> (Conversation.Cursor, note: String?) {
        guard let lessonIndex = course.lessonIndex(id: position.lessonID) else {
            let next = min(max(0, position.lessonIndex), course.lessons.count - 1)
            return (Conversation.Cursor(lesson: next, step: 0),
                    "The lesson you were in is no longer part of this course, so we pick up with the one after it.")
        }
        let lesson = course.lessons[lessonIndex]
        if position.isFinished {
            return (Conversation.Cursor(lesson: lessonIndex, step: lesson.steps.count), nil)
        }
        let moved = "This lesson has changed since your last visit, so we pick it up from its start."
        guard position.step >= 0, position.step < lesson.steps.count else {
            return (Conversation.Cursor(lesson: lessonIndex, step: 0), moved)
        }
        guard let nodeID = position.nodeID else {
            return (Conversation.Cursor(lesson: lessonIndex, step: position.step), nil)
        }
        // One past the last beat is the node's retry question.
        let atQuestion = position.nodeBeat == lesson.nodes[nodeID]?.beats.count && lesson.nodes[nodeID]?.question != nil
        guard let node = lesson.nodes[nodeID], position.nodeBeat >= 0, position.nodeBeat < node.beats.count || atQuestion else {
            return (Conversation.Cursor(lesson: lessonIndex, step: 0), moved)
        }
        let returnsToQuestion: Bool
        switch lesson.steps[position.step] {
        case .question(let question) where question.remedialNode == nodeID: returnsToQuestion = true
        case .offer(let offer) where offer.node == nodeID && !atQuestion: returnsToQuestion = false
        default: return (Conversation.Cursor(lesson: lessonIndex, step: 0), moved)
        }
        return (Conversation.Cursor(lesson: lessonIndex, step: position.step,
                                    detour: .init(node: nodeID, beat: position.nodeBeat, returnsToQuestion: returnsToQuestion)), nil)
    }
}
