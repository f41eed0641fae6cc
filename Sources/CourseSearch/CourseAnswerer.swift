import Foundation
import Tutoring

/// Answers a learner's question from the courses: the one to three passages that answer it
/// best, each with where it is, or "I don't know" when nothing is relevant enough.
///
/// Relevance is judged per lesson: the share of the question's weight (each term weighs its
/// inverse document frequency, and a term the courses never use weighs the most) that the
/// lesson's passages cover. A question whose subject the course does not teach leaves most of
/// its weight uncovered and gets no answer, however well one common word matches.
///
/// What is found is quoted only if it cannot give away a quiz the learner has not settled
/// (``withholding(_:for:)``); otherwise it comes without its text, to be pointed to.
public struct CourseAnswerer: Sendable {
    public let index: CourseIndex

    /// The relevance cut, calibrated on Tests/CourseSearchTests/Fixtures/ask-questions.tsv (69
    /// questions the course answers, 38 it does not, most sharing words with it): a lesson must
    /// cover at least `minimumCoverage` of the question's weight, and the best passage's
    /// weighed score (bm25 × coverage) must reach `minimumScore`, else "I don't know". On the
    /// table every answerable question scores 3.05 or more, and the questions outside the
    /// course that pass the coverage cut on weak words score 1.7 ("convert a string to an
    /// int"): 2.5 sits in that gap.
    public static let defaultMinimumCoverage = 0.55
    public var minimumCoverage = Self.defaultMinimumCoverage
    public static let defaultMinimumScore = 2.5
    public var minimumScore = Self.defaultMinimumScore
    /// Words that fit two lessons of a course about equally single out neither: when a passage
    /// of another lesson of the best one's course scores at least this share of the best
    /// score, the answer is "I don't know". "How do I make a class that cannot be subclassed?"
    /// finds a weakref passage (4.34 when measured, on "subclasses of `str`, `list` and `dict`
    /// can [be weakly referenced]") and a metaclass one (4.29: "`__init_subclass__`"), neither
    /// about it. On
    /// the table the nearest rival of an answerable question of several terms scores at most
    /// 0.58 of its best, the only one above is a miss already ("when is an object freed?",
    /// 0.96), and 0.8 sits in that gap (AskQualityTests prints the grid). Other courses are no rivals: two courses may
    /// both teach a subject, and `ask all` then cites both. Nor is a rival's tie for a question
    /// of one term ("ob_refcnt", "slots"): that is a look-up of a name two lessons use, and the
    /// answer cites both; a tie on several terms means no lesson holds them together better than
    /// another (CourseIndexTests has the look-ups). Checking that the question's words
    /// occur together in one sentence was measured first and rejects nothing more: the
    /// metaclass sentence holds both words, and right answers often hold a third of the
    /// question in their best sentence.
    public static let defaultMaximumRivalShare = 0.8
    public var maximumRivalShare = Self.defaultMaximumRivalShare
    /// Passages after the first must score at least this share of the best one's.
    public static let followingScore = 0.5
    /// The most passages in one answer, and the longest snippet (in characters).
    public static let maximumPassages = 3
    public static let snippetLength = 320

    /// An answerer with the shipped relevance cut, or another one to calibrate it (AskQualityTests).
    public init(index: CourseIndex, minimumCoverage: Double = Self.defaultMinimumCoverage, minimumScore: Double = Self.defaultMinimumScore,
                maximumRivalShare: Double = Self.defaultMaximumRivalShare) {
        self.index = index
        self.minimumCoverage = minimumCoverage
        self.minimumScore = minimumScore
        self.maximumRivalShare = maximumRivalShare
    }

    /// What the learner asked and what decides what may be shown.
    public struct Question: Sendable {
        public var text: String
        /// The courses to search.
        public var courses: Set<String>
        /// Per course, the questions the learner has settled (answered right, or revealed):
        /// a lesson is quoted only once all its quizzes are.
        public var answered: [String: Set<String>]
        /// Per course, the lesson the learner is at (0-based): later lessons are "ahead".
        public var lessonAt: [String: Int]
        /// The quiz waiting for the learner's answer, if they ask at one (course, question id):
        /// nothing of its lesson is quoted, though it may have been settled before (a review).
        public var openQuiz: (course: String, question: String)?

        public init(text: String, courses: Set<String>, answered: [String: Set<String>] = [:], lessonAt: [String: Int] = [:],
                    openQuiz: (course: String, question: String)? = nil) {
            self.text = text
            self.courses = courses
            self.answered = answered
            self.lessonAt = lessonAt
            self.openQuiz = openQuiz
        }
    }

    /// A passage in an answer.
    public struct Match: Sendable, Equatable {
        public var passage: Passage
        /// The part of the passage to show: all of it, or its sentences that matched best.
        public var snippet: String
        /// From a lesson after the one the learner is at.
        public var isAhead: Bool
        /// Why it is pointed to rather than quoted (its snippet is then empty); `nil` when quoted.
        public var withheld: Withholding?
    }

    public func answer(_ question: Question) throws -> [Match] {
        let terms = SearchTerms(question.text).terms
        guard !terms.isEmpty else { return [] }
        let passages = index.passages
        func isInScope(_ row: Int) -> Bool { question.courses.contains(passages[row].course) }
        // Each term's weight (bm25's idf over all passages), and the lessons that contain it.
        // Relevance is judged on every passage of the courses searched, withheld or not: a
        // withheld passage that answers is pointed to, never replaced by a worse one.
        let count = Double(passages.count)
        var weights: [Double] = []
        var rowsWithTerm: [Set<Int>] = []
        var lessonsWithTerm: [Set<LessonKey>] = []
        for term in terms {
            let rows = try index.passages(matching: term)
            let frequency = Double(rows.count)
            weights.append(log(1 + (count - frequency + 0.5) / (frequency + 0.5)))
            rowsWithTerm.append(try index.passages(matching: term, inOwnText: true))
            lessonsWithTerm.append(Set(rows.filter(isInScope).map { LessonKey(passages[$0]) }))
        }
        let total = weights.reduce(0, +)
        func coverage(_ lesson: LessonKey) -> Double {
            zip(weights, lessonsWithTerm).filter { $0.1.contains(lesson) }.map(\.0).reduce(0, +) / total
        }
        func coverage(ofPassage row: Int) -> Double {
            zip(weights, rowsWithTerm).filter { $0.1.contains(row) }.map(\.0).reduce(0, +) / total
        }
        // Ranked by bm25 weighed by how much of the question the passage's lesson covers (a
        // strong match of one word loses to a lesson that answers the whole question), and
        // then by how much the passage itself covers.
        let hits = try index.rank(terms).compactMap { hit -> CourseIndex.Hit? in
            guard isInScope(hit.passage) else { return nil }
            // A quiz's prompt is no answer: it only points to its lesson while that is withheld.
            if case .quiz = passages[hit.passage].kind, withholding(passages[hit.passage], for: question) == nil { return nil }
            let covered = coverage(LessonKey(passages[hit.passage]))
            guard covered >= minimumCoverage else { return nil }
            var weighed = hit
            weighed.score *= covered * (0.5 + 0.5 * coverage(ofPassage: hit.passage))
            return weighed
        }.sorted { $0.score > $1.score }
        guard let best = hits.first, best.score >= minimumScore else { return [] }
        let bestLesson = LessonKey(passages[best.passage])
        let rival = hits.first { LessonKey(passages[$0.passage]) != bestLesson && passages[$0.passage].course == bestLesson.course }
        if terms.count > 1, let rival, rival.score >= best.score * maximumRivalShare { return [] }
        let chosen = [best] + hits.dropFirst().filter { $0.score >= best.score * Self.followingScore }.prefix(Self.maximumPassages - 1)
        let withheld = chosen.map { withholding(passages[$0.passage], for: question) }
        let quoted = zip(chosen, withheld).filter { $0.1 == nil }.map(\.0.passage)
        let texts = try index.highlighted(quoted, terms)
        return zip(chosen, withheld).map { hit, withheld in
            let passage = passages[hit.passage]
            let here = question.lessonAt[passage.course] ?? 0
            return Match(passage: passage, snippet: withheld == nil ? Self.snippet(texts[hit.passage] ?? passage.text) : "",
                         isAhead: passage.lessonIndex > here, withheld: withheld)
        }
    }

    /// Why `passage` may not be quoted to this learner, if it may not. The rule is first by
    /// lesson, so that it holds for paraphrases too: a lesson is quoted only once every quiz
    /// in it is settled (answered right or revealed), and never while one of its quizzes waits
    /// for an answer (a review card's included); its beats teach the answers, its takeaway
    /// sums them up and its explanations give them. Then by words, for the other lessons: a
    /// passage that says the right answer of an unsettled quiz (``QuizAnswer``) is not quoted.
    func withholding(_ passage: Passage, for question: Question) -> Withholding? {
        let settled = question.answered[passage.course] ?? []
        let openQuiz = question.openQuiz.flatMap { $0.course == passage.course ? $0.question : nil }
        if let openQuiz, let open = index.quizStep(openQuiz, course: passage.course), open.lesson == passage.lessonIndex,
           question.lessonAt[passage.course] == open.lesson {
            // In the lesson the learner is at, say where in it; a review card's lesson is elsewhere.
            return passage.step >= open.step ? .afterOpenQuiz : .beforeOpenQuiz
        }
        func isUnsettled(_ quiz: String) -> Bool { !settled.contains(quiz) || quiz == openQuiz }
        let quizzes = index.quizzes[passage.course]?[passage.lessonIndex] ?? []
        if quizzes.contains(where: isUnsettled) { return .quizUnsettled }
        let unsettled = (index.quizAnswers[passage.course] ?? []).filter { isUnsettled($0.quiz) }
        guard !unsettled.isEmpty else { return nil }
        let plain = QuizAnswer.plain(passage.text)
        return unsettled.contains { $0.isGivenAway(byPlain: plain) } ? .quizUnsettled : nil
    }

    struct LessonKey: Hashable {
        var course: String
        var lesson: Int
        init(_ passage: Passage) {
            course = passage.course
            lesson = passage.lessonIndex
        }
    }

    /// The passage, or, when it is long, its sentences from the one with the most matched
    /// words (marked `\u{1}…\u{2}` by the index) onwards, as many as fit, without the marks.
    static func snippet(_ highlighted: String) -> String {
        let clean = { (text: String) in text.filter { $0 != "\u{1}" && $0 != "\u{2}" } }
        let plain = clean(highlighted)
        guard plain.count > snippetLength else { return plain }
        let sentences = sentencesOf(highlighted)
        let marks = sentences.map { $0.filter { $0 == "\u{1}" }.count }
        let best = marks.indices.max { marks[$0] < marks[$1] || (marks[$0] == marks[$1] && $0 > $1) } ?? 0
        var snippet = ""
        for sentence in sentences[best...] {
            let text = clean(sentence)
            if !snippet.isEmpty && snippet.count + text.count > snippetLength { break }
            snippet += text
        }
        return String(snippet.trimmingCharacters(in: .whitespaces).prefix(snippetLength))
    }

    /// Sentences, each with the space after it: split after `.`, `!` or `?` and a space.
    static func sentencesOf(_ text: String) -> [String] {
        var sentences: [String] = []
        var current = ""
        var previous: Character = " "
        for character in text {
            current.append(character)
            if character == " " && ".!?".contains(previous) {
                sentences.append(current)
                current = ""
            }
            previous = character
        }
        if !current.isEmpty { sentences.append(current) }
        return sentences
    }
}
