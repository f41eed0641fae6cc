#if canImport(Glibc)
import Glibc
#endif
import LineProtocol
import Logging

/// Logs one line per event to standard error. When standard error is the journal
/// (`JOURNAL_STREAM` is set), each line starts with the syslog priority `<N>` so journald
/// records the level; otherwise lines carry a time stamp and the level in words.
public struct JournalLogHandler: LogHandler {
    public var logLevel: Logger.Level
    public var metadata: Logger.Metadata = [:]
    private let label: String
    private let toJournal: Bool

    public init(label: String, level: Logger.Level, environment: [String: String]) {
        self.label = label
        self.logLevel = level
        self.toJournal = !(environment["JOURNAL_STREAM"] ?? "").isEmpty
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var all = metadata
        if let extra = event.metadata { all.merge(extra) { $1 } }
        let details = all.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        let message = (details.isEmpty ? "\(event.message)" : "\(event.message) \(details)")
            .replacingControlCharacters()
        let line: String
        if toJournal {
            line = "<\(Self.priority(event.level))>\(message)\n"
        } else {
            line = "\(Self.timestamp()) \(event.level.rawValue) \(label): \(message)\n"
        }
        // One write(2) per line, so lines from different threads never interleave.
        var bytes = Array(line.utf8)
        _ = bytes.withUnsafeMutableBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
    }

    /// syslog priorities (sd-daemon.h).
    static func priority(_ level: Logger.Level) -> Int {
        switch level {
        case .trace, .debug: 7
        case .info: 6
        case .notice: 5
        case .warning: 4
        case .error: 3
        case .critical: 2
        }
    }

    private static func timestamp() -> String {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        var parts = tm()
        var seconds = now.tv_sec
        gmtime_r(&seconds, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))Z"
    }
}

extension String {
    /// One log line per event: newlines and other controls (C1 included) in messages become
    /// spaces, so nothing in a log line can move a terminal's cursor.
    func replacingControlCharacters() -> String {
        ControlCharacters.replacing(in: self, with: " ")
    }
}
