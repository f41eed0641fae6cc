import Logging
import NIOConcurrencyHelpers
import ProgressStore
import Testing
@testable import TutorServer

/// Failures to save progress are logged as a change of state: once, then a count at the 10th,
/// 100th, ... failure, then once when saving works again (a full disk once wrote 10,052 lines
/// in 25 s, one per failed request).
@Suite struct SaveFailureLogTests {
    /// Keeps what is logged at notice level and above.
    final class Lines: Sendable {
        let lines = NIOLockedValueBox<[String]>([])

        var logger: Logger {
            Logger(label: "test") { _ in Handler(lines: self) }
        }

        struct Handler: LogHandler {
            let lines: Lines
            var metadata: Logger.Metadata = [:]
            var logLevel = Logger.Level.trace
            subscript(metadataKey key: String) -> Logger.Metadata.Value? {
                get { metadata[key] }
                set { metadata[key] = newValue }
            }
            func log(level: Logger.Level, message: Logger.Message, metadata: Logger.Metadata?, source: String, file: String,
                     function: String, line: UInt) {
                guard level >= .notice else { return }
                lines.lines.withLockedValue { $0.append("\(level) \(message)") }
            }
        }
    }

    private static let full = StoreError(.io, "disk full")

    @Test func aThousandFailuresAreFourLinesAndTheRecoveryOne() {
        let lines = Lines()
        let log = SaveFailureLog(logger: lines.logger)
        for _ in 0..<1000 { log.failed(Self.full, metadata: [:]) }
        log.succeeded()
        log.succeeded()
        #expect(lines.lines.withLockedValue { $0 } == [
            "error cannot save progress; further failures are counted, not logged one by one",
            "error 10 writes of progress have failed since the first",
            "error 100 writes of progress have failed since the first",
            "error 1000 writes of progress have failed since the first",
            "notice progress is saved again",
        ])
    }

    @Test func aFailureAfterARecoveryIsNewsAgain() {
        let lines = Lines()
        let log = SaveFailureLog(logger: lines.logger)
        log.failed(Self.full, metadata: [:])
        log.succeeded()
        log.failed(Self.full, metadata: [:])
        #expect(lines.lines.withLockedValue { $0 }.filter { $0.hasPrefix("error cannot save progress") }.count == 2)
    }

    @Test func anOutageTheStoreLogsItselfIsOnlyCounted() {
        let lines = Lines()
        let log = SaveFailureLog(logger: lines.logger)
        for _ in 0..<10 { log.failed(StoreError(.unavailable, "PostgreSQL cannot be reached"), metadata: [:]) }
        #expect(lines.lines.withLockedValue { $0 } == ["error 10 writes of progress have failed since the first"])
    }
}
