/// A count and its noun, the noun in the plural unless the count is one: `1 lesson`,
/// `10 lessons`, `0 checks`. For nouns whose plural adds an `s`, which are all we say.
public func counted(_ count: Int, _ noun: String) -> String {
    "\(count) \(noun)\(count == 1 ? "" : "s")"
}
