import Dialogue
import LineProtocol
import Testing
@testable import Tutoring

/// Thousands of seeded random inputs: the state machine never traps, always replies, and
/// its progress stays consistent.
@Suite struct RandomInputTests {

    static let vocabulary = [
        "", "", "", "next", "yes", "no", "1", "2", "3", "4", "a", "b", "c", "z", "hint", "skip", "back",
        "repeat", "lessons", "progress", "restart", "goto", "goto 3", "goto 10", "goto 0", "goto gc", "help",
        "reference counting", "__prepare__", "dis", "None", "?", "goto 99999999999999999999", "\u{0}\u{1B}[2J",
        "é\u{301}", "🔒", String(repeating: "x", count: 5000),
    ]

    /// As ``randomWalk(seed:)``, with time passing (up to three days a step) and `review` in
    /// the vocabulary, so cards are graded and reviewed for XP too.
    @Test(arguments: [6, 7, 8] as [UInt64])
    func randomWalkWithReviews(seed: UInt64) {
        var generator = SplitMix64(state: seed)
        let course = Fixtures.cpythonCourse
        var conversation = Conversation(course: course, seed: seed)
        var now: Int64 = 1_800_000_000
        _ = conversation.open()
        var reviewed = 0
        for _ in 0..<1500 {
            let input = (Self.vocabulary + ["review", "review", "review", "1", "2"]).randomElement(using: &generator)!
            now += Int64.random(in: 0...(3 * 86_400), using: &generator)
            let reply = conversation.respond(to: input, at: now)
            reviewed += reply.events.filter { if case .cardReviewed(let card) = $0 { card.isReview } else { false } }.count
            #expect(conversation.summary == conversation.progress.summary(for: course))
            // The standing line, made once and handed out while nothing in it changes, is
            // always the line a standing made now would have.
            let shown = reply.turns.compactMap { if case .standing(let standing) = $0 { standing.text } else { nil } }
            #expect(shown == [conversation.standing(at: now).text])
        }
        #expect(reviewed > 0, "the walk reviewed no card")
    }

    /// The daemon refuses a learner's growing writes (answers, review gradings) before the
    /// conversation moves, by asking ``Conversation/mayRecord(_:)``: it must never say `false`
    /// for a line that then records one, in lessons or in reviews, and it must say `false` for
    /// steps, so limits never stop a learner reading on.
    @Test(arguments: [21, 22, 23] as [UInt64])
    func onlyLinesThatMayRecordRecord(seed: UInt64) {
        var generator = SplitMix64(state: seed)
        var conversation = Conversation(course: Fixtures.cpythonCourse, seed: seed)
        var now: Int64 = 1_800_000_000
        _ = conversation.open(at: now)
        var recorded = 0, steps = 0
        for _ in 0..<1500 {
            let input = (Self.vocabulary + ["review", "review", "1", "2", "skip", "  ", "\t"]).randomElement(using: &generator)!
            now += Int64.random(in: 0...(3 * 86_400), using: &generator)
            let mayRecord = conversation.mayRecord(input)
            let reply = conversation.respond(to: input, at: now)
            let records = reply.events.contains { event in
                switch event {
                case .answerRecorded, .cardReviewed: true
                default: false
                }
            }
            #expect(mayRecord || !records, "\(input.debugDescription) recorded, but mayRecord said it would not")
            if records { recorded += 1 }
            if !mayRecord && reply.events.contains(where: { if case .positionMoved = $0 { true } else { false } }) { steps += 1 }
        }
        #expect(recorded > 0 && steps > 0, "the walk recorded \(recorded) times and stepped \(steps) times")
        // `answer <quiz> <text>` takes any text as the answer while a quiz is open.
        #expect(conversation.mayRecordAnswer == (conversation.expectation == .answer))
    }

    @Test(arguments: [1, 2, 3, 4, 5] as [UInt64])
    func randomWalk(seed: UInt64) {
        var generator = SplitMix64(state: seed)
        let course = Fixtures.cpythonCourse
        var conversation = Conversation(course: course, seed: seed)
        var progress = LearnerProgress()
        let maxXP = course.questions.map(\.xp).reduce(0, +)
        var lastXP = 0
        for event in conversation.open().events { progress.apply(event) }
        for _ in 0..<1500 {
            let input = Self.vocabulary.randomElement(using: &generator)!
            let reply = conversation.respond(to: input)
            guard case .expect(let expectation, _, _)? = reply.turns.last else {
                Issue.record("no expect after \(input.debugDescription)")
                return
            }
            #expect(expectation == conversation.expectation)
            for event in reply.events { progress.apply(event) }
            #expect(progress == conversation.progress)
            // The summary the standing carries is kept, not recomputed: it must always be the
            // one the progress gives.
            #expect(conversation.summary == conversation.progress.summary(for: course))
            #expect(conversation.progress.xp >= lastXP && conversation.progress.xp <= maxXP)
            lastXP = conversation.progress.xp
        }
    }

    /// Two windows on one conversation, daemon restarts (the conversation rebuilt from the
    /// stored fold of its events) and resumes, in a seeded random order: every figure the
    /// learner sees equals one recounted from the stored answers alone, accuracy never falls on
    /// a right answer, a resume never reopens a settled quiz, and a window that fell behind
    /// never has its answer judged against a quiz it did not show.
    @Test(arguments: [11, 12, 13, 14] as [UInt64])
    func randomWalkAcrossWindowsRestartsAndResumes(seed: UInt64) {
        var generator = SplitMix64(state: seed)
        let course = Fixtures.cpythonCourse
        var stored: [TutoringEvent] = []  // what the store keeps, in order
        var conversation = Conversation(course: course, seed: seed)
        stored += conversation.open().events
        // The quiz each window last showed (from its last reply's `expect`).
        var shown: [String?] = [nil, nil]
        var answersJudged = 0
        for _ in 0..<2000 {
            let window = Int.random(in: 0...1, using: &generator)
            let reply: Response
            switch Int.random(in: 0..<20, using: &generator) {
            case 0:
                // A restart: the daemon forgets the conversation; the store has its events.
                var progress = LearnerProgress()
                for event in stored { progress.apply(event) }
                conversation = Conversation(course: course, progress: progress, seed: seed)
                reply = conversation.open()
                #expect(conversation.settledQuestionAtCursor == nil || conversation.expectation != .answer,
                        "a restart reopened a settled quiz")
            case 1:
                reply = conversation.open()  // a resume, from this window
                #expect(conversation.settledQuestionAtCursor == nil || conversation.expectation != .answer,
                        "a resume reopened a settled quiz")
            case 2...7 where shown[window] != nil:
                // The window answers the quiz it shows (as `tutor` does): judged only if open.
                let quiz = shown[window]!
                let option = ["1", "2", "3", "b"].randomElement(using: &generator)!
                if conversation.openQuiz?.question == quiz {
                    let before = conversation.summary
                    reply = conversation.respond(answer: option, at: nil)
                    answersJudged += 1
                    if reply.turns.contains(.verdict(.correct)) {
                        #expect(conversation.summary.accuracy >= before.accuracy, "accuracy fell on a right answer")
                    }
                } else {
                    var view = conversation  // ERR stale: the current step, nothing stored
                    reply = view.respond(to: "repeat")
                    #expect(!reply.turns.contains { if case .verdict = $0 { true } else { false } })
                }
            default:
                reply = conversation.respond(to: Self.vocabulary.randomElement(using: &generator)!)
            }
            stored += reply.events
            for case .expect(_, let quiz, _) in reply.turns { shown[window] = quiz }
            #expect(conversation.summary == Self.recount(stored, in: course))
        }
        #expect(answersJudged > 50)
    }

    /// The figures from the stored answer log alone, in its order, as a teacher would count
    /// them by hand: a question is tried once it has an answer or its answer was shown, right
    /// once an answer is right before its answer was shown, and right on the first try when that
    /// was its first answer.
    static func recount(_ events: [TutoringEvent], in course: Course) -> ProgressSummary {
        struct Tally { var answers = 0, revealed = false, right = false, firstTry = false }
        var tallies: [String: Tally] = [:]
        var xp = 0
        var lessons: Set<String> = []
        for event in events {
            switch event {
            case .answerRecorded(let answer):
                var tally = tallies[answer.questionID, default: Tally()]
                if answer.isCorrect && !tally.revealed && !tally.right {
                    tally.right = true
                    tally.firstTry = tally.answers == 0
                }
                tally.answers += 1
                tallies[answer.questionID] = tally
            case .questionRevealed(let question): tallies[question, default: Tally()].revealed = true
            case .xpAwarded(_, let points): xp += points
            case .cardReviewed(let review): xp += review.xp
            case .lessonCompleted(let lesson): lessons.insert(lesson)
            default: break
            }
        }
        let counted: [Tally] = course.questions.compactMap { tallies[$0.id] }
        let lessonsDone = course.lessons.filter { lessons.contains($0.id) }.count
        let right = counted.filter { $0.right }.count
        let firstTry = counted.filter { $0.firstTry }.count
        let tried = counted.filter { $0.answers > 0 || $0.revealed }.count
        let answers = counted.reduce(0) { $0 + $1.answers }
        return ProgressSummary(lessonsDone: lessonsDone, lessons: course.lessons.count, xp: xp, questions: course.questions.count,
                               correct: right, firstTry: firstTry, tried: tried, answers: answers)
    }
}
