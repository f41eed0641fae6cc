import Foundation

/// Consecutive study days ending today (or yesterday, if not yet today): one learner's, or
/// each of a class's from one read.
enum StudyStreak {
    /// `days` as the store keeps them (`YYYY-MM-DD`, the daemon's time zone).
    static func length(_ days: Set<String>, today: Date) -> Int {
        let calendar = Calendar(identifier: .gregorian)
        var day = today
        if !days.contains(StoredTime.day(day)) {
            day = calendar.date(byAdding: .day, value: -1, to: day) ?? day
        }
        var count = 0
        while days.contains(StoredTime.day(day)) {
            count += 1
            day = calendar.date(byAdding: .day, value: -1, to: day) ?? day
        }
        return count
    }
}
