import Foundation
import LineProtocol
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
        return TextBuilder.build(capacity: 7 * TextBuilder.integerCapacity + 6) { text in
            append(date: parts, to: &text)
            text.append(" ")
            text.append(Int(parts.tm_hour), width: 2)
            text.append(":")
            text.append(Int(parts.tm_min), width: 2)
            text.append(":")
            text.append(Int(parts.tm_sec), width: 2)
            text.append(".")
            text.append(fraction, width: 3)
        }
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
        return TextBuilder.build(capacity: 3 * TextBuilder.integerCapacity + 2) { append(date: parts, to: &$0) }
    }

    /// "yyyy-MM-dd" (each field zero-padded; a longer value keeps all its digits).
    private static func append(date parts: tm, to text: inout TextBuilder) {
        text.append(Int(parts.tm_year) + 1900, width: 4)
        text.append("-")
        text.append(Int(parts.tm_mon) + 1, width: 2)
        text.append("-")
        text.append(Int(parts.tm_mday), width: 2)
    }
}

private extension Int64 {
    /// Division that rounds toward minus infinity (dates before 1970 too).
    func quotientRoundingDown(by divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}
