/// Which option a NerdSip page argues for, when the page does not mark it, and how sure that is.
///
/// The rules, in order:
///
/// 1. **Terms.** Each option is read as its content words and identifiers (``ContentTerms``:
///    lightly stemmed words weigh 1, identifiers such as `__prepare__`, `LOAD_FAST` or `None`
///    weigh 3).
/// 2. **Distinctive terms.** A term in `k` of the `n` options weighs `(n − k) / (n − 1)` of
///    that: fully in one option, nothing in all of them. Two options that share most of their
///    words are told apart by the words they do not share.
/// 3. **Where and how the page names a term.** The answer line and the takeaway are cut into
///    clauses (``EvidenceClause``). A term named in the answer's lead (its first main clause, the
///    claim it makes) counts +2; in any other clause of the answer or the takeaway +1; in a
///    concession ("while the finder locates the module, …") 0; in a denial (a clause with `not`,
///    `n't`, `never`, `cannot`, `no longer`, or the words after `rather than`, `instead of`,
///    `unlike`, `except`) the same amounts against it (−2, −1).
/// 4. **Once per source.** Within the answer line, and within the takeaway, a term counts once,
///    by its strongest naming (a denial wins a tie): an option repeated in the explanation is
///    not made right by repetition. The two sources add up.
/// 5. **Options that deny.** An option that itself denies ("reference counting cannot detect
///    cycles") agrees with a denial: the page's denials count for it, not against.
/// 6. **Score and margin.** An option's score is the sum over its distinctive terms of weight ×
///    evidence. The best score wins (the first option on a tie); the *margin* is its lead over
///    the runner-up. The choice is *sure* when the best score is positive and the margin is at
///    least ``sureMargin``: one distinctive word in the lead, or two elsewhere, more than the
///    runner-up. Anything less is for the author to check.
public struct AnswerInference: Sendable, Equatable {
    /// 0-based index of the option chosen.
    public var best: Int
    /// 0-based index of the second best (the first other option on a tie).
    public var runnerUp: Int
    public var scores: [Double]

    /// The smallest margin that is sure.
    public static let sureMargin = 2.0

    /// The best score less the runner-up's: how sure the choice is.
    public var margin: Double { scores[best] - scores[runnerUp] }
    public var isSure: Bool { scores[best] > 0 && margin >= Self.sureMargin }

    /// - Parameters:
    ///   - options: at least two.
    ///   - answer: the page's `Answer:` line.
    ///   - takeaway: the lesson's key takeaway.
    public init(options: [String], answer: String, takeaway: String) {
        precondition(options.count >= 2, "a question has at least two options")
        let sources = [Self.evidence(EvidenceClause.clauses(of: answer, findingLead: true)),
                       Self.evidence(EvidenceClause.clauses(of: takeaway, findingLead: false))]
        let optionTerms = options.map(ContentTerms.of)
        var optionsWith: [String: Int] = [:]
        for terms in optionTerms { for term in terms.keys { optionsWith[term, default: 0] += 1 } }
        let count = Double(options.count)
        let scores = options.indices.map { index in
            let agreesWithDenials = EvidenceClause.isNegative(options[index])
            var score = 0.0
            for (term, base) in optionTerms[index] {
                let weight = base * (count - Double(optionsWith[term]!)) / (count - 1)
                for source in sources {
                    guard let evidence = source[term] else { continue }
                    score += weight * (agreesWithDenials ? abs(evidence) : evidence)
                }
            }
            return score
        }
        let ranked = scores.indices.sorted { scores[$0] > scores[$1] || (scores[$0] == scores[$1] && $0 < $1) }
        self.scores = scores
        best = ranked[0]
        runnerUp = ranked[1]
    }

    /// Each term of a source with its strongest naming there (rules 3 and 4).
    static func evidence(_ clauses: [EvidenceClause]) -> [String: Double] {
        var strongest: [String: Double] = [:]
        func name(_ text: String, _ amount: Double) {
            guard amount != 0 else { return }
            for term in ContentTerms.of(text).keys {
                let current = strongest[term] ?? 0
                if abs(amount) > abs(current) || (abs(amount) == abs(current) && amount < current) { strongest[term] = amount }
            }
        }
        for clause in clauses {
            let amount: Double = switch clause.role {
            case .lead: 2
            case .plain: 1
            case .concession: 0
            }
            name(clause.stated, amount)
            name(clause.denied, -amount)
        }
        return strongest
    }
}
