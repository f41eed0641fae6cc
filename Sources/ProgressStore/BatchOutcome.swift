/// What became of a batch of writes handed to ``ProgressStorage/recordUnlessHeld(_:)``, by
/// the writes' indices in it. Every write not named here was committed.
public struct BatchOutcome: Sendable, Equatable {
    /// Writes refused by their precondition (nothing of them was applied).
    public var refused: Set<Int>
    /// Writes left out because another session held their learner's rows: nothing of them was
    /// applied or checked, and they are to be recorded again later, in their order.
    public var held: Set<Int>

    public init(refused: Set<Int> = [], held: Set<Int> = []) {
        self.refused = refused
        self.held = held
    }
}
