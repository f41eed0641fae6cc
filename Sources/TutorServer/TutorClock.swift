import Foundation

/// The daemon's one clock: every time a request needs (the conversation's time, the date of
/// a stored write, the study day, what is due for review) is read from here.
///
/// Normally the system clock. `TUTORD_NOW` fixes it at one instant, for tests and demos of
/// spaced review (docs/protocol.md, *Time*): the clock then stands still there.
public struct TutorClock: Sendable {
    private let fixed: Date?

    public static let system = TutorClock(fixed: nil)

    /// A clock that always says `date`.
    public static func fixed(at date: Date) -> TutorClock {
        TutorClock(fixed: date)
    }

    private init(fixed: Date?) {
        self.fixed = fixed
    }

    public func now() -> Date {
        fixed ?? Date()
    }

    /// Whether the clock stands still (`TUTORD_NOW`).
    public var isFixed: Bool { fixed != nil }

    /// The clock `TUTORD_NOW` asks for, or the system clock when it is unset or empty.
    ///
    /// - Throws: a message naming the variable when its value is not an ISO 8601 time with a
    ///   zone (`2026-12-24T09:00:00Z`, `2026-12-24T10:00:00+01:00`).
    public static func fromEnvironment(_ environment: [String: String]) throws(ClockError) -> TutorClock {
        guard let value = environment["TUTORD_NOW"], !value.isEmpty else { return .system }
        let formatter = ISO8601DateFormatter()
        if let date = formatter.date(from: value) { return .fixed(at: date) }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: value) { return .fixed(at: date) }
        throw ClockError(description: "TUTORD_NOW=\(value) is not an ISO 8601 time with a zone, such as 2026-12-24T09:00:00Z")
    }

    public struct ClockError: Error, CustomStringConvertible {
        public var description: String
    }
}
