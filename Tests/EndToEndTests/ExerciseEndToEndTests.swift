import Foundation
import LineProtocol
import TestPostgres
import TestThreads
import Testing

/// Exercises through a real daemon, as a client sends them: the exercise is shown and left
/// open, `checks` gives the checks and how to run them, the learner's own runs are judged
/// (`checked`), `solution`, a pass after it earns nothing, report and leaderboard tell
/// exercise XP apart, a restart resumes at the exercise, and a window that moved on cannot
/// report a run of the exercise it no longer shows; reported runs meet the write limits, and
/// `migrate-store` copies them whole.
@Suite(.serialized, .blockingThreads) struct ExerciseEndToEndTests {
    static let courseText = """
        course ex
        title: Ex
        level: beginner
        summary: One exercise.

        lesson one
        title: One
        > A beat.
        exercise double
        task: Write `double(x)`, which returns twice `x`.
        file: double.py
        starter:
        ```python
        def double(x):
            ...
        ```
        check: double(2) is 4
        ```python
        assert double(2) == 4
        ```
        check: it prints 4
        ```output
        4
        ```
        hint: Multiply.
        hint: By two.
        solution:
        ```python
        def double(x):
            return 2 * x
        ```
        explain: Twice is two times.
        takeaway: Remember doubling.
        question q1
        ask: Pick b.
        - a
        + b
        explain: Because b.
        hint: Not a.
        """

    static func daemon(_ arguments: [String] = [], environment: [String: String] = [:]) throws -> DaemonProcess {
        let daemon = try DaemonProcess(arguments: arguments, environment: environment, start: false)
        try courseText.write(toFile: daemon.dialogues + "/ex.dialogue", atomically: true, encoding: .utf8)
        try daemon.start()
        return daemon
    }

    /// Text replies do not carry a code block's language.
    static let solution = Turn.code(language: nil, lines: ["def double(x):", "    return 2 * x"])

    /// Opens the course as `profile` and goes on to the exercise.
    static func atTheExercise(_ client: TestClient, profile: String) throws {
        _ = try client.request("learner \(profile)")
        _ = try client.request("start ex")
        let shown = try client.request("")
        #expect(shown.turns.contains(.exercise(id: "double", file: "double.py", task: "Write `double(x)`, which returns twice `x`.")))
        #expect(shown.openExercise == "double", "\(shown.lines)")
    }

    @Test func checksFailuresSolutionReportAndResume() throws {
        let daemon = try Self.daemon()
        let client = try daemon.connect()
        try Self.atTheExercise(client, profile: "home")
        // Enter does not move on from an open exercise.
        #expect(try client.request("").openExercise == "double")

        let checks = try client.request("checks double")
        #expect(checks.status == .ok)
        #expect(checks.payloads == [
            .check(number: 1, total: 2, kind: .python, message: "double(2) is 4"), .turn(.code(language: nil, lines: ["assert double(2) == 4"])),
            .check(number: 2, total: 2, kind: .output, message: "it prints 4"), .turn(.code(language: nil, lines: ["4"])),
            .runner(language: "python", file: "double.py"),
        ])
        #expect(try client.request("checks nosuch").status.errorCode == .unknownExercise)
        #expect(try client.request("checked double 3 2").status.errorCode == .badArgument)
        #expect(try client.request("checked double 1 3").status.errorCode == .badArgument)
        #expect(try client.request("checked double two 2").status.errorCode == .badArgument)
        #expect(try client.request("checked double +2 2").status.errorCode == .badArgument)
        #expect(try client.request("checked double 2 +2").status.errorCode == .badArgument)

        let early = try client.request("solution")
        #expect(!early.turns.contains(Self.solution))
        let first = try client.request("checked double 1 2")
        #expect(first.turns.contains(.verdict(.incorrect)))
        #expect(first.turns.contains(.hint(number: 1, total: 2, text: "Multiply.")))
        #expect(first.openExercise == "double")
        let second = try client.request("checked double 0 2")
        #expect(second.turns.contains(.hint(number: 2, total: 2, text: "By two.")))
        let solution = try client.request("solution")
        #expect(solution.turns.contains(Self.solution) && solution.turns.contains(.explanation("Twice is two times.")))
        let pass = try client.request("checked double 2 2")
        #expect(pass.turns.contains(.verdict(.correct)))
        #expect(pass.turns.contains(.xp(gained: 0, total: 0)), "no XP after the solution: \(pass.lines)")
        #expect(pass.expectation == .continue)
        // Passed: a run reported again is refused as such, whatever its total.
        for again in ["checked double 2 2", "checked double 3 3"] {
            let late = try client.request(again)
            #expect(late.status.errorCode == .stale, "\(late.lines)")
            #expect(late.statusLine.contains("is passed already"), "\(late.statusLine)")
        }

        // Another skips it (and the daemon restarts before Enter).
        try Self.atTheExercise(client, profile: "skipper")
        #expect(try client.request("skip").openExercise == nil)

        // Another profile passes at the first run: 20 XP, all from the exercise.
        try Self.atTheExercise(client, profile: "work")
        #expect(try client.request("checked double 2 2").turns.contains(.xp(gained: 20, total: 20)))

        // A third fails once, and the daemon restarts.
        try Self.atTheExercise(client, profile: "third")
        _ = try client.request("checked double 1 2")

        let user = NSUserName()
        let report = try client.request("report ex")
        #expect(report.payloads.contains { if case .report(let row) = $0 { row.learner == "\(user)/work" && row.xp == 20 && row.exerciseXP == 20 } else { false } },
                "\(report.lines)")
        #expect(report.payloads.contains { if case .report(let row) = $0 { row.learner == "\(user)/home" && row.exerciseXP == 0 } else { false } })
        // The exercise is no quiz question: nobody has tried one.
        #expect(report.payloads.allSatisfy { if case .report(let row) = $0 { row.tried == 0 } else { true } })
        #expect(try client.request("report ex csv").values("csv").contains { $0.hasPrefix("\(user)/work,20,") && $0.hasSuffix(",20") })
        let board = try client.request("leaderboard ex")
        #expect(board.values("rank").contains { $0.hasPrefix("1 xp 20 lessons 0 streak 1 exercise-xp 20") }, "\(board.lines)")

        #expect(daemon.stop() == 0)
        try daemon.restart()
        let again = try daemon.connect()
        // The pass after the solution and the skip are kept: each resumes past its exercise.
        for profile in ["home", "skipper"] {
            _ = try again.request("learner \(profile)")
            let back = try again.request("resume")
            #expect(back.openExercise == nil, "\(profile): \(back.lines)")
            #expect(back.expectation == .continue, "\(profile): \(back.lines)")
        }
        _ = try again.request("learner third")
        let resumed = try again.request("resume")
        #expect(resumed.openExercise == "double", "\(resumed.lines)")
        #expect(resumed.turns.contains(.hint(number: 1, total: 2, text: "Multiply.")))
        // Its failure is remembered: a second one opens the solution.
        let failed = try again.request("checked double 0 2")
        #expect(failed.turns.contains(.hint(number: 2, total: 2, text: "By two.")))
        #expect(try again.request("solution").turns.contains(Self.solution))
    }

    @Test func aWindowThatMovedOnMakesAnOlderWindowsReportStale() throws {
        let daemon = try Self.daemon()
        let window = try daemon.connect()
        try Self.atTheExercise(window, profile: "two")
        let other = try daemon.connect()
        _ = try other.request("learner two")
        _ = try other.request("start ex")
        let skipped = try other.request("skip")  // on to the takeaway at once
        #expect(skipped.expectation == .continue && skipped.turns.contains(.takeaway("Remember doubling.")), "\(skipped.lines)")

        // Stale before its total is judged: a total from another version is no bad argument
        // when the exercise is not open anyway.
        #expect(try window.request("checked double 3 3").status.errorCode == .stale)
        let late = try window.request("checked double 2 2")
        #expect(late.status.errorCode == .stale, "\(late.lines)")
        #expect(!late.turns.contains(.verdict(.correct)))
        #expect(late.turns.contains(.takeaway("Remember doubling.")), "the current step is shown: \(late.lines)")
        // Nothing was recorded: no XP, and no answer row in the export.
        #expect(try window.request("progress").values("progress").first?.contains("xp 0 ") == true)
        let export = try window.request("export").values("export").joined()
        #expect(export.contains("\"answers\":[]"), "\(export)")
    }

    /// A reported run is a write like an answer: the learner's write limits apply to it, and a
    /// refused one records nothing. (The clock stands still, so the bucket never refills.)
    @Test func reportedRunsAreHeldToTheWriteLimits() throws {
        let daemon = try Self.daemon(["--answer-burst", "2", "--max-answers-per-minute", "1"],
                                     environment: ["TUTORD_NOW": "2026-12-01T09:00:00Z"])
        let client = try daemon.connect()
        try Self.atTheExercise(client, profile: "flood")
        #expect(try client.request("checked double 0 2").turns.contains(.verdict(.incorrect)))
        #expect(try client.request("checked double 1 2").turns.contains(.verdict(.incorrect)))
        let refused = try client.request("checked double 2 2")
        #expect(refused.status.errorCode == .rateLimited, "\(refused.lines) \(refused.statusLine)")
        #expect(!refused.turns.contains(.verdict(.correct)))
        let export = try client.request("export").values("export").joined()
        #expect(export.components(separatedBy: "\"given\":").count - 1 == 2, "two runs stored: \(export)")
        #expect(!export.contains("\"given\":\"2/2\""), "\(export)")
    }

    /// `tutord migrate-store` copies an exercise's rows whole: its runs (self-reported), its
    /// hints seen; the database's export is the file's, and a daemon on it resumes there.
    @Test func migrateStoreCopiesExerciseRows() throws {
        let server = PostgresServer.shared
        let address = server.address(of: try server.makeDatabase())
        let local = try Self.daemon()
        let client = try local.connect()
        try Self.atTheExercise(client, profile: "moving")
        _ = try client.request("checked double 1 2")
        #expect(local.stop() == 0)
        let file = "sqlite:" + local.stateDirectory + "/tutord.sqlite"
        let copy = try runTutord(["migrate-store", "--from", file, "--to", address])
        #expect(copy.status == 0, "\(copy.output)")
        let learner = "\(NSUserName())/moving"
        let fromFile = try runTutord(["export", "--database", file, "--learner", learner])
        let fromDatabase = try runTutord(["export", "--database", address, "--learner", learner])
        #expect(fromFile.output.contains("\"hints_seen\":1,\"kind\":\"exercise\""), "\(fromFile.output)")
        #expect(fromFile.output.contains("\"self_reported\":true"))
        #expect(fromDatabase.output == fromFile.output)
        let shared = try Self.daemon(["--database", address])
        let resumed = try shared.connect()
        _ = try resumed.request("learner moving")
        #expect(try resumed.request("resume").turns.contains(.hint(number: 1, total: 2, text: "Multiply.")))
    }
}

extension ReplyStatus {
    /// The error's code, if the reply is an error.
    var errorCode: ErrorCode? {
        if case .error(let error) = self { error.code } else { nil }
    }
}
