import Foundation

/// Answers a learner's question from the courses: the one to three passages that answer it
/// best, each with where it is, or "I don't know" when nothing is relevant enough.
///
/// Relevance is judged per lesson: the share of the question's weight (each term weighs its
/// inverse document frequency, and a term the courses never use weighs the most) that the
/// lesson's passages cover. A question whose subject the course does not teach leaves most of
/// its weight uncovered and gets no answer, however well one common word matches.
public struct CourseAnswerer: Sendable {
    public let index: CourseIndex

    /// A lesson must cover at least this share of the question's weight to answer it.
    public static let minimumCoverage = 0.55
    /// Passages after the first must score at least this share of the best one's.
    public static let followingScore = 0.5
    /// The most passages in one answer, and the longest snippet (in characters).
    public static let maximumPassages = 3
    public static let snippetLength = 320

    public init(index: CourseIndex) {
        self.index = index
    }

    /// What the learner asked and what decides what may be shown.
    public struct Question: Sendable {
        public var text: String
        /// The courses to search.
        public var courses: Set<String>
        /// Per course, the questions the learner has answered or seen answered: only their
        /// explanations may be shown.
        public var answered: [String: Set<String>]
        /// Per course, the lesson the learner is at (0-based): later lessons are "ahead".
        public var lessonAt: [String: Int]
        /// The quiz waiting for the learner's answer, if they ask at one (course, question id):
        /// what its lesson says after it (the rest of the lesson, its takeaway, its detours)
        /// could give its answer away, so it is not quoted.
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
    }

    public func answer(_ question: Question) throws -> [Match] {
        let terms = SearchTerms(question.text).terms
        guard !terms.isEmpty else { return [] }
        let passages = index.passages
        // Where the open quiz is: passages of its lesson after it are withheld.
        let openAt = question.openQuiz.flatMap { quiz in
            passages.first { $0.course == quiz.course && $0.kind == .explanation(question: quiz.question) }
        }
        func isAllowed(_ row: Int) -> Bool {
            let passage = passages[row]
            guard question.courses.contains(passage.course) else { return false }
            if let openAt, passage.course == openAt.course, passage.lessonIndex == openAt.lessonIndex, passage.step >= openAt.step {
                return false
            }
            if case .explanation(let id) = passage.kind {
                return question.answered[passage.course]?.contains(id) == true
            }
            return true
        }
        // Each term's weight (bm25's idf over all passages), and the lessons that contain it.
        let count = Double(passages.count)
        var weights: [Double] = []
        var rowsWithTerm: [Set<Int>] = []
        var lessonsWithTerm: [Set<LessonKey>] = []
        for term in terms {
            let rows = try index.passages(matching: term)
            let frequency = Double(rows.count)
            weights.append(log(1 + (count - frequency + 0.5) / (frequency + 0.5)))
            rowsWithTerm.append(try index.passages(matching: term, inOwnText: true))
            lessonsWithTerm.append(Set(rows.filter(isAllowed).map { LessonKey(passages[$0]) }))
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
            guard isAllowed(hit.passage) else { return nil }
            let covered = coverage(LessonKey(passages[hit.passage]))
            guard covered >= Self.minimumCoverage else { return nil }
            var weighed = hit
            weighed.score *= covered * (0.5 + 0.5 * coverage(ofPassage: hit.passage))
            return weighed
        }.sorted { $0.score > $1.score }
        guard let best = hits.first else { return [] }
        let chosen = [best] + hits.dropFirst().filter { $0.score >= best.score * Self.followingScore }.prefix(Self.maximumPassages - 1)
        let texts = try index.highlighted(chosen.map(\.passage), terms)
        return chosen.map { hit in
            let passage = passages[hit.passage]
            let here = question.lessonAt[passage.course] ?? 0
            return Match(passage: passage, snippet: Self.snippet(texts[hit.passage] ?? passage.text), isAhead: passage.lessonIndex > here)
        }
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
