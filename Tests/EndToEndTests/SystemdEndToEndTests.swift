import Foundation
import LineProtocol
import TestThreads
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// tutord under systemd's protocols: socket activation (with the real
/// `systemd-socket-activate`) and sd_notify.
@Suite(.serialized, .blockingThreads) struct SystemdEndToEndTests {
    @Test func socketActivationIdleExitAndRestartWithProgressIntact() throws {
        let daemon = try DaemonProcess(start: false)  // for its directories and notify socket
        let activator = Process()
        activator.executableURL = URL(fileURLWithPath: "/usr/bin/systemd-socket-activate")
        activator.arguments = ["-l", daemon.socketPath, "-E", "NOTIFY_SOCKET=\(daemon.directory)/notify.sock",
                               "/usr/bin/env", "python3", DaemonProcess.packageRoot.appendingPathComponent("Tests/Shell/activate-loop.py").path,
                               DaemonProcess.binary, "--dialogues", daemon.dialogues, "--state-dir", daemon.stateDirectory,
                               "--exit-when-idle", "1"]
        let errors = Pipe()
        activator.standardError = errors
        try activator.run()
        defer { activator.terminate(); activator.waitUntilExit() }
        // Readiness of the activator: it says where it listens before it waits for a connection.
        let reader = errors.fileHandleForReading
        var log = ""
        while !log.contains("Listening on") {
            let chunk = reader.availableData
            guard !chunk.isEmpty else { throw DaemonError("systemd-socket-activate exited: \(log)") }
            log += String(decoding: chunk, as: UTF8.self)
        }

        // No daemon runs yet; the first connection starts one, which greets.
        let first = try testClient(daemon.socketPath)
        #expect(first.greeting == "OK tutord 1")
        try daemon.waitFor("READY=1", from: activator)
        _ = try first.request("start cpython-internals")
        #expect(try first.request("goto 5").values("lesson") == ["5/12 🧰 The Metaprogramming Toolkit"])
        _ = try first.request("quit")

        // Idle for a second: the daemon exits, and the socket (systemd's) stays.
        try daemon.waitFor("STOPPING=1", from: activator)
        #expect(FileManager.default.fileExists(atPath: daemon.socketPath))

        // The next connection starts a new daemon, with the progress the first one stored.
        let second = try testClient(daemon.socketPath)
        #expect(second.greeting == "OK tutord 1")
        #expect(try second.request("resume").values("lesson") == ["5/12 🧰 The Metaprogramming Toolkit"])
    }

    @Test func activationRefusesADescriptorThatIsNotAListeningSocket() throws {
        let daemon = try DaemonProcess(start: false)
        let run = Process()
        run.executableURL = URL(fileURLWithPath: "/bin/sh")
        // fd 3 is a plain file here.
        run.arguments = ["-c", "exec 3<\"$0\"; LISTEN_PID=$$ LISTEN_FDS=1 exec \"$@\"", daemon.dialogues + "/cpython-internals.dialogue",
                         DaemonProcess.binary, "--dialogues", daemon.dialogues, "--state-dir", daemon.stateDirectory]
        let errors = Pipe()
        run.standardError = errors
        try run.run()
        run.waitUntilExit()
        #expect(run.terminationStatus != 0)
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(message.contains("descriptor 3 passed by systemd is not a socket"), "\(message)")
    }

    @Test func notifiesReadyStatusReloadingWatchdogAndStopping() throws {
        let daemon = try DaemonProcess(environment: ["WATCHDOG_USEC": "400000"])  // start() waited for READY=1
        try daemon.waitFor("WATCHDOG=1")
        let client = try daemon.connect()
        #expect(try client.request("ping").status == .ok)
        try daemon.waitFor("STATUS=serving, 1 connection, 0 learners in memory")
        daemon.signal(SIGHUP)
        let reloading = try daemon.waitFor("RELOADING=1")
        #expect(reloading.contains("MONOTONIC_USEC="))
        try daemon.waitFor("READY=1")
        try daemon.waitFor("WATCHDOG=1")  // still kicking after the reload
        daemon.signal(SIGTERM)
        try daemon.waitFor("STOPPING=1")
        #expect(daemon.stop() == 0)
    }

    /// A reload that takes seconds (a 1 MiB course of bad lines, parsed by a debug build) must
    /// not silence the watchdog: it used to share a queue with the reload.
    @Test func watchdogKeepsBeatingThroughASlowReload() throws {
        let daemon = try DaemonProcess(environment: ["WATCHDOG_USEC": "100000"])
        try daemon.waitFor("WATCHDOG=1")
        let junk = String(repeating: "this line means nothing\n", count: (1 << 20) / 24)
        try junk.write(toFile: daemon.dialogues + "/junk.dialogue", atomically: true, encoding: .utf8)
        daemon.signal(SIGHUP)
        try daemon.waitFor("RELOADING=1")
        #expect(try daemon.waitForFirst(of: ["WATCHDOG=1", "READY=1"]) == "WATCHDOG=1")
        try daemon.waitFor("READY=1")
        // The learners' course is still there; the broken file is reported, capped.
        #expect(try daemon.connect().request("start cpython-internals").status == .ok)
        #expect(daemon.stop() == 0)
        #expect(daemon.stderrText().contains("more problems after these are not shown"))
    }

    /// A FIFO named like a course has no end: opening it used to block the reload (and a
    /// start-up) for ever. It is refused as not a regular file.
    @Test func aFifoAmongTheCoursesIsRefusedNotWaitedFor() throws {
        let daemon = try DaemonProcess()
        #expect(mkfifo(daemon.dialogues + "/pipe.dialogue", 0o600) == 0)
        daemon.signal(SIGHUP)
        try daemon.waitFor("RELOADING=1")
        try daemon.waitFor("READY=1")
        #expect(try daemon.connect().request("start cpython-internals").status == .ok)
        #expect(daemon.stop() == 0)
        #expect(daemon.stderrText().contains("pipe.dialogue:1:1: error: not a regular file"))
    }

    /// Learners leave memory when nothing holds them, and come back from the store where they
    /// left off (200,000 profiles once stayed in memory for good). Read from
    /// `STATUS=`, where the daemon reports its learners in memory.
    @Test func learnersLeaveMemoryWhenTheirConnectionsClose() throws {
        let daemon = try DaemonProcess()
        let keeper = try daemon.connect()
        #expect(try keeper.request("start cpython-internals").status == .ok)
        var position: Reply
        do {
            let learner = try daemon.connect()
            _ = try learner.request("learner bea")
            _ = try learner.request("start cpython-internals")
            for _ in 0..<3 { _ = try learner.request("") }
            position = try learner.request("repeat")
            try daemon.waitFor("STATUS=serving, 2 connections, 2 learners in memory")
            for number in 0..<200 {
                let passer = try daemon.connect()
                _ = try passer.request("learner p\(number)")
                #expect(try passer.request("start cpython-internals").status == .ok)
            }
        }
        try daemon.waitFor("STATUS=serving, 1 connection, 1 learner in memory")
        let back = try daemon.connect()
        _ = try back.request("learner bea")
        _ = try back.request("start cpython-internals")
        #expect(try back.request("repeat") == position, "bea did not come back where she left off")
        #expect(try keeper.request("ping").status == .ok)
    }

    @Test func noNotificationSocketMeansSilence() throws {
        // Without NOTIFY_SOCKET the daemon must not fail or wait for anything.
        let daemon = try DaemonProcess(start: false)
        let run = Process()
        run.executableURL = URL(fileURLWithPath: DaemonProcess.binary)
        run.arguments = ["--socket", daemon.socketPath, "--dialogues", daemon.dialogues, "--state-dir", daemon.stateDirectory,
                         "--exit-when-idle", "1"]
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "NOTIFY_SOCKET")
        run.environment = environment
        run.standardError = FileHandle.nullDevice
        try run.run()
        run.waitUntilExit()  // exits by itself after a second without connections
        #expect(run.terminationStatus == 0)
        #expect(!FileManager.default.fileExists(atPath: daemon.socketPath))  // its own socket is removed
    }
}
