import TutorClient
import Foundation
import LineProtocol
import ProgressStore
import TestPostgres
import TestThreads
import Testing
import Tutoring
#if canImport(Glibc)
import Glibc
#endif

/// Progress that survives: restarts, kill -9, read-only and foreign files.
@Suite(.serialized, .blockingThreads) struct StorageEndToEndTests {
    /// Goes on from lesson 1's first quiz to the start of lesson 2, revealing its other quizzes
    /// (`skip`) and declining the offers.
    private func finishLessonOne(_ client: TestClient) throws {
        var reply = try client.request("")
        for _ in 0..<60 where !reply.values("lesson").contains("2/12 🧱 The Object Model Underneath") {
            reply = try client.request(reply.expectation == .answer ? "skip" : reply.expectation == .choice ? "no" : reply.expectation == .exercise ? "skip" : "")
        }
        #expect(reply.values("lesson") == ["2/12 🧱 The Object Model Underneath"])
    }

    @Test func aRestartResumesAtTheSamePointWithTheSameXP() throws {
        let daemon = try DaemonProcess()
        do {
            let client = try daemon.connect()
            try answerLessonOne(client)
            try finishLessonOne(client)
            _ = try client.request("")  // lesson 2's second beat
        }
        #expect(daemon.stop() == 0)
        try daemon.restart()
        let client = try daemon.connect()
        let resumed = try client.request("resume")
        #expect(resumed.values("tutor").first == "Welcome back to CPython Internals & Advanced Metaprogramming.")
        #expect(resumed.values("lesson") == ["2/12 🧱 The Object Model Underneath"])
        #expect(resumed.values("tutor").contains { $0.hasPrefix("The type is an object too") })
        let progress = try client.request("progress")
        #expect(progress.values("progress") == ["score 1/44 xp 5 lessons 1/12 first-try 0/5 answers 2 accuracy 0%"])
        #expect(progress.values("toc").first == "✓ 1/12 gil 🔒 The GIL & Free-Threading")
    }

    @Test func aRemovedLessonResumesAtTheNextOneAndKeepsItsAnswers() throws {
        let daemon = try DaemonProcess()
        do {
            let client = try daemon.connect()
            _ = try client.request("start cpython-internals")
            _ = try client.request("goto 3")
            _ = try client.request("skip")  // to lesson 3's first question
            #expect(try client.request("2").turns.contains(.verdict(.incorrect)))  // an answer in lesson 3 (its right one is 1)
        }
        #expect(daemon.stop() == 0)
        // The author deletes lesson 3 (descriptors) while the learner is in it.
        let path = daemon.dialogues + "/cpython-internals.dialogue"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let start = try #require(text.range(of: "lesson descriptors"))
        let end = try #require(text.range(of: "lesson metaclasses"))
        try (String(text[..<start.lowerBound]) + String(text[end.lowerBound...])).write(toFile: path, atomically: true, encoding: .utf8)
        try daemon.restart()
        let client = try daemon.connect()
        let resumed = try client.request("resume")
        #expect(resumed.values("tutor").contains("The lesson you were in is no longer part of this course, so we pick up with the one after it."))
        #expect(resumed.values("lesson") == ["3/11 🏭 Metaclass Mechanics"])
        let exported = try #require(try client.request("export").values("export").first)
        #expect(exported.contains("\"question\":\"descriptor-kind\""))  // the history stays
    }

    @Test func exportAndResetOverTheProtocolAndTheCLI() throws {
        let daemon = try DaemonProcess()
        let client = try daemon.connect()
        try answerLessonOne(client)
        let exported = try #require(try client.request("export").values("export").first)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(exported.utf8)) as? [String: Any])
        let course = try #require((object["courses"] as? [[String: Any]])?.first)
        #expect((course["answers"] as? [Any])?.count == 2)

        let cli = Process()
        cli.executableURL = URL(fileURLWithPath: DaemonProcess.binary)
        cli.arguments = ["export", "--state-dir", daemon.stateDirectory]
        let output = Pipe()
        cli.standardOutput = output
        try cli.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        cli.waitUntilExit()
        #expect(cli.terminationStatus == 0)
        #expect(String(decoding: data, as: UTF8.self).trimmingCharacters(in: .newlines) == exported)

        let ask = try client.request("reset cpython-internals")
        #expect(ask.values("confirm") == ["reset cpython-internals confirm"])
        #expect(try client.request("progress").values("progress").first?.contains("xp 5") == true)  // nothing forgotten yet
        _ = try client.request("reset cpython-internals confirm")
        #expect(try client.request("lessons").status.isError(.noCourse))
        // A course that is neither in the catalog nor in the learner's progress.
        #expect(try client.request("reset nosuchcourse confirm").status.isError(.unknownCourse))
        #expect(try client.request("reset nosuchcourse").status.isError(.unknownCourse))
        let fresh = try client.request("start cpython-internals")
        #expect(fresh.values("lesson") == ["1/12 🔒 The GIL & Free-Threading"])
        #expect(try client.request("progress").values("progress").first?.contains("xp 0") == true)
    }

    /// Many learners answer at once; the daemon is killed with SIGKILL mid-flight, several
    /// times at different moments. Every answer that got `OK` must be in the database, and
    /// the database must pass SQLite's integrity check.
    @Test(arguments: [("sqlite", 40), ("sqlite", 150), ("sqlite", 400), ("postgres", 40), ("postgres", 400)])
    func killNineLosesNothingAcknowledged(store kind: String, afterMilliseconds delay: Int) throws {
        // On PostgreSQL: a database of its own on the tests' server, which goes on running.
        let postgres = kind == "postgres" ? PostgresServer.shared : nil
        let address = try postgres.map { $0.address(of: try $0.makeDatabase()) }
        let daemon = try DaemonProcess(arguments: address.map { ["--database", $0] } ?? [])
        let learners = 12
        let acknowledged = AcknowledgedAnswers()
        let group = DispatchGroup()
        let socketPath = daemon.socketPath
        for index in 0..<learners {
            group.enter()
            Thread {
                defer { group.leave() }
                guard let client = try? testClient(socketPath) else { return }
                _ = try? client.request("format json")  // for the quiz ids
                _ = try? client.request("learner crash-\(index)")
                guard (try? client.request("start cpython-internals")) != nil else { return }
                var attempts: [String: Int] = [:]
                var lesson = 1
                while true {
                    guard (try? client.request("goto \(lesson)")) != nil,
                          let quiz = try? client.request("skip") else { return }  // to the lesson's first question
                    let question = quiz.turns.lazy.compactMap { turn -> String? in
                        if case .quiz(let id, _, _) = turn { return id }
                        return nil
                    }.first ?? ""
                    for answer in ["1", "2", "3"] {
                        guard let reply = try? client.request(answer) else { return }
                        let verdict = reply.turns.lazy.compactMap { turn -> Turn.Verdict? in
                            if case .verdict(let verdict) = turn { return verdict }
                            return nil
                        }.first
                        guard reply.status == .ok, let verdict else { continue }
                        attempts[question, default: 0] += 1
                        acknowledged.add(profile: "crash-\(index)", question: question, attempt: attempts[question]!, given: answer)
                        if verdict == .correct { break }
                    }
                    lesson = lesson % 10 + 1
                }
            }.start()
        }
        // Let the learners get going, then pull the plug. (The delay is not synchronisation:
        // any moment is a valid moment to crash; different delays crash in different states.)
        #expect(acknowledged.wait(for: 5, seconds: 60), "fewer than 5 answers acknowledged within 60 s")
        usleep(useconds_t(delay * 1000))
        daemon.kill9()
        group.wait()

        let store: any ProgressStorage
        if let address, case .postgres(let postgresAddress) = try DatabaseAddress(parsing: address, defaultUser: "root") {
            store = try PostgresProgressStore.open(postgresAddress)
        } else {
            let file = try SQLiteProgressStore.open(path: daemon.stateDirectory + "/tutord.sqlite", readOnly: true)
            #expect(try file.integrityCheck() == "ok")
            store = file
        }
        let byLearner = Dictionary(grouping: acknowledged.all, by: \.profile)
        #expect(!byLearner.isEmpty)
        for (profile, answers) in byLearner {
            let uid = getuid()
            let stored = try store.answers(for: LearnerID(uid: uid, profile: profile), course: "cpython-internals")
            // Each acknowledged answer is stored as that question's attempt, with what was given.
            let storedAnswers = Set(stored.map { "\($0.question)#\($0.attempt)=\($0.given)" })
            for answer in answers where !storedAnswers.contains("\(answer.question)#\(answer.attempt)=\(answer.given)") {
                Issue.record("\(profile): acknowledged \(answer.question) attempt \(answer.attempt) `\(answer.given)` is not stored")
            }
            // Beyond those, at most the one answer in flight when the daemon died.
            #expect(stored.count <= answers.count + 1, "\(profile): \(stored.count) stored, \(answers.count) acknowledged")
        }
        // And the daemon comes back on the same files.
        try daemon.restart()
        #expect(try daemon.connect().request("ping").status == .ok)
    }

    /// A full disk (here: a file-size limit on the daemon, so its WAL cannot grow): the step
    /// that cannot be stored gets `ERR storage`, the conversation stays at the last stored step,
    /// and everything that only reads keeps working.
    @Test func aFullDiskGivesStorageErrorsAndLosesNothingAcknowledged() throws {
        let daemon = try DaemonProcess(wrapper: ["/usr/bin/prlimit", "--fsize=262144"])
        let client = try daemon.connect()
        var last = try client.request("start cpython-internals")
        var failure: Reply?
        // Whether `last` answered a skip at an exercise, which moves on at once.
        var skippedExercise = false
        for _ in 0..<2000 {
            let reply = try client.request(last.expectation == .answer || last.expectation == .exercise ? "skip" : "")
            if case .error = reply.status {
                failure = reply
                break
            }
            skippedExercise = last.expectation == .exercise
            last = reply
        }
        let error = try #require(failure, "the store never filled up")
        #expect(error.status == .error(ProtocolError(.storage, "your progress could not be saved (the disk reported an error), so this step did not happen; try again once that is fixed")))  // a file-size limit is EFBIG, an I/O error to SQLite; ENOSPC would say "the disk is full"
        #expect(try client.request("ping").status == .ok)
        #expect(try client.request("courses").status == .ok)
        // Back at the last acknowledged step: `repeat` shows what the last OK showed.
        let again = try client.request("repeat")
        // (After an answer or a reveal, the position is the question itself: `repeat` asks it
        // again, or shows it settled with the explanation the verdict came with. A skip at an
        // exercise has gone on to the next step, which is stored.)
        if last.values("verdict").isEmpty || skippedExercise {
            let shown = last.lines.filter { ["tutor", "takeaway", "quiz", "offer"].contains($0.key) }.last
            #expect(shown == nil || again.lines.contains(shown!), "\(last) vs \(again)")
        } else {
            #expect(again.values("quiz").count == 1 || again.values("explain") == last.values("explain"), "\(last) vs \(again)")
        }
        #expect(daemon.stop() == 0)
    }

    @Test func aForeignFileAtTheDatabasePathStopsStartUpAndIsNotTouched() throws {
        let daemon = try DaemonProcess(start: false)
        try FileManager.default.createDirectory(atPath: daemon.stateDirectory, withIntermediateDirectories: true)
        let path = daemon.stateDirectory + "/tutord.sqlite"
        try "not a database".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: LaunchedDaemon.Failure.self) { try daemon.start() }
        #expect(daemon.process.terminationStatus != 0)
        #expect(daemon.stderrText().contains("is not an SQLite database; refusing to use or replace it"))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "not a database")
    }

    /// Learners' answers are nobody else's business: the database and its -wal and -shm files
    /// are 0600 whatever the umask and the state directory's mode, another user cannot read
    /// them, files left 0644 by an older tutord are made private, and an open directory is named.
    @Test func progressFilesArePrivateWhateverTheUmaskAndTheDirectory() throws {
        let daemon = try DaemonProcess(start: false)
        try FileManager.default.createDirectory(atPath: daemon.stateDirectory, withIntermediateDirectories: true)
        chmod(daemon.stateDirectory, 0o755)
        let previous = umask(0o022)  // the daemon inherits a permissive umask
        try daemon.start()
        umask(previous)
        let names = ["tutord.sqlite", "tutord.sqlite-wal", "tutord.sqlite-shm"]
        func modes() -> [Int] {
            names.map { name in
                var info = stat()
                return stat(daemon.stateDirectory + "/" + name, &info) == 0 ? Int(info.st_mode & 0o777) : -1
            }
        }
        try answerLessonOne(try daemon.connect())
        #expect(modes() == [0o600, 0o600, 0o600])
        if getuid() == 0 {  // another real user tries to read them
            let reader = Process()
            reader.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
            reader.arguments = ["--reuid", "65534", "--regid", "65534", "--clear-groups", "/bin/cat", daemon.stateDirectory + "/tutord.sqlite"]
            reader.standardOutput = FileHandle.nullDevice
            reader.standardError = FileHandle.nullDevice
            try reader.run()
            reader.waitUntilExit()
            #expect(reader.terminationStatus != 0, "nobody could read the progress database")
        }
        #expect(daemon.stop() == 0)
        #expect(daemon.stderrText().contains("is open to other users (mode 755)"))
        for name in names { chmod(daemon.stateDirectory + "/" + name, 0o644) }  // as an older tutord left them
        try daemon.restart()
        #expect(modes().first == 0o600)
        #expect(daemon.stop() == 0)
        #expect(daemon.stderrText().contains("made \(daemon.stateDirectory)/tutord.sqlite private (mode 600, was 644)"))
    }

    /// The store cannot be written (the daemon runs as `nobody` over a root-owned store): the
    /// learner goes on, every reply that changed something says `unsaved:` with why, and the
    /// file is not touched.
    @Test func aReadOnlyStoreLetsTheLearnerGoOnAndSaysNothingIsSaved() throws {
        let prepare = try DaemonProcess()
        do {
            let client = try prepare.connect()
            try answerLessonOne(client)
        }
        #expect(prepare.stop() == 0)
        let directory = prepare.directory
        // World-readable, writable only by root: `nobody` can read the store but not write it.
        for path in [directory, prepare.dialogues, prepare.stateDirectory] { chmod(path, 0o755) }
        for file in (try FileManager.default.contentsOfDirectory(atPath: prepare.stateDirectory)) {
            chmod(prepare.stateDirectory + "/" + file, 0o644)
        }
        chmod(prepare.dialogues + "/cpython-internals.dialogue", 0o644)
        chmod(prepare.directory + "/notify.sock", 0o777)
        let socketDirectory = directory + "/nobody"
        try FileManager.default.createDirectory(atPath: socketDirectory, withIntermediateDirectories: true)
        chown(socketDirectory, 65534, 65534)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
        process.arguments = ["--reuid", "65534", "--regid", "65534", "--clear-groups", DaemonProcess.binary,
                             "--socket", socketDirectory + "/tutord.sock", "--dialogues", prepare.dialogues,
                             "--state-dir", prepare.stateDirectory]
        var environment = ProcessInfo.processInfo.environment
        environment["NOTIFY_SOCKET"] = prepare.directory + "/notify.sock"
        process.environment = environment
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        defer { process.terminate(); process.waitUntilExit() }
        do {
            try prepare.waitFor("READY=1", from: process)
        } catch {
            Issue.record("\(error): \(String(decoding: errors.fileHandleForReading.availableData, as: UTF8.self))")
            return
        }

        let client = try testClient(socketDirectory + "/tutord.sock")
        // The learner can go on reading and answering; every reply that would have stored
        // something says that it was not (it used to be `ERR storage`, even for reading).
        let opened = try client.request("start cpython-internals")
        #expect(opened.status == .ok)
        let unsaved = "progress cannot be saved: the database \(prepare.stateDirectory)/tutord.sqlite is read-only for tutord; you can go on, but nothing you do now is kept"
        #expect(opened.payloads.contains(.unsaved(reason: unsaved)))
        // From what is stored: the lesson list, the quiz where we left off, export.
        #expect(try client.request("courses").status == .ok)
        let lessons = try client.request("lessons")
        #expect(lessons.values("toc").first == "▸ 1/12 gil 🔒 The GIL & Free-Threading")
        #expect(lessons.values("unsaved").isEmpty)  // only reading: nothing to say
        // The quiz where we left off was answered: shown with its answer, not asked again.
        let repeated = try client.request("repeat")
        #expect(repeated.values("quiz").isEmpty && repeated.expectation == .continue)
        #expect(try client.request("export").status == .ok)
        // Back to the quiz (asked again, for no more XP) and answered.
        var reply = try client.request("goto 1")
        for _ in 0..<40 where reply.expectation != .answer {
            reply = try client.request(reply.expectation == .choice ? "no" : reply.expectation == .exercise ? "skip" : "")
        }
        let answer = try client.request("1")
        #expect(answer.status == .ok && answer.values("unsaved") == [unsaved])
        #expect(try client.request("progress").values("progress").first?.contains("answers 3") == true)  // in memory
        #expect(try client.request("ping").status == .ok)
        // Nothing reached the file.
        let store = try SQLiteProgressStore.open(path: prepare.stateDirectory + "/tutord.sqlite", readOnly: true)
        #expect(try store.answerCount() == 2)
        // The log said so once, at start, with what is in the way (not SQLite's error 14).
        process.terminate()
        process.waitUntilExit()
        let log = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let warnings = log.split(separator: "\n").filter { $0.contains("read-only") }
        #expect(warnings.count == 1, "\(log)")
        #expect(warnings.first?.contains("progress store is read-only") == true)
        #expect(warnings.first?.contains("cause=the database \(prepare.stateDirectory)/tutord.sqlite is not writable for tutord (uid 65534): owner root, mode 644") == true, "\(log)")
    }

    /// A state directory tutord cannot write, with no database in it yet: it says whose the
    /// directory is and its mode, and does not start.
    @Test func anUnwritableStateDirectorySaysWhoseItIs() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tutord-e2e-\(UUID().uuidString.prefix(8))").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let state = directory + "/state", sockets = directory + "/nobody"
        for path in [state, sockets] { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) }
        for path in [directory, state] { chmod(path, 0o755) }
        chown(sockets, 65534, 65534)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
        process.arguments = ["--reuid", "65534", "--regid", "65534", "--clear-groups", DaemonProcess.binary,
                             "--socket", sockets + "/tutord.sock", "--dialogues", sockets, "--state-dir", state]
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let log = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus != 0)
        #expect(log.contains("tutord: cannot create \(state)/tutord.sqlite: the state directory \(state) is not writable for tutord (uid 65534): owner root, mode 755"), "\(log)")
        #expect(!log.contains("SQLite error"), "\(log)")
    }
}

/// Answers that received `OK`, collected from several threads.
final class AcknowledgedAnswers: @unchecked Sendable {
    struct Answer { var profile: String; var question: String; var attempt: Int; var given: String }
    private let lock = NSCondition()
    private var answers: [Answer] = []

    func add(profile: String, question: String, attempt: Int, given: String) {
        lock.lock(); defer { lock.unlock() }
        answers.append(Answer(profile: profile, question: question, attempt: attempt, given: given))
        lock.broadcast()
    }

    /// Waits until `count` answers were acknowledged, or `seconds` passed; whether they were.
    func wait(for count: Int, seconds: TimeInterval) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        lock.lock(); defer { lock.unlock() }
        while answers.count < count {
            if !lock.wait(until: deadline) { return answers.count >= count }
        }
        return true
    }

    var count: Int { lock.lock(); defer { lock.unlock() }; return answers.count }
    var all: [Answer] { lock.lock(); defer { lock.unlock() }; return answers }
}
