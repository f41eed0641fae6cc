import Foundation
import Testing
@testable import SpacedReview

/// The scheduler agrees with the reference FSRS implementation (PyPI `fsrs` 6.x, no fuzz) on
/// every review of the committed vectors: stability and difficulty to 1e-4 relative, phase,
/// step and due time exactly. Fixtures/make-fsrs-vectors wrote them (run by hand).
@Suite struct FSRSTests {
    struct Vectors: Decodable {
        var generator: String
        var histories: [History]
    }

    struct History: Decodable {
        var reviews: [Review]
    }

    struct Review: Decodable {
        var rating: Int
        var at: Int64
        var phase: Int
        var step: Int?
        var stability: Double
        var difficulty: Double
        var due: Int64
    }

    static let vectors: Vectors = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/fsrs-vectors.json")
        guard let data = try? Data(contentsOf: url), let vectors = try? JSONDecoder().decode(Vectors.self, from: data) else {
            fatalError("cannot read \(url.path)")
        }
        return vectors
    }()

    @Test func thereAreEnoughVectorsToMeanSomething() {
        let reviews = Self.vectors.histories.flatMap(\.reviews)
        #expect(Self.vectors.histories.count >= 200)
        #expect(Set(reviews.map(\.phase)) == [1, 2, 3])
        #expect(Set(reviews.map(\.rating)) == [1, 2, 3, 4])
    }

    @Test func everyReviewMatchesTheReference() {
        let scheduler = FSRS()
        var mismatches: [String] = []
        for (number, history) in Self.vectors.histories.enumerated() {
            var card = CardState(due: history.reviews[0].at)
            for (index, expected) in history.reviews.enumerated() {
                card = scheduler.review(card, rating: Rating(rawValue: expected.rating)!, at: expected.at)
                let place = "history \(number + 1), review \(index + 1)"
                if card.phase.rawValue != expected.phase || card.step != expected.step || card.due != expected.due
                    || !Self.close(card.stability, expected.stability) || !Self.close(card.difficulty, expected.difficulty) {
                    mismatches.append("\(place): got \(card), expected \(expected)")
                    break
                }
            }
        }
        #expect(mismatches.count == 0, "first: \(mismatches.first ?? "")")
    }

    static func close(_ actual: Double?, _ expected: Double) -> Bool {
        guard let actual else { return false }
        return abs(actual - expected) <= 1e-4 * abs(expected)
    }

    @Test func ratingsComeFromWhatHappened() {
        #expect(Rating(firstAnswerCorrect: true, usedHint: false) == .good)
        #expect(Rating(firstAnswerCorrect: true, usedHint: true) == .hard)
        #expect(Rating(firstAnswerCorrect: false, usedHint: false) == .again)
        #expect(Rating(firstAnswerCorrect: false, usedHint: true) == .again)
    }

    @Test func retrievabilityIsNinetyPercentAfterStabilityDays() {
        let scheduler = FSRS()
        var card = CardState(due: 0)
        card = scheduler.review(card, rating: .good, at: 0)
        card = scheduler.review(card, rating: .good, at: 600)
        let stability = card.stability!
        let later = 600 + Int64(stability.rounded(.down)) * 86_400
        #expect(scheduler.retrievability(of: card, at: 600) == 1)
        #expect(abs(scheduler.retrievability(of: card, at: later + 0) - 0.9) < 0.02)
    }
}
