/// The line the daemon greets every connection with, `OK tutord <version>`, and the protocol
/// version this build speaks: one definition for the daemon and every client, as tmux's client
/// and server share one protocol header.
public enum Greeting {
    /// The protocol version this build speaks (docs/protocol.md's title says the same).
    public static let version = 1
    /// The greeting, without its newline.
    public static let text = "OK tutord \(version)"

    /// Why a client that speaks ``version`` must not go on after `line`, or `nil` when it may:
    /// a daemon of a newer protocol, or something that is not tutord at all. An `ERR` line (the
    /// daemon is at its connection limit) is not a greeting problem: it is the reply to read.
    public static func problem(with line: String) -> String? {
        if line.hasPrefix("ERR ") { return nil }
        let words = line.split(separator: " ")
        guard words.count == 3, words[0] == "OK", words[1] == "tutord", let spoken = Int(words[2]) else {
            return "the socket's server is not tutord: it greeted with `\(line.prefix(80))`"
        }
        guard spoken <= version else {
            return "tutord speaks protocol \(spoken), newer than the \(version) this client speaks: use the tutor (or script) from the same release as the daemon"
        }
        return nil
    }
}
