import Synchronization

/// A statement of the store algorithms, written once for both stores with `?` placeholders
/// (PostgreSQL's `$1, $2, …` are made from them once, in ``numbered``), and its slot among
/// the statements SQLite's writer keeps prepared (``WriteStatements``).
///
/// Declare each one once (in ``StoreStatements`` or as a `static let`): every value made
/// takes a new slot.
struct StoreSQL: Sendable {
    let text: String
    /// The text with PostgreSQL's numbered placeholders. No statement has a `?` in a literal.
    let numbered: String
    let slot: Int

    private static let slots = Atomic<Int>(0)

    init(_ text: String) {
        self.text = text
        var numbered = ""
        var count = 0
        for character in text {
            if character == "?" {
                count += 1
                numbered += "$\(count)"
            } else {
                numbered.append(character)
            }
        }
        self.numbered = numbered
        slot = Self.slots.add(1, ordering: .relaxed).oldValue
    }
}
