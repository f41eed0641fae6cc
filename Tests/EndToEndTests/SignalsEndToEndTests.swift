import TutorClient
import Foundation
import LineProtocol
import TestThreads
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Start-up, reload and shutdown of the real process.
@Suite(.serialized, .blockingThreads) struct SignalsEndToEndTests {
    @Test func sigtermFinishesRepliesRemovesTheSocketAndExitsZero() throws {
        let daemon = try DaemonProcess()
        let client = try daemon.connect()
        _ = try client.request("start cpython-internals")
        try client.send("lessons\n")
        #expect(try client.readReply().values("toc").count == 12)
        daemon.signal(SIGTERM)
        #expect(try client.readToEnd().isEmpty)  // closed cleanly, nothing half-sent
        #expect(daemon.stop() == 0)
        #expect(!FileManager.default.fileExists(atPath: daemon.socketPath))
        let log = daemon.stderrText()
        #expect(log.contains("stopped"))
        #expect(!log.contains("ERROR"), "\(log)")  // e.g. NIO complaining about work after shutdown
    }

    /// SIGTERM while a client has hundreds of requests in flight, half of them steps that wait
    /// for a commit: what the daemon answers is whole replies (it answers what it read, then
    /// closes), every answered step is stored, and it exits 0.
    @Test func sigtermWithRequestsInFlightSendsOnlyWholeReplies() throws {
        let daemon = try DaemonProcess()
        let client = try daemon.connect()
        _ = try client.request("start cpython-internals")
        let requests = 400
        try client.send(String(repeating: "goto 2\nlessons\n", count: requests / 2))
        daemon.signal(SIGTERM)
        var reader = ReplyReader()
        var replies: [Reply] = []
        var partial = false
        // The end is end-of-file, or a reset: requests the daemon never read are still in its
        // socket when it closes, and the kernel then reports ECONNRESET after the last reply.
        while let line = try? client.readLine() {
            if let reply = reader.feed(line[...]) { replies.append(reply); partial = false } else { partial = true }
        }
        #expect(!partial, "the connection ended in the middle of a reply")
        #expect(replies.count <= requests)
        #expect(replies.allSatisfy { $0.status == .ok && $0.expectation != nil })
        #expect(daemon.stop() == 0)
        #expect(!daemon.stderrText().contains("ERROR"))
        // Every `goto 2` that was answered is stored: the learner is in lesson 2.
        if replies.contains(where: { $0.turns.contains(.lesson(number: 2, total: 12, id: nil, icon: "🧱", title: "The Object Model Underneath")) }) {
            try daemon.restart()
            let again = try daemon.connect()
            #expect(try again.request("resume").values("lesson") == ["2/12 🧱 The Object Model Underneath"])
        }
    }

    @Test func logsCarryJournalPrioritiesWhenStderrIsTheJournal() throws {
        let daemon = try DaemonProcess(environment: ["JOURNAL_STREAM": "8:12345"])
        #expect(daemon.stop() == 0)
        let lines = daemon.stderrText().split(separator: "\n")
        #expect(!lines.isEmpty)
        #expect(lines.allSatisfy { $0.hasPrefix("<") }, "\(lines)")
        #expect(lines.contains { $0.hasPrefix("<6>listening") })
    }

    @Test func logsAreTimestampedLinesOtherwise() throws {
        let daemon = try DaemonProcess()
        #expect(daemon.stop() == 0)
        let listening = daemon.stderrText().split(separator: "\n").first { $0.contains("listening") }
        #expect(listening?.contains(" info tutord: listening ") == true, "\(String(describing: listening))")
    }

    @Test func sigintStopsToo() throws {
        let daemon = try DaemonProcess()
        daemon.signal(SIGINT)
        #expect(daemon.stop() == 0)
        #expect(!FileManager.default.fileExists(atPath: daemon.socketPath))
    }

    @Test func sighupReloadsAGoodCourseAndKeepsTheOldOneWhenBroken() throws {
        let daemon = try DaemonProcess()
        let client = try daemon.connect()
        _ = try client.request("start cpython-internals")
        _ = try client.request("goto 2")
        let path = daemon.dialogues + "/cpython-internals.dialogue"
        let original = try String(contentsOfFile: path, encoding: .utf8)

        // A good edit: the new title shows after the reload.
        try original.replacingOccurrences(of: "title: CPython Internals & Advanced Metaprogramming", with: "title: CPython Internals, Revised")
            .write(toFile: path, atomically: true, encoding: .utf8)
        daemon.signal(SIGHUP)
        try daemon.waitFor("RELOADING=1")
        try daemon.waitFor("READY=1")
        #expect(try client.request("courses").values("course").first?.contains("CPython Internals, Revised") == true)

        // A broken edit: the course stays (the revised version), the conversation goes on.
        try "course cpython-internals\nthis is not a course\n".write(toFile: path, atomically: true, encoding: .utf8)
        daemon.signal(SIGHUP)
        try daemon.waitFor("READY=1")
        #expect(try client.request("courses").values("course").first?.contains("CPython Internals, Revised") == true)
        #expect(try client.request("").status == .ok)
        #expect(try client.request("start cpython-internals").values("lesson") == ["2/12 🧱 The Object Model Underneath"])
        #expect(daemon.stop() == 0)
        #expect(daemon.stderrText().contains("cpython-internals.dialogue:2:1: error: I do not understand this line"))
    }

    /// A storm of SIGHUPs (2.7 million in the attack) reloaded the courses each time, and every
    /// reload told every idle client `changed: courses`, so each asked for `courses` again. A
    /// reload of files that have not changed now does nothing anyone sees: no log line, no
    /// notification. Each SIGHUP here waits for its reload (READY=1), so every one is run.
    @Test func reloadsOfUnchangedFilesAnnounceNothing() throws {
        let daemon = try DaemonProcess()
        let watcher = try daemon.connect()
        try watcher.send("idle courses\n")
        for _ in 0..<20 {
            daemon.signal(SIGHUP)
            try daemon.waitFor("READY=1")
        }
        try watcher.send("noidle\n")
        let reply = try watcher.readReply()
        #expect(reply.lines.isEmpty && reply.status == .ok, "\(reply.lines)")
        // A real change is still loaded and announced, once.
        let path = daemon.dialogues + "/cpython-internals.dialogue"
        try String(contentsOfFile: path, encoding: .utf8)
            .replacingOccurrences(of: "title: CPython Internals & Advanced Metaprogramming", with: "title: CPython Internals, Revised")
            .write(toFile: path, atomically: true, encoding: .utf8)
        daemon.signal(SIGHUP)
        try daemon.waitFor("READY=1")
        #expect(try watcher.request("idle courses").values("changed") == ["courses"])
        #expect(daemon.stop() == 0)
        let loads = daemon.stderrText().components(separatedBy: "\n").filter { $0.contains("courses loaded") }
        #expect(loads.count == 2, "\(loads.count) loads: the start and the one change")
    }

    @Test func aConversationGoesOnWhenAReloadDropsItsCourse() throws {
        let daemon = try DaemonProcess()
        let client = try daemon.connect()
        _ = try client.request("start cpython-internals")
        try FileManager.default.removeItem(atPath: daemon.dialogues + "/cpython-internals.dialogue")
        daemon.signal(SIGHUP)
        try daemon.waitFor("READY=1")
        #expect(try client.request("courses").values("course").isEmpty)
        #expect(try client.request("").values("tutor").first?.hasPrefix("The GIL is a single lock") == true)
        #expect(try client.request("start cpython-internals").status.isError(.unknownCourse))
    }

    @Test func aLiveSocketIsNeverStolen() throws {
        let daemon = try DaemonProcess()
        let rival = Process()
        rival.executableURL = URL(fileURLWithPath: DaemonProcess.binary)
        rival.arguments = ["--socket", daemon.socketPath, "--dialogues", daemon.dialogues]
        let errors = Pipe()
        rival.standardError = errors
        try rival.run()
        rival.waitUntilExit()
        #expect(rival.terminationStatus != 0)
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(message.contains("a tutord is already running on \(daemon.socketPath)"))
        #expect(try daemon.connect().request("ping").status == .ok)
    }

    @Test func aStaleSocketIsReplaced() throws {
        let daemon = try DaemonProcess(start: false)
        // Leave a socket file behind with nobody listening, as a crashed daemon would.
        let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: Array(daemon.socketPath.utf8) + [0]) }
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        close(descriptor)
        #expect(FileManager.default.fileExists(atPath: daemon.socketPath))
        try daemon.start()
        #expect(try daemon.connect().request("ping").status == .ok)
    }

    @Test func aFileThatIsNotASocketIsRefused() throws {
        let daemon = try DaemonProcess(start: false)
        try "precious".write(toFile: daemon.socketPath, atomically: true, encoding: .utf8)
        #expect(throws: LaunchedDaemon.Failure.self) { try daemon.start() }
        #expect(try String(contentsOfFile: daemon.socketPath, encoding: .utf8) == "precious")
    }

    @Test func theSocketIsPrivate() throws {
        let daemon = try DaemonProcess()
        let attributes = try FileManager.default.attributesOfItem(atPath: daemon.socketPath)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
    }

    @Test func privateDirectoryWithoutXDGRuntimeDir() throws {
        let daemon = try DaemonProcess(start: false)
        let tmp = daemon.directory + "/tmp"
        try FileManager.default.createDirectory(atPath: tmp, withIntermediateDirectories: true)
        // With --socket the default path is not used; run `tutord` without it but with TMPDIR
        // irrelevant: the default is /tmp/tutord-$UID, checked for mode 0700.
        let run = Process()
        run.executableURL = URL(fileURLWithPath: DaemonProcess.binary)
        run.arguments = ["--dialogues", daemon.dialogues]
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "XDG_RUNTIME_DIR")
        run.environment = environment
        let directory = "/tmp/tutord-\(getuid())"
        let existed = FileManager.default.fileExists(atPath: directory)
        if !existed { try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: false) }
        chmod(directory, 0o755)
        let errors = Pipe()
        run.standardError = errors
        try run.run()
        run.waitUntilExit()
        chmod(directory, 0o700)
        if !existed { try? FileManager.default.removeItem(atPath: directory) }
        #expect(run.terminationStatus != 0)
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(message.contains("\(directory) is accessible by other users (mode 755); refusing to use it"))
    }

    @Test func checkSubcommandReportsAndExitsNonZero() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tutord-check-\(getpid())").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let broken = directory + "/broken.dialogue"
        try "course broken\ntitle: B\n".write(toFile: broken, atomically: true, encoding: .utf8)
        let good = DaemonProcess.packageRoot.appendingPathComponent("Dialogues/cpython-internals.dialogue").path
        let (status, output) = try runTutord(["check", good, broken])
        #expect(status == 1)
        #expect(output.contains("broken.dialogue:1:8: error: course `broken` has no `level:`"))
        #expect(output.contains("cpython-internals.dialogue: ok: course `cpython-internals`, 12 lessons"))
        #expect(try runTutord(["check", good]).status == 0)
        let version = try runTutord(["--version"])
        #expect(version.status == 0 && version.output.hasPrefix("0."))
        let help = try runTutord(["serve", "--help"])
        for option in ["--socket", "--dialogues", "--max-connections", "--max-line-bytes", "--log-level"] {
            #expect(help.output.contains(option))
        }
        // `tutord --help` lists the serving options too, since serving is what tutord does.
        let top = try runTutord(["--help"])
        for option in ["--socket", "--state-dir", "--max-connections", "--classroom", "--exit-when-idle"] {
            #expect(top.output.contains(option), "\(option) not in tutord --help")
        }
    }

    /// Two daemons on one state directory: the second refuses, whatever socket it was given.
    @Test func aSecondDaemonOnTheSameProgressIsRefused() throws {
        let first = try DaemonProcess()
        let (status, output) = try runTutord(["--socket", first.directory + "/other.sock", "--dialogues", first.dialogues,
                                              "--state-dir", first.stateDirectory])
        #expect(status == 1)
        #expect(output.contains("another tutord already keeps its progress in \(first.stateDirectory)"))
        #expect(try first.connect().request("ping").status == .ok)
    }

    /// `tutord export --learner` with nobody by that name says who is there and fails.
    @Test func exportOfAnUnknownLearnerNamesTheKnownOnes() throws {
        let daemon = try DaemonProcess()
        _ = try daemon.connect().request("start cpython-internals")
        #expect(daemon.stop() == 0)
        let missing = try runTutord(["export", "--learner", "nosuchuser", "--state-dir", daemon.stateDirectory])
        #expect(missing.status == 1)
        #expect(missing.output.contains("tutord: no learner nosuchuser in \(daemon.stateDirectory)/tutord.sqlite; its learners: \(NSUserName())"))
        let mine = try runTutord(["export", "--state-dir", daemon.stateDirectory])
        #expect(mine.status == 0 && mine.output.contains("\"course\":\"cpython-internals\""))
    }

}
