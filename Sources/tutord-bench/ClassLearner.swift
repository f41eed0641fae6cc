import Dialogue
import LineProtocol

/// What one learner of the class sends, reply by reply: walks the real course, answering its
/// quizzes from the course file (a wrong option or text now and then, then the right one),
/// asking for a hint now and then, sometimes asking the course a question (`ask`) or opening
/// a review session. No I/O and no clock: fed each reply, it says what to send next.
struct ClassLearner {
    /// What a request was, for the counts the benchmark prints.
    enum Kind: String, CaseIterable, Sendable {
        case turn, answer, hint, ask, review
    }

    private let course: Course
    /// The learner's dice (a think time's generator, only its `unit()` is used).
    private var random: ThinkTime
    /// Sent before the schedule begins, one at a time: the learner's profile, course and lesson.
    let setup: [String]
    private var expectation = Expectation.continue
    private var quiz: String?
    /// The options of the quiz last shown, as numbered on the wire (they may be shuffled).
    private var options: [(number: Int, text: String)] = []
    /// Per quiz or exercise: whether a hint was asked and a wrong answer given already.
    private var hinted = false
    private var answeredWrong = false
    private var inReview = false

    init(course: Course, profile: String, seed: UInt64) {
        self.course = course
        random = ThinkTime(seconds: 1, seed: seed)
        // A class is spread over the course: each learner resumes at a lesson of its own.
        let lesson = Int(random.unit() * Double(course.lessons.count)) + 1
        setup = ["learner \(profile)", "start \(course.id)", "goto \(lesson)"]
    }

    /// Takes in a whole reply.
    mutating func read(_ reply: Reply) {
        var shown: [(number: Int, text: String)] = []
        for payload in reply.payloads {
            switch payload {
            case .turn(.expect(let next, let quiz, let exercise)):
                let step = quiz ?? exercise
                if step != self.quiz { (hinted, answeredWrong) = (false, false) }
                expectation = next
                self.quiz = step
            case .turn(.option(let number, let text)): shown.append((number, text))
            case .turn(.review): inReview = true
            default: break
            }
        }
        if !shown.isEmpty { options = shown }
    }

    /// The next request.
    mutating func next() -> (line: String, kind: Kind) {
        if inReview {
            if expectation == .answer { return (answer(right: true), .answer) }
            inReview = false
            return ("stop", .review)
        }
        let roll = random.unit()
        if roll < 0.04 {
            return ("ask " + LearnerScript.questions[Int(random.unit() * Double(LearnerScript.questions.count))], .ask)
        }
        if roll < 0.06 && expectation != .answer && expectation != .exercise { return ("review", .review) }
        switch expectation {
        case .continue: return ("", .turn)
        case .choice: return (random.unit() < 0.5 ? "yes" : "no", .turn)
        case .end: return ("restart", .turn)
        case .exercise:
            if !hinted {
                hinted = true
                return ("hint", .hint)
            }
            return ("skip", .turn)
        case .answer:
            if !hinted && random.unit() < 0.2 {
                hinted = true
                return ("hint", .hint)
            }
            if !answeredWrong && random.unit() < 0.3 {
                answeredWrong = true
                return (answer(right: false), .answer)
            }
            return (answer(right: true), .answer)
        }
    }

    /// An answer to the open quiz, right or wrong, from the course file.
    private func answer(right: Bool) -> String {
        let text: String
        switch quiz.flatMap({ course.question(id: $0) })?.question.answers {
        case .choice(let choices)?:
            let wanted = options.filter { shown in choices.contains { $0.text == shown.text && $0.isCorrect == right } }
            text = String(wanted.first?.number ?? 1)
        case .freeText(let accepted)?:
            text = right ? accepted.first ?? "?" : "no idea"
        case nil:
            text = "1"
        }
        return quiz.map { "answer \($0) \(text)" } ?? text
    }
}
