import Dialogue
import SpacedReview

/// Free text from the learner: continuing, accepting or declining an offer, answering.
extension Conversation {
    mutating func chat(_ text: String) {
        let key = LearnerInput.chatKey(text)
        // A question while the tutor is not waiting for a quiz answer is asked of the course;
        // at a quiz only `ask` asks, so `__prepare__?` is still an answer.
        if awaiting != .answer && awaiting != .start && Self.isQuestion(text) {
            ask(text)
            return
        }
        switch awaiting {
        case .start:
            break
        case .continue, .answered:
            if LearnerInput.continueWords.contains(key) {
                if review != nil { nextCard() } else { advance() }
            } else {
                nudge("Press Enter (or type `next`) to go on, or `help` to see what I understand.")
            }
        case .choice:
            decide(key)
        case .answer:
            if let question = currentQuestion { answer(text, to: question) }
        case .exercise:
            // The checks run on the learner's side; a line here is never a pass.
            if let exercise = currentExercise {
                nudge("Run the checks (in tutor: `check`; from a shell: \(checkCommand(exercise))). "
                      + "`hint` gives a hint, `skip` moves on without XP.")
            }
        case .end:
            if LearnerInput.continueWords.contains(key) {
                showSummary()  // Enter at the end: the summary again, not another goodbye
            } else {
                nudge("You have finished the course. Type `lessons` to review, `goto <n>` to revisit a lesson, or `restart` to go again.")
            }
        }
    }

    private mutating func decide(_ key: String) {
        guard case .offer(let offer) = lesson.steps[cursor.step] else { return }
        if LearnerInput.yesWords.contains(key) {
            enter(node: offer.node, returnsToQuestion: false)
        } else if LearnerInput.noWords.contains(key) {
            say("No problem. \(pick(Phrasebook.onward))")
            advance()
        } else {
            nudge("Answer `yes` to take the detour, or `no` (or just Enter) to carry on.")
        }
    }

    mutating func answer(_ text: String, to question: Question) {
        switch question.answers {
        case .freeText:
            let folded = normalizedAnswer(text)
            if folded.isEmpty {
                nudge("Type your answer, `hint` for a hint, or `skip` to see the answer.")
            } else {
                // The question's answers were folded when the course loaded; only the
                // learner's text is folded here (an empty key matches nothing).
                var key = answerKey(text, normalized: folded)
                // "line 6", "l6", "the sixth line": a line named in any spelling is its number.
                let wantsALine = question.acceptsALineNumber
                let line = wantsALine ? lineNumber(inAnswerKey: key) : nil
                if let line { key = line }
                let correct = !key.isEmpty && question.accepts(key: key)
                let known = correct || key.isEmpty ? nil : question.wrongAnswers.first { $0.keys.contains(key) }
                if wantsALine, line == nil, !correct, known == nil {
                    // The line quoted, or a word: the question wants its number, and the
                    // right idea in the wrong form must not cost a try.
                    nudge("Give the line's number, counting from 1 (blank lines too): `6`, or `line 6`.")
                    return
                }
                judge(text, correct: correct, feedback: known?.feedback, question: question)
            }
        case .choice:
            let options = presentedOptions(question)
            let count = options.count
            let letters = String(UnicodeScalar(UInt8(ascii: "a") + UInt8(count - 1)))
            switch AnswerMatcher(options: options.map(\.text)).match(text) {
            case .option(let index):
                judge(text, correct: options[index].isCorrect, feedback: options[index].feedback, question: question)
            case .ambiguous(let candidates):
                let listed = candidates.map { "\($0 + 1) (\(options[$0].text))" }
                nudge("That could be \(listed.dropLast().joined(separator: ", ")) or \(listed.last!). Which one do you mean?")
            case .outOfRange:
                nudge("There are \(count) options: answer 1-\(count) or a-\(letters).")
            case .none:
                nudge("Answer with a number (1-\(count)), a letter (a-\(letters)) or words from an option. `hint` gives a hint, `skip` shows the answer.")
            }
        }
    }

    private mutating func judge(_ given: String, correct: Bool, feedback: String?, question: Question) {
        if review != nil {
            judgeCard(given, correct: correct, feedback: feedback, question: question)
            return
        }
        gradeFirstEncounter(question, rating: Rating(firstAnswerCorrect: correct, usedHint: hintsShown > 0), given: given)
        let attempt = (progress.questions[question.id]?.attempts ?? 0) + 1
        let couldEarn = progress.canEarnXP(question.id)
        emit(.answerRecorded(AnswerRecord(
            lessonID: lesson.id, questionID: question.id, given: given, isCorrect: correct,
            attempt: attempt, usedHint: hintsShown > 0)))
        if correct {
            add(.verdict(.correct))
            say(pick(Phrasebook.praise))
            if let feedback { add(.feedback(feedback)) }
            add(.explanation(question.explanation))
            if couldEarn {
                let points = xpForCorrectAnswer(worth: question.xp, attempt: attempt)
                emit(.xpAwarded(questionID: question.id, points: points))
                add(.xp(gained: points, total: progress.xp))
            } else {
                say("No XP this time: you had already answered this one or seen its answer.")
                add(.xp(gained: 0, total: progress.xp))
            }
            awaiting = .answered
            settleReplacedQuestion()
            return
        }
        add(.verdict(.incorrect))
        say(pick(Phrasebook.notQuite))
        if let feedback { add(.feedback(feedback)) }
        let firstMiss = (progress.questions[question.id]?.attempts ?? 0) == 1
        if firstMiss, let node = question.remedialNode {
            // A node may hold only a retry question: then there is nothing to explain first.
            if lesson.nodes[node]?.beats.isEmpty == false { say("Let me explain a bit more before you try again.") }
            enter(node: node, returnsToQuestion: true)
        } else {
            say(pick(Phrasebook.retry))
            awaiting = .answer
        }
    }

    /// A question's first encounter in its lesson makes its review card: graded by the first
    /// answer (or `again` when the answer is revealed first). Later visits do not grade it.
    mutating func gradeFirstEncounter(_ question: Question, rating: Rating, given: String?) {
        guard let now, progress.cards[question.id] == nil else { return }
        emit(.cardReviewed(CardReview(lessonID: lesson.id, questionID: question.id, rating: rating, at: now,
                                      isReview: false, given: given)))
    }

    /// The options in the order they are shown: shuffled in a review, as written otherwise.
    func presentedOptions(_ question: Question) -> [AnswerOption] {
        let options = question.options
        guard let order = review?.order, order.count == options.count else { return options }
        return order.map { options[$0] }
    }
}
