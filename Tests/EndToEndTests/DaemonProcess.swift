import Foundation
import LineProtocol
import Testing
import TutorClient
#if canImport(Glibc)
import Glibc
#endif

/// The client the end-to-end tests use: the shared one, with a receive timeout so a test
/// fails instead of hanging, and no check of who serves (some tests run tutord as `nobody`).
typealias TestClient = LineConnection

func testClient(_ path: String, readGreeting: Bool = true) throws -> TestClient {
    try LineConnection(path: path, receiveTimeout: 10, readGreeting: readGreeting)
}

/// A real `tutord` process on a temporary socket, with its own copy of Dialogues/ and its own
/// state directory, for end-to-end tests (started and watched by the shared `LaunchedDaemon`).
final class DaemonProcess {
    let directory: String
    let socketPath: String
    let dialogues: String
    private let launched: LaunchedDaemon
    /// Where the daemon keeps tutord.sqlite.
    var stateDirectory: String { directory + "/state" }
    var process: Process { launched.process }

    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The built `tutord` (`make test` builds it before running the tests).
    static var binary: String {
        if let path = ProcessInfo.processInfo.environment["TUTORD_BIN"] { return path }
        return packageRoot.appendingPathComponent(".build/debug/tutord").path
    }

    /// Starts a daemon with its own socket and a copy of Dialogues/; extra arguments follow.
    /// `wrapper` is a command that runs the daemon, such as `prlimit --fsize=...`.
    init(arguments: [String] = [], environment: [String: String] = [:], wrapper: [String] = [], start: Bool = true) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("tutord-e2e-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        socketPath = directory + "/tutord.sock"
        dialogues = directory + "/dialogues"
        try FileManager.default.createDirectory(atPath: dialogues, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            atPath: Self.packageRoot.appendingPathComponent("Dialogues/cpython-internals.dialogue").path,
            toPath: dialogues + "/cpython-internals.dialogue")
        let daemonArguments = ["--socket", socketPath, "--dialogues", dialogues, "--state-dir", directory + "/state",
                               "--log-level", "debug"] + arguments
        launched = try LaunchedDaemon(binary: Self.binary, arguments: daemonArguments, environment: environment,
                                      wrapper: wrapper, notifySocket: directory + "/notify.sock")
        if start { try self.start() }
    }

    func start() throws { try launched.start() }
    func restart() throws { try launched.restart() }
    /// Restarts with `variables` set (on top of the ones it was started with), such as a new
    /// `TUTORD_NOW`.
    func restart(setting variables: [String: String]) throws {
        launched.environment.merge(variables) { $1 }
        try launched.restart()
    }
    func kill9() { launched.kill9() }
    func signal(_ number: Int32) { launched.signal(number) }
    func stop() -> Int32 { launched.stop() }
    func stderrText() -> String { launched.stderrText() }
    func residentKiB() -> Int { launched.residentKiB() }
    /// The most memory the daemon has held so far (VmHWM): what one request cost at its peak,
    /// though the memory was freed before the reply.
    func peakResidentKiB() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }) else { return 0 }
        return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
    }

    @discardableResult
    func waitFor(_ state: String, from other: Process? = nil) throws -> String {
        try launched.waitFor(state, from: other)
    }

    /// Drops the notifications received so far: the next ``waitFor(_:from:)`` sees a new one.
    func discardNotifications() { launched.discardNotifications() }

    func waitForFirst(of states: [String]) throws -> String {
        try launched.waitForFirst(of: states).state
    }

    /// Adds a one-lesson course `tiny` (quiz `q1`, right answer 2) to the daemon's courses;
    /// before ``start()``, or followed by a reload.
    func addTinyCourse(lessonTitle: String = "One", beat: String = "A beat.") throws {
        try """
            course tiny
            title: Tiny
            level: beginner
            summary: One lesson.

            lesson one
            title: \(lessonTitle)
            > \(beat)
            question q1
            ask: Pick b.
            - a
            + b
            explain: Because b.
            hint: Not a.
            takeaway: Remember one.
            """.write(toFile: dialogues + "/tiny.dialogue", atomically: true, encoding: .utf8)
    }

    func connect() throws -> TestClient {
        try testClient(socketPath)
    }

    deinit {
        launched.kill9IfRunning()
        try? FileManager.default.removeItem(atPath: directory)
    }
}

struct DaemonError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Runs this build's `tutord` with `arguments` to completion: its exit status and its
/// output (stdout and stderr together).
func runTutord(_ arguments: [String]) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: DaemonProcess.binary)
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}

/// Goes on from the current step to the next open quiz, declining detours and skipping
/// exercises; fails rather than walking for ever when none comes (a connection with no course,
/// a course at its end).
@discardableResult
func untilQuiz(_ client: TestClient) throws -> Reply {
    var reply = try client.request("")
    for _ in 0..<100 where reply.expectation != .answer {
        reply = try client.request(reply.expectation == .choice ? "no" : reply.expectation == .exercise ? "skip" : "")
    }
    try #require(reply.expectation == .answer, "no quiz reached: \(reply.lines)")
    return reply
}

/// Walks a fresh learner to lesson 1's quiz of the CPython course and answers it wrong, then
/// right (5 XP).
func answerLessonOne(_ client: TestClient) throws {
    _ = try client.request("start cpython-internals")
    try untilQuiz(client)
    #expect(try client.request("1").turns.contains(.verdict(.incorrect)))
    #expect(try client.request("2").turns.contains(.xp(gained: 5, total: 5)))
}
