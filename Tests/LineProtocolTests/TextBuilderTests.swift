import Testing
@testable import LineProtocol

/// The byte-by-byte builder behind the standing line and stored times writes what string
/// interpolation would have.
@Suite struct TextBuilderTests {
    @Test func integersAreDecimalLikeTheirDescription() {
        var values = [0, 1, 9, 10, 99, 100, -1, -10, Int.max, Int.min, 1_234_567]
        var generator = SystemRandomNumberGenerator()
        values += (0..<2000).map { _ in Int.random(in: Int.min...Int.max, using: &generator) >> Int.random(in: 0..<63, using: &generator) }
        for value in values {
            #expect(TextBuilder.build(capacity: TextBuilder.integerCapacity) { $0.append(value) } == String(value))
        }
    }

    @Test func widthPadsWithZerosAndNeverCuts() {
        #expect(TextBuilder.build(capacity: 20) { $0.append(7, width: 3) } == "007")
        #expect(TextBuilder.build(capacity: 20) { $0.append(2026, width: 2) } == "2026")
        #expect(TextBuilder.build(capacity: 20) { $0.append(0, width: 4) } == "0000")
    }

    @Test func stringsAreCopiedAsUTF8() {
        let text = TextBuilder.build(capacity: 64) {
            $0.append("3/10 ")
            $0.append("🏭 Métaclass")
            $0.append(byte: UInt8(ascii: "!"))
        }
        #expect(text == "3/10 🏭 Métaclass!")
    }

    @Test func theStandingLineIsTheDocumentedFormat() {
        let summary = ProgressSummary(lessonsDone: 1, lessons: 10, xp: 25, questions: 11, correct: 3, firstTry: 2, tried: 4, answers: 5)
        var standing = Standing(course: "cpython-internals", lesson: 3, icon: "🏭", title: "Metaclass Mechanics", summary: summary, due: 2)
        #expect(standing.text == "cpython-internals score 3/11 xp 25 lessons 1/10 first-try 2/4 answers 5 accuracy 50% due 2 | 3/10 🏭 Metaclass Mechanics")
        standing.icon = nil
        standing.review = Standing.ReviewPlace(number: 1, total: 2)
        #expect(standing.text == "cpython-internals score 3/11 xp 25 lessons 1/10 first-try 2/4 answers 5 accuracy 50% due 2 review 1/2 | 3/10 Metaclass Mechanics")
        #expect(summary.text == "score 3/11 xp 25 lessons 1/10 first-try 2/4 answers 5 accuracy 50%")
    }
}
