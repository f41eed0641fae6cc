import Foundation
import GRDB
import Testing
@testable import ProgressStore

/// The store formats its times itself (for speed); they must be exactly what GRDB and
/// Foundation would have written, or stored rows would change meaning.
@Suite struct StoredTimeTests {
    /// Dates from 1970 to 2100 with fractional seconds, and the edges of a second.
    static let dates: [Date] = {
        var generator = SystemRandomNumberGenerator()
        var dates = (0..<5000).map { _ in Date(timeIntervalSince1970: Double.random(in: 0..<4_102_444_800, using: &generator)) }
        for base in [0.0, 1_764_115_200, 1_798_761_599, 951_782_400] {  // 1970, 2025-11-26, a new year's eve, 2000-02-29
            for offset in [0, 0.0004, 0.0005, 0.001, 0.999, 0.9994, 0.9995, 0.9999, 1] {
                dates.append(Date(timeIntervalSince1970: base + offset))
            }
        }
        return dates
    }()

    @Test func textIsGRDBsOwnDateFormat() {
        for date in Self.dates {
            guard case .string(let grdb) = date.databaseValue.storage else {
                Issue.record("GRDB stores Date as something other than text")
                return
            }
            #expect(StoredTime.text(date) == grdb, "\(date.timeIntervalSince1970)")
        }
    }

    @Test func textReadsBackAsTheSameDateAsGRDBs() {
        for date in Self.dates.prefix(200) {
            #expect(Date.fromDatabaseValue(StoredTime.text(date).databaseValue) == Date.fromDatabaseValue(date.databaseValue))
        }
    }

    @Test func dayIsTheLocalCalendarDay() {
        let calendar = Calendar(identifier: .gregorian)
        for date in Self.dates {
            let parts = calendar.dateComponents([.year, .month, .day], from: date)
            let expected = String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
            #expect(StoredTime.day(date) == expected, "\(date.timeIntervalSince1970)")
        }
    }
}
