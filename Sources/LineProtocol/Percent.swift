/// `part` of `whole` in whole percent, rounded to the nearest (2 of 3 is 67 %), and 0 when
/// `whole` is 0: the one rounding every figure a learner or teacher sees uses.
///
/// Precondition: `0 <= part` and `0 <= whole`.
public func percent(_ part: Int, of whole: Int) -> Int {
    whole == 0 ? 0 : (part * 200 + whole) / (whole * 2)
}
