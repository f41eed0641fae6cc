import Dialogue
import Tutoring

/// libFuzzer entry point: the first line is a learner's answer, the next lines (up to eight)
/// are a question's options.
///
/// Properties checked beyond "does not trap": every index returned names an option, an
/// ambiguous match names at least two, an option's number always picks that option, and
/// `isAccepted` accepts an answer that is exactly one of the accepted texts unless that text
/// normalises to nothing, and a question's keys made when its course loads judge every answer
/// as `isAccepted` does with the texts.
@_cdecl("LLVMFuzzerTestOneInput")
public func answerMatcherFuzz(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: count), as: UTF8.self)
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let input = lines[0]
    let options = Array(lines.dropFirst().prefix(8))
    let matcher = AnswerMatcher(options: options)
    switch matcher.match(input) {
    case .option(let index):
        precondition(options.indices.contains(index), "option \(index) of \(options.count)")
    case .ambiguous(let indices):
        precondition(indices.count >= 2 && indices.allSatisfy(options.indices.contains), "ambiguous \(indices)")
    case .outOfRange, .none:
        break
    }
    for index in options.indices {
        precondition(matcher.match(String(index + 1)) == .option(index), "number \(index + 1) did not pick its option")
    }
    if isAccepted(input, by: options) {
        precondition(!options.isEmpty, "accepted with nothing to accept")
    }
    let key = answerKey(input)
    let question = Question(id: "q", prompt: "?", answers: .freeText(accepted: options), explanation: "", hints: [], xp: 1,
                            remedialNode: nil, wrongAnswers: [WrongAnswer(answers: options, feedback: nil)])
    let byKeys = !key.isEmpty && question.accepts(key: key)
    precondition(byKeys == isAccepted(input, by: options), "the loaded keys and isAccepted disagree")
    precondition(byKeys == (!key.isEmpty && question.wrongAnswers[0].keys.contains(key)), "wrong-answer keys disagree")
    return 0
}
