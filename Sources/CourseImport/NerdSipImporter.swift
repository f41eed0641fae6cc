/// Turns a NerdSip course page into a `.dialogue` course (docs/dialogue-format.md). Pure:
/// text in, course text and warnings out.
///
/// Each lesson's paragraphs become beats of one or two sentences (inline code kept); the quiz
/// comes after them and the takeaway after the quiz, as the format advises. The page does not
/// mark the right option: it is inferred from the "Answer:" line and the takeaway
/// (``AnswerInference``), and a question the inference is not sure of gets a `# check:` comment
/// naming the runner-up, a warning, and a place in ``Result/summary``.
public struct NerdSipImporter: Sendable {
    public struct Result: Sendable, Equatable {
        /// The course in the dialogue format.
        public var dialogue: String
        /// What the author should look at, each with the line of the page it is about.
        public var warnings: [Warning]
        /// The id the course got (from its title).
        public var courseID: String
        /// Every question, in order, with how its right option was chosen.
        public var questions: [ImportedQuestion]

        /// The questions whose right option the author must check.
        public var toCheck: [ImportedQuestion] { questions.filter(\.isToCheck) }

        /// `3 questions, 1 to check: lesson 3 (metaclass-mechanics-quiz)`, or
        /// `3 questions, all sure`.
        public var summary: String {
            let counted = "\(questions.count) question\(questions.count == 1 ? "" : "s")"
            let unsure = toCheck
            if unsure.isEmpty { return "\(counted), all sure" }
            return "\(counted), \(unsure.count) to check: \(unsure.map(\.name).joined(separator: ", "))"
        }
    }

    public struct Warning: Sendable, Equatable, CustomStringConvertible {
        public var line: Int
        public var message: String
        public var description: String { "line \(line): \(message)" }
    }

    /// The largest page imported, 4 MiB, as for course files (`DialogueParser.maxFileBytes`):
    /// a page of ten lessons is some 17 KB, and importing holds a multiple of the page (a 64 MB
    /// paragraph took 1.4 GB). `tutord import` refuses a larger page before reading it whole.
    public static let maxPageBytes = 4 << 20

    public init() {}

    public func importPage(_ text: String) throws(NerdSipPage.ReadError) -> Result {
        let page = try NerdSipPage(reading: text)
        var warnings: [Warning] = []
        let courseID = Self.slug(page.title, words: 6)
        var out: [String] = [
            "# Imported from a NerdSip course page by `tutord import nerdsip`. Read it through: the",
            "# right options were inferred from the answer lines and takeaways (a `# check:` comment",
            "# marks one the importer was not sure of), and the hints are generic.",
            "course \(courseID)",
            "title: \(page.title)",
            "level: \(page.level)",
            "summary: \(page.summary.isEmpty ? page.tagline : page.summary)",
        ]
        var usedIDs: Set<String> = []
        var questions: [ImportedQuestion] = []
        for lesson in page.lessons {
            var id = Self.slug(lesson.title, words: 3)
            if id.isEmpty || usedIDs.contains(id) { id = "lesson-\(lesson.number)" }
            usedIDs.insert(id)
            out += ["", "lesson \(id)", "title: \(lesson.title)"]
            if let icon = lesson.icon { out.append("icon: \(icon)") }
            for paragraph in lesson.paragraphs {
                out.append("")
                for beat in Self.beats(paragraph) {
                    out += beat.map { "> " + $0 }
                    out.append("")
                }
                out.removeLast()
            }
            let inference = AnswerInference(options: lesson.options, answer: lesson.answer, takeaway: lesson.takeaway)
            let question = ImportedQuestion(lesson: lesson.number, id: "\(id)-quiz", line: lesson.questionLine,
                                            options: lesson.options, answer: lesson.answer, inference: inference)
            questions.append(question)
            out.append("")
            if question.isToCheck {
                out.append(question.checkComment)
                warnings.append(Warning(line: lesson.questionLine, message: question.warning))
            }
            out += ["question \(question.id)", "ask: \(lesson.question)"]
            for (index, option) in lesson.options.enumerated() {
                out.append((index == inference.best ? "+ " : "- ") + option)
            }
            out += ["explain: \(lesson.answer)", "hint: Look back at what this lesson said just before the question.", "xp: 10"]
            out += ["", "takeaway: \(lesson.takeaway.isEmpty ? lesson.title : lesson.takeaway)"]
        }
        return Result(dialogue: out.joined(separator: "\n") + "\n", warnings: warnings, courseID: courseID, questions: questions)
    }

    /// `CPython Internals & Advanced Metaprogramming` → `cpython-internals-advanced-metaprogramming`:
    /// lowercased ASCII letters and digits, words joined by `-` (articles left out), at most
    /// `words` of them.
    static func slug(_ title: String, words: Int) -> String {
        let parts = title.lowercased().split(whereSeparator: { !(($0.isASCII && ($0.isLetter || $0.isNumber))) })
            .filter { !["the", "a", "an"].contains($0) }
        return parts.prefix(words).joined(separator: "-")
    }

    /// A paragraph as beats of one or two sentences; a sentence never splits inside backticks.
    static func beats(_ paragraph: String) -> [[String]] {
        let sentences = sentences(paragraph)
        var beats: [[String]] = []
        var index = 0
        while index < sentences.count {
            // Two short sentences share a beat; a long one stands alone.
            if index + 1 < sentences.count && sentences[index].count + sentences[index + 1].count <= 200 {
                beats.append([sentences[index], sentences[index + 1]])
                index += 2
            } else {
                beats.append([sentences[index]])
                index += 1
            }
        }
        return beats
    }

    /// Sentences end at `.`, `!` or `?` followed by a space and a capital, a digit or a quote,
    /// outside inline code.
    static func sentences(_ text: String) -> [String] {
        let characters = Array(text)
        var sentences: [String] = []
        var current = ""
        var inCode = false
        for (index, character) in characters.enumerated() {
            current.append(character)
            if character == "`" { inCode.toggle() }
            guard !inCode, ".!?".contains(character), index + 2 < characters.count, characters[index + 1] == " " else { continue }
            let next = characters[index + 2]
            if next.isUppercase || next.isNumber || "\"“`*(".contains(next) {
                sentences.append(current.trimmingSpaces())
                current = ""
            }
        }
        if !current.trimmingSpaces().isEmpty { sentences.append(current.trimmingSpaces()) }
        return sentences
    }
}
