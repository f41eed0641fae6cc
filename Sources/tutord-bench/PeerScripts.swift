/// Redis's inline protocol, as `compare` speaks it: `PING` (answered `+PONG`) or `SET` of the
/// connection's own key (answered `+OK`). Every reply is one line (`+`, `-` or `:`).
struct RedisScript: RequestScript {
    enum Command { case ping, set }
    let command: Command
    let key: String
    private var counter = 0
    private(set) var lastWasError = false

    init(_ command: Command, connection: Int) {
        self.command = command
        self.key = "bench:\(connection)"
    }

    var expectsGreeting: Bool { false }
    var lastWasAcknowledged: Bool { command == .set && !lastWasError }

    mutating func feed(_ line: Substring) -> Bool {
        lastWasError = line.first == "-"
        return true
    }

    mutating func next() -> (line: String, measured: Bool) {
        switch command {
        case .ping: return ("PING", true)
        case .set:
            counter += 1
            return ("SET \(key) \(counter)", true)
        }
    }
}

/// MPD's protocol: greeted with `OK MPD <version>`; `ping` is answered `OK` (`ACK ...` for an
/// error).
struct MPDScript: RequestScript {
    private(set) var lastWasError = false

    var expectsGreeting: Bool { true }
    var lastWasAcknowledged: Bool { false }

    mutating func feed(_ line: Substring) -> Bool {
        if line == "OK" { lastWasError = false; return true }
        if line.hasPrefix("ACK ") { lastWasError = true; return true }
        return false
    }

    mutating func next() -> (line: String, measured: Bool) { ("ping", true) }
}
