/// How one check of an exercise tests the learner's file (`check:` lines of `checks`).
public enum CheckKind: String, Sendable, CaseIterable {
    /// Python run after the learner's file, in its namespace; it passes when it raises nothing.
    case python
    /// What running the learner's file must print, line for line.
    case output
}
