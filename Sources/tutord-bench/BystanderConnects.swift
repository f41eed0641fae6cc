import Foundation
import TutorClient

/// A student who connects again and again while others flood (`standings`), and what each
/// connection took: the socket's connect, then the greeting (the daemon greets once it knows
/// who connected: the identification), then the reply to a first `start` (which reads the
/// learner's progress from the store).
struct BystanderConnects {
    var connect: [Double] = []
    var greeting: [Double] = []
    var answer: [Double] = []

    /// Connects `count` times one after another, and for at least `seconds`.
    static func measure(socket: String, count: Int, seconds: Double, request: String) throws -> BystanderConnects {
        var times = BystanderConnects()
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        while times.answer.count < count || ContinuousClock.now < deadline {
            let start = ContinuousClock.now
            // A stalled daemon shows as a long time; only one stalled for minutes fails the run.
            let connection = try LineConnection(path: socket, receiveTimeout: 300, readGreeting: false)
            let connected = ContinuousClock.now
            guard let greeting = try connection.readLine(), greeting.hasPrefix("OK tutord") else {
                throw BenchError("the bystander was not greeted")
            }
            let greeted = ContinuousClock.now
            guard try connection.request(request).status == .ok else { throw BenchError("the bystander's `\(request)` failed") }
            let answered = ContinuousClock.now
            times.connect.append(milliseconds(connected - start))
            times.greeting.append(milliseconds(greeted - start))
            times.answer.append(milliseconds(answered - greeted))
        }
        return times
    }

    /// `connect p50 … p99 … max …; greeting …; first answer …`, in milliseconds.
    var summary: String {
        func line(_ name: String, _ values: [Double]) -> String {
            let sorted = values.sorted()
            func at(_ q: Double) -> Double { sorted.isEmpty ? .nan : sorted[min(sorted.count - 1, Int(Double(sorted.count) * q))] }
            return String(format: "%@ p50 %.2f p99 %.2f max %.2f ms", name, at(0.5), at(0.99), sorted.last ?? .nan)
        }
        return "\(answer.count) connections; " + [line("connect", connect), line("greeting", greeting), line("first answer", answer)].joined(separator: "; ")
    }
}
