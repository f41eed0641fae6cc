extension String {
    /// Without the whitespace at either end (Foundation's trimming, for the modules that do
    /// without Foundation).
    public func trimmingSpaces() -> String {
        var slice = Substring(self)
        while slice.first?.isWhitespace == true { slice.removeFirst() }
        while slice.last?.isWhitespace == true { slice.removeLast() }
        return String(slice)
    }
}
