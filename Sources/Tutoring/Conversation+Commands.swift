import Dialogue
import LineProtocol

/// Commands the learner can give at any point.
extension Conversation {
    /// The commands a learner can give inside a course: typed as chat, or sent as protocol
    /// commands of the same name. The protocol's list (``RequestKind/isCourseCommand``), so the
    /// daemon's table and the conversation cannot drift apart.
    public static let commands: [RequestKind] = RequestKind.allCases.filter(\.isCourseCommand)

    /// The chat's `help`: how to go on and answer, the commands, and `help` itself.
    public static let commandHelp: [(command: String, description: String)] =
        [("Enter / next", "go on to the next message"), ("1-9, a-i or words", "answer the open quiz")]
        + commands.map { ($0.usage, $0.summary) } + [("help", "this list")]

    mutating func help() {
        for entry in Self.commandHelp {
            add(.help(command: entry.command, description: entry.description))
        }
        awaitUnchanged()
    }

    mutating func repeatStep() {
        switch awaiting {
        case .answered:
            if let question = currentQuestion { showSettled(question) } else if let exercise = currentExercise { showPassed(exercise) }
        case .end:
            showSummary()
        case .answer where review != nil:
            let shown = hintsShown
            askCard()
            hintsShown = shown
        default:
            let shown = hintsShown
            deliver()
            hintsShown = shown
        }
    }

    mutating func back() {
        if var detour = cursor.detour {
            if detour.beat > 0 {
                detour.beat -= 1
                cursor.detour = detour
            } else if detour.returnsToQuestion, lesson.nodes[detour.node]?.question != nil {
                // Out of this detour backwards is the missed question, which its retry
                // question replaces: it is not asked again.
                say("This is where the detour after your answer begins; the retry question stands in for the one you missed.")
            } else {
                cursor.detour = nil
            }
            deliver()
        } else if cursor.step > 0 {
            cursor.step = min(cursor.step, lesson.steps.count) - 1
            deliver()
        } else if cursor.lesson > 0 {
            cursor = Cursor(lesson: cursor.lesson - 1, step: 0)
            cursor.step = lesson.steps.count - 1
            announceLesson()
            deliver()
        } else {
            say("This is the very beginning of the course; there is nothing before it.")
            awaitUnchanged()
        }
    }

    mutating func skip() {
        if review != nil, awaiting == .answer, let question = currentQuestion {
            revealCard(question)
            return
        }
        if review != nil, awaiting == .answered {
            nextCard()
            return
        }
        switch awaiting {
        case .exercise:
            if let exercise = currentExercise { skipExercise(exercise) }
        case .answer:
            guard let question = currentQuestion else { return }
            gradeFirstEncounter(question, rating: .again, given: nil)
            if progress.canEarnXP(question.id) {
                emit(.questionRevealed(questionID: question.id))
            }
            add(.verdict(.revealed))
            say("The answer: \(question.correctAnswerText)")
            add(.explanation(question.explanation))
            add(.xp(gained: 0, total: progress.xp))
            awaiting = .answered
            settleReplacedQuestion()
        case .choice:
            say("Skipping the detour.")
            advance()
        case .continue where cursor.detour != nil:
            if let detour = cursor.detour, detour.returnsToQuestion, let node = lesson.nodes[detour.node], node.question != nil {
                cursor.detour?.beat = node.beats.count - 1  // skip the reading, not the node's question
            } else {
                cursor.detour?.beat = Int.max - 1  // leave the node: advance() returns from it
            }
            advance()
        case .continue:
            // Skip the reading: jump to the next takeaway or question of this lesson.
            let next = lesson.steps.indices.first { index in
                guard index > cursor.step else { return false }
                switch lesson.steps[index] {
                case .takeaway, .question, .exercise: return true
                case .beat, .offer: return false
                }
            }
            cursor.step = next ?? lesson.steps.count
            deliver()
        case .answered:
            advance()
        case .start, .end:
            say("There is nothing left to skip. Type `lessons` or `goto <n>` to revisit a lesson.")
        }
    }

    mutating func hint() {
        if awaiting == .exercise, let exercise = currentExercise {
            exerciseHint(exercise)
            return
        }
        guard awaiting == .answer, let question = currentQuestion else {
            say("Hints come with quizzes, and no question is open right now.")
            awaitUnchanged()
            return
        }
        let hints = question.hints
        if hintsShown < hints.count {
            hintsShown += 1
            add(.hint(number: hintsShown, total: hints.count, text: hints[hintsShown - 1]))
        } else {
            add(.hint(number: hints.count, total: hints.count, text: hints[hints.count - 1]))
            say("That's every hint I have. `skip` shows the answer.")
        }
    }

    mutating func listLessons() {
        for (index, entry) in course.lessons.enumerated() {
            add(.toc(number: index + 1, total: course.lessons.count, id: entry.id, icon: entry.icon,
                     title: entry.title, isDone: progress.completedLessons.contains(entry.id),
                     isCurrent: index == cursor.lesson && awaiting != .end))
        }
        awaitUnchanged()
    }

    mutating func goto(_ target: String?) {
        guard let target else {
            say("Say which lesson: `goto 3` or `goto \(course.lessons[min(2, course.lessons.count - 1)].id)`.")
            awaitUnchanged()
            return
        }
        let index: Int? = if let number = Int(target) {
            course.lessons.indices.contains(number - 1) ? number - 1 : nil
        } else {
            course.lessonIndex(id: target)
        }
        guard let index else {
            say("There is no lesson `\(target)`. Lessons go from 1 to \(course.lessons.count); `lessons` lists them.")
            awaitUnchanged()
            return
        }
        enterLesson(index)
    }

    mutating func restart() {
        say("Starting over from lesson 1. Your XP and finished lessons stay; questions you already answered give no more XP.")
        enterLesson(0)
    }

    /// After a command that only showed information, the tutor still waits for the same
    /// thing; remind the learner when that is an answer or a choice.
    mutating func awaitUnchanged() {
        switch awaiting {
        case .answer:
            if let question = currentQuestion { say("The quiz is still open: \(question.prompt)") }
        case .choice:
            if case .offer(let offer)? = lesson.steps.indices.contains(cursor.step) ? lesson.steps[cursor.step] : nil {
                say("Still waiting on this: \(offer.prompt)")
            }
        case .exercise:
            if let exercise = currentExercise { say("The exercise is still open: \(exercise.task)") }
        case .start, .continue, .answered, .end:
            break
        }
    }
}
