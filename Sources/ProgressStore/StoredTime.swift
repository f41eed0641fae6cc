import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Times as the store writes them, formatted with the C library instead of Foundation's
/// `DateFormatter` and `Calendar`, which took a fifth of the committing thread's time when
/// every answer formatted its date (docs/benchmarks.md, *Against Redis and MPD*).
enum StoredTime {
    /// A date in GRDB's own text format for `Date` ("yyyy-MM-dd HH:mm:ss.SSS", UTC, rounded
    /// to the millisecond as its formatter does), so a row written with it reads back as the
    /// same `Date` a `Date` argument would have stored (the tests compare the two).
    static func text(_ date: Date) -> String {
        let milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded())
        var seconds = time_t(milliseconds.quotientRoundingDown(by: 1000))
        let fraction = Int(milliseconds - Int64(seconds) * 1000)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        return format([(Int(parts.tm_year) + 1900, 4, UInt8(ascii: "-")), (Int(parts.tm_mon) + 1, 2, UInt8(ascii: "-")), (Int(parts.tm_mday), 2, UInt8(ascii: " ")),
                       (Int(parts.tm_hour), 2, UInt8(ascii: ":")), (Int(parts.tm_min), 2, UInt8(ascii: ":")), (Int(parts.tm_sec), 2, UInt8(ascii: ".")), (fraction, 3, nil)])
    }

    /// The date as stored: rounded to the millisecond, as ``text(_:)`` writes it, so every
    /// store gives back the same `Date` for the same write.
    static func rounded(_ date: Date) -> Date {
        Date(timeIntervalSince1970: (date.timeIntervalSince1970 * 1000).rounded() / 1000)
    }

    /// The local calendar day a date falls on ("yyyy-MM-dd"), as study days are kept.
    static func day(_ date: Date) -> String {
        var seconds = time_t(Int64(date.timeIntervalSince1970.rounded(.down)))
        var parts = tm()
        localtime_r(&seconds, &parts)
        return format([(Int(parts.tm_year) + 1900, 4, UInt8(ascii: "-")), (Int(parts.tm_mon) + 1, 2, UInt8(ascii: "-")), (Int(parts.tm_mday), 2, nil)])
    }

    /// Fields in decimal, each zero-padded to its width (a wider value keeps all its digits)
    /// and followed by its separator, written straight into the string's storage: every
    /// write formats its time.
    private static func format(_ fields: [(value: Int, width: Int, separator: UInt8?)]) -> String {
        var capacity = 0
        for field in fields { capacity += max(field.width, decimalCount(field.value)) + (field.separator == nil ? 0 : 1) }
        return String(unsafeUninitializedCapacity: capacity) { buffer in
            var end = 0
            for field in fields {
                let count = max(field.width, decimalCount(field.value))
                var value = abs(field.value)
                for index in stride(from: end + count - 1, through: end, by: -1) {
                    buffer[index] = UInt8(ascii: "0") + UInt8(value % 10)
                    value /= 10
                }
                if field.value < 0 { buffer[end] = UInt8(ascii: "-") }
                end += count
                if let separator = field.separator {
                    buffer[end] = separator
                    end += 1
                }
            }
            return end
        }
    }

    /// Digits of `value` in decimal, with its sign.
    private static func decimalCount(_ value: Int) -> Int {
        var count = value < 0 ? 2 : 1
        var rest = abs(value) / 10
        while rest > 0 {
            count += 1
            rest /= 10
        }
        return count
    }
}

private extension Int64 {
    /// Division that rounds toward minus infinity (dates before 1970 too).
    func quotientRoundingDown(by divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}
