import Dialogue
import Testing
@testable import CourseSearch

/// The index and the answering rules: identifiers found as typed or without their
/// underscores, quoted phrases, explanations not quoted until their quiz is answered, later
/// lessons marked ahead, and snippets of long passages.
@Suite struct CourseIndexTests {
    static let answerer = AskQualityTests.answerer
    static let course = AskQualityTests.course

    func lessons(_ text: String, _ question: CourseAnswerer.Question = AskQualityTests.finished) throws -> [String] {
        var question = question
        question.text = text
        return try Self.answerer.answer(question).map { Self.course.lessons[$0.passage.lessonIndex].id }
    }

    /// The copies after the first are the first one's pages copied, not built again: each
    /// one, read in turn, finds and ranks the same passages with the same highlights.
    @Test func everyCopyOfTheIndexSearchesAlike() throws {
        let index = try CourseIndex(courses: [Self.course], copies: 3)
        let terms = SearchTerms("what does the GIL protect in LOAD_FAST?").terms
        let ranks = try (0..<3).map { _ in try index.rank(terms) }
        #expect(!ranks[0].isEmpty)
        #expect(ranks.allSatisfy { $0 == ranks[0] })
        let shown = Array(ranks[0].prefix(3).map(\.passage))
        let highlights = try (0..<3).map { _ in try index.highlighted(shown, terms) }
        #expect(highlights[0].count == shown.count)
        #expect(highlights.allSatisfy { $0 == highlights[0] })
    }

    @Test func termsDropTheFrameOfAQuestionAndKeepIdentifiersAndPhrases() {
        #expect(SearchTerms("Why does CPython have a GIL?").terms == [.init(words: ["gil"], joined: nil)])
        #expect(SearchTerms("what does LOAD_FAST do").terms == [.init(words: ["load", "fast"], joined: "loadfast")])
        #expect(SearchTerms("__prepare__").terms == [.init(words: ["", "", "prepare", "", ""].filter { !$0.isEmpty }, joined: "prepare")])
        #expect(SearchTerms(#"what is the "free threaded" build"#).terms
                == [.init(words: ["free", "threaded"], joined: nil), .init(words: ["build"], joined: nil)])
        #expect(SearchTerms("how do I do it?").terms.isEmpty)
    }

    /// A megabyte of distinct words (a line as long as `--max-line-bytes` may allow) gives at
    /// most 24 terms, the first ones; nothing after the first 1,024 characters is read, nor
    /// the part of a word the cut leaves.
    @Test func onlyTheStartOfALongQuestionIsRead() {
        let words = (0..<120_000).map { "w\($0)" }
        let huge = SearchTerms(words.joined(separator: " "))
        #expect(huge.terms.count == SearchTerms.maximumTerms)
        #expect(huge.terms.map(\.words) == words.prefix(SearchTerms.maximumTerms).map { [$0] })
        let frame = String(repeating: "the ", count: 256)  // 1,024 characters of stopwords
        #expect(SearchTerms(frame + "gil").terms.isEmpty)
        #expect(SearchTerms(frame.dropLast(2) + "interpreter").terms.isEmpty)
        #expect(SearchTerms(frame.dropLast(1) + " gil").terms.isEmpty)
        #expect(SearchTerms(frame.dropLast(5) + " gil").terms == [.init(words: ["gil"], joined: nil)])
    }

    @Test(arguments: [
        ("__prepare__", "metaclasses"), ("prepare", "metaclasses"), ("what is __prepare__?", "metaclasses"),
        ("LOAD_FAST", "bytecode"), ("load fast", "bytecode"), ("loadfast", "bytecode"),
        ("ob_refcnt", "object-model"), ("refcnt", "object-model"), ("obrefcnt", "object-model"),  // several lessons name it; object-model explains it
        ("__slots__", "slots"), ("slots", "slots"), ("__init_subclass__", "metaprogramming"), ("initsubclass", "metaprogramming"),
    ])
    func identifiersAreFoundAsTypedOrWithoutUnderscores(_ text: String, _ lesson: String) throws {
        #expect(try lessons(text).first == lesson)
    }

    @Test func aQuotedPhraseMustAppearAsAPhrase() throws {
        #expect(try lessons(#""reference counting""#).isEmpty == false)
        #expect(try lessons(#""counting reference""#).isEmpty)  // the words, but never in that order
    }

    @Test func explanationsOfUnansweredQuizzesAreWithheld() throws {
        // Words only the explanation of `bytecode-module` uses: found once it is answered.
        let words = "get_instructions objects to analyse"
        var beginner = AskQualityTests.finished
        beginner.answered = ["cpython-internals": []]
        beginner.text = words
        // Pointed to, never quoted (nothing of a lesson with an unsettled quiz is).
        #expect(try Self.answerer.answer(beginner).allSatisfy { match in
            if case .explanation = match.passage.kind { match.withheld != nil && match.snippet.isEmpty } else { true }
        })
        var finished = AskQualityTests.finished
        finished.text = words
        #expect(try Self.answerer.answer(finished).first?.passage.kind == .explanation(question: "bytecode-module"))
    }

    @Test func laterLessonsAreAhead() throws {
        var early = AskQualityTests.finished
        early.lessonAt = ["cpython-internals": 0]
        early.text = "what does LOAD_FAST do?"
        #expect(try Self.answerer.answer(early).allSatisfy(\.isAhead))
        early.text = "why does CPython have a GIL?"
        #expect(try Self.answerer.answer(early).allSatisfy { !$0.isAhead })
    }

    @Test func otherCoursesAreOnlySearchedWhenAsked() throws {
        var elsewhere = AskQualityTests.finished
        elsewhere.courses = ["python-basics"]
        elsewhere.text = "what does LOAD_FAST do?"
        #expect(try Self.answerer.answer(elsewhere).isEmpty)
    }

    @Test func longPassagesAreCutToTheirBestSentences() {
        let sentence = "Filler words about nothing in particular go here. "
        let text = String(repeating: sentence, count: 5) + "The \u{1}GIL\u{2} is a \u{1}lock\u{2}. " + String(repeating: sentence, count: 5)
        let snippet = CourseAnswerer.snippet(text)
        #expect(snippet.hasPrefix("The GIL is a lock."))
        #expect(snippet.count <= CourseAnswerer.snippetLength)
        #expect(CourseAnswerer.snippet("Short \u{1}one\u{2}.") == "Short one.")
    }

    @Test func codeBetweenMessagesBecomesAnEllipsis() {
        let beat = Beat(messages: [.text("Watch:"), .code(CodeBlock(language: "python", lines: ["x = 1"])), .text("Done."),
                                   .code(CodeBlock(language: "output", lines: ["1"]))])
        #expect(Passage.text(of: beat) == "Watch: … Done.")
    }

    /// FTS5 has a query language; a learner's words never reach it as syntax.
    @Test(arguments: [
        #"" OR * NEAR( ) AND NOT ^ -- ; DROP TABLE passage"#, "\"\"\"", "\"unclosed quote", "ﬁ ß ΣΊΣΥΦΟΣ 漢字 🙂?",
        String(repeating: "word ", count: 800), "x:y {title} : gil", "gil*",
    ])
    func hostileQuestionsAreJustWords(_ text: String) throws {
        var question = AskQualityTests.finished
        question.text = text
        _ = try Self.answerer.answer(question)
        #expect(SearchTerms(text).terms.count <= SearchTerms.maximumTerms)
    }
}
