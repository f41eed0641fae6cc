import LineProtocol
import Dialogue

/// Walking the course: delivering steps, moving on, entering and leaving detours.
extension Conversation {
    /// Shows the lesson header (number, icon, title).
    mutating func announceLesson() {
        add(.lesson(number: cursor.lesson + 1, total: course.lessons.count, id: lesson.id,
                    icon: lesson.icon, title: lesson.title))
    }

    /// Shows what is at the cursor and sets what the tutor waits for.
    mutating func deliver() {
        hintsShown = 0
        if let detour = cursor.detour, let node = lesson.nodes[detour.node], node.beats.indices.contains(detour.beat) {
            for message in node.beats[detour.beat].messages { tell(message) }
            awaiting = .continue
            return
        }
        if let retry = retryAtCursor {
            // A new question, not the missed one again: say so, or the learner looks for it.
            say(pick(Phrasebook.instead))
            ask(retry.question)
            return
        }
        cursor.detour = nil
        guard lesson.steps.indices.contains(cursor.step) else {
            finishLesson()
            return
        }
        switch lesson.steps[cursor.step] {
        case .beat(let beat):
            for message in beat.messages { tell(message) }
            awaiting = .continue
        case .takeaway(let text):
            add(.takeaway(text))
            awaiting = .continue
        case .offer(let offer):
            add(.offer(node: offer.node, prompt: offer.prompt))
            awaiting = .choice
        case .question(let question):
            ask(question)
        case .exercise(let exercise):
            present(exercise)
        }
    }

    /// A message of a beat: said, or shown as code.
    mutating func tell(_ message: Message) {
        switch message {
        case .text(let text): say(text)
        case .code(let block):
            // Text mode does not carry the language, and two blocks in a row would read as one.
            if block.isOutput { say("It prints:") }
            add(.code(language: block.language, lines: block.lines))
        }
    }

    mutating func ask(_ question: Question) {
        add(.quiz(id: question.id, prompt: question.prompt, isFreeText: question.options.isEmpty))
        if let code = question.code {
            add(.code(language: code.language, lines: code.lines))
        }
        for (index, option) in presentedOptions(question).enumerated() {
            add(.option(number: index + 1, text: option.text))
        }
        awaiting = .answer
    }

    /// Moves to the step after the cursor (or out of a detour) and delivers it.
    mutating func advance() {
        if retryAtCursor != nil {
            // The retry question is settled: out of the detour, past the question it replaced.
            cursor.detour = nil
            cursor.step += 1
            deliver()
            return
        }
        if var detour = cursor.detour {
            detour.beat += 1
            let node = lesson.nodes[detour.node]
            // After its beats a node with a question asks it (the index one past its last beat).
            let beats = (node?.beats.count ?? 0) + (node?.question != nil && detour.returnsToQuestion ? 1 : 0)
            if detour.beat < beats {
                cursor.detour = detour
                deliver()
                return
            }
            cursor.detour = nil
            if detour.returnsToQuestion, case .question(let question) = lesson.steps[cursor.step] {
                say("Back to the question.")
                let shown = hintsShown
                ask(question)
                hintsShown = shown
                return
            }
        }
        cursor.step += 1
        deliver()
    }

    /// The lesson's main flow is over: record it and go on to the next lesson, or finish.
    mutating func finishLesson() {
        if !progress.completedLessons.contains(lesson.id) {
            emit(.lessonCompleted(lessonID: lesson.id))
        }
        let done = lesson.displayTitle
        guard cursor.lesson + 1 < course.lessons.count else {
            finishCourse()
            return
        }
        say("Lesson \(cursor.lesson + 1) done: \(done). \(pick(Phrasebook.onward))")
        announceDue()  // a natural break for a review
        cursor = Cursor(lesson: cursor.lesson + 1, step: 0)
        announceLesson()
        deliver()
    }

    mutating func finishCourse() {
        cursor = Cursor(lesson: course.lessons.count - 1, step: lesson.steps.count)
        if !progress.isCourseCompleted {
            emit(.courseCompleted)
        }
        if progress.finishedAt == nil { progress.finishedAt = now }
        say("Course complete: \(course.title).")
        showSummary()
        awaiting = .end
    }

    /// The end-of-course summary: the counts, the time it took, what to revisit, what next.
    mutating func showSummary() {
        add(.summary(summary))
        if let started = progress.startedAt, let finished = progress.finishedAt, finished >= started {
            add(.elapsed(seconds: Int(finished - started)))
        }
        for (index, lesson) in course.lessons.enumerated() {
            // Main-flow questions only: a retry question is met only after a miss, which the
            // question it replaced is listed for.
            for question in lesson.questions {
                let record = progress.questions[question.id]
                guard record?.isCorrectOnFirstTry != true else { continue }
                let miss: Miss = record?.isRevealed == true && record?.isCorrect != true ? .revealed
                    : record?.isCorrect == true ? .retried : .unanswered
                add(.missed(lesson: index + 1, question: question.id, miss: miss, prompt: question.prompt))
            }
        }
        say("Type `lessons` to review, `goto <n>` to revisit a lesson, or `restart` to go again.")
        awaiting = .end
    }

    /// Starts a lesson from its beginning.
    mutating func enterLesson(_ index: Int) {
        cursor = Cursor(lesson: index, step: 0)
        announceLesson()
        deliver()
    }

    mutating func enter(node: String, returnsToQuestion: Bool) {
        cursor.detour = Detour(node: node, beat: 0, returnsToQuestion: returnsToQuestion)
        let shown = hintsShown
        deliver()
        // The missed question's hints carry over its detour; a retry question has its own.
        if retryAtCursor == nil { hintsShown = shown }
    }

    /// The retry question at the cursor (the detour is past its node's beats) and the
    /// main-flow question it is asked instead of.
    var retryAtCursor: (question: Question, replaced: Question)? {
        guard review == nil, let detour = cursor.detour, detour.returnsToQuestion,
              let node = lesson.nodes[detour.node], let retry = node.question, detour.beat == node.beats.count,
              lesson.steps.indices.contains(cursor.step), case .question(let replaced) = lesson.steps[cursor.step] else { return nil }
        return (retry, replaced)
    }

    /// The retry question at the cursor was settled: the question it replaced is settled with
    /// it. That one keeps its wrong first answer (and its review card, graded `again` then) and
    /// is not asked again; its answer is shown, so it counts as revealed (no XP for it later).
    mutating func settleReplacedQuestion() {
        guard let replaced = retryAtCursor?.replaced else { return }
        say("Back to the question you missed: \(replaced.prompt) Its answer: \(replaced.correctAnswerText)")
        // Its explanation too: the learner who missed it needs the reasoning most.
        add(.explanation(replaced.explanation))
        if progress.canEarnXP(replaced.id) {
            emit(.questionRevealed(questionID: replaced.id))
        }
    }

    /// The question at the cursor when the learner has settled it (answered it right, or seen
    /// its answer): a resume lands there after the quiz, never on it again. The position does
    /// not say whether the quiz was open or answered when it was saved; the progress does.
    var settledQuestionAtCursor: Question? {
        guard review == nil, let question = cursor.detour == nil ? mainQuestionAtCursor : retryAtCursor?.question,
              let record = progress.questions[question.id], record.isCorrect || record.isRevealed else { return nil }
        return question
    }

    /// The main-flow question at the cursor, if the cursor is on one.
    private var mainQuestionAtCursor: Question? {
        guard lesson.steps.indices.contains(cursor.step), case .question(let question) = lesson.steps[cursor.step] else { return nil }
        return question
    }

    /// A settled quiz, shown as `repeat` shows an answered one: the question, its answer and
    /// why; Enter goes on to the next step.
    mutating func showSettled(_ question: Question) {
        hintsShown = 0
        let answeredRight = progress.questions[question.id]?.isCorrect == true
        say("\(answeredRight ? "You have answered this quiz" : "You have seen the answer to this quiz"): \(question.prompt)")
        say("The answer: \(question.correctAnswerText)")
        add(.explanation(question.explanation))
        awaiting = .answered
    }

    /// The question at the cursor, if the cursor is on one.
    var currentQuestion: Question? {
        if review != nil { return reviewQuestion }
        if cursor.detour != nil { return retryAtCursor?.question }
        return mainQuestionAtCursor
    }
}
