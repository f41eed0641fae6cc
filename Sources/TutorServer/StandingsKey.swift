/// Which board a ``Standings`` reading is of: a course's or every course's, of all time or
/// of the last seven days. (Only a classroom's boards are cached, and a classroom's boards
/// rank the whole class, so the key names no user.)
struct StandingsKey: Hashable, Sendable {
    /// `nil`: every course.
    var course: String?
    /// The last seven days' XP, rather than all of it.
    var week: Bool
}
