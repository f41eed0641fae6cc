import Dialogue
import Dispatch
import Foundation
import Testing
@testable import ExerciseRunner

/// A learner's code against an exercise's checks, with the real python3: what passes, what
/// fails and how it reads, and each limit ending with its own verdict.
@Suite struct ExerciseCheckerTests {
    static let exercise = Exercise(
        id: "positive", task: "Write Positive.", fileName: "positive.py",
        starter: CodeBlock(language: "python", lines: ["class Positive:", "    pass"]),
        checks: [
            ExerciseCheck(message: "a positive value is stored", test: .python([
                "class Account:", "    balance = Positive()", "a = Account()", "a.balance = 5", "assert a.balance == 5",
            ])),
            ExerciseCheck(message: "zero is refused with ValueError", test: .python([
                "class Account:", "    balance = Positive()", "a = Account()",
                "try:", "    a.balance = 0", "except ValueError:", "    pass", "else:", "    raise AssertionError('0 was accepted')",
            ])),
        ],
        hints: ["__set__"], solution: CodeBlock(language: "python", lines: []), explanation: nil, xp: 20)

    static let solution = """
        class Positive:
            def __set_name__(self, owner, name):
                self.name = name
            def __get__(self, instance, owner=None):
                return instance.__dict__[self.name]
            def __set__(self, instance, value):
                if value <= 0:
                    raise ValueError(f"{self.name} must be above zero")
                instance.__dict__[self.name] = value
        """

    /// Small limits so the limit tests end quickly.
    static let quick = CheckLimits(wallSeconds: 3, cpuSeconds: 1, memoryBytes: 256 << 20, fileSizeBytes: 64 << 10, outputBytes: 8 << 10)

    func verdicts(_ code: String, _ exercise: Exercise = exercise, limits: CheckLimits = .standard) throws -> [CheckReport.Verdict] {
        try ExerciseChecker(limits: limits).check(exercise, code: code).map(\.verdict)
    }

    func single(_ test: ExerciseCheck.Test) -> Exercise {
        var exercise = Self.exercise
        exercise.checks = [ExerciseCheck(message: "it runs", test: test)]
        return exercise
    }

    @Test func theModelSolutionPassesEveryCheck() throws {
        #expect(try verdicts(Self.solution) == [.passed, .passed])
    }

    @Test func aFailureStopsAtTheFirstFailingCheckWithTheLearnersLine() throws {
        let lax = Self.solution.replacingOccurrences(of: "if value <= 0:", with: "if value < 0:")
        let result = try verdicts(lax)
        #expect(result.count == 2 && result[0] == .passed)
        guard case .failed(let details) = result[1] else { Issue.record("\(result)"); return }
        #expect(details.contains("AssertionError: 0 was accepted"))
        #expect(details.contains(#"File "tutord_check.py", line 9"#))
        #expect(!details.contains("tutord_check_driver"), "the driver's own frame is left out")
        // A check that fails stops the run: the second is not run.
        let broken = try verdicts("class Positive:\n    def __set__(self, instance, value):\n        raise TypeError('no')\n")
        #expect(broken.count == 1)
    }

    @Test func aSyntaxErrorNamesTheLearnersFileAndLine() throws {
        let result = try verdicts("class Positive:\n    def __set__(self, instance, value)\n        pass\n")
        guard case .failed(let details) = result.first else { Issue.record("\(result)"); return }
        #expect(details.contains(#"File "positive.py", line 2"#) && details.contains("SyntaxError"))
    }

    @Test func anOutputCheckComparesWhatIsPrinted() throws {
        let exercise = single(.output(["1", "2", "fizz"]))
        #expect(try verdicts("for n in (1, 2, 'fizz'):\n    print(n)\n", exercise) == [.passed])
        #expect(try verdicts("print(1)\nprint(2)\nprint('buzz')\n", exercise)
                == [.failed(details: "line 3: expected fizz\n        printed  buzz")])
        // A demo under the main guard runs for an output check; it stays quiet for a python one.
        #expect(try verdicts("if __name__ == '__main__':\n    print(1); print(2); print('fizz')\n", exercise) == [.passed])
        #expect(try verdicts("if __name__ == '__main__':\n    raise SystemExit(3)\nclass Positive: pass\n", single(.python(["Positive"]))) == [.passed])
    }

    @Test func theCheckSeesAScrubbedEnvironmentNoInheritedDescriptorsAndAFreshDirectory() throws {
        let probe = single(.python([
            "import os",
            "assert sorted(os.environ) == ['HOME', 'LANG', 'PATH', 'TMPDIR'], sorted(os.environ)",
            // 3: the driver's marker pipe; 4: listdir's own.
            "assert sorted(int(fd) for fd in os.listdir('/proc/self/fd')) == [0, 1, 2, 3, 4], os.listdir('/proc/self/fd')",
            "assert sorted(os.listdir('.')) == ['positive.py', 'tutord_check.py', 'tutord_check_driver.py'], os.listdir('.')",
            "assert os.getpgid(0) == os.getpid()",
            "assert open(0).read() == ''",
        ]))
        // A descriptor of ours that a careless spawn would pass on.
        let leaked = open("/dev/null", O_RDONLY)
        defer { close(leaked) }
        let result = try verdicts("", probe)
        #expect(result == [.passed], "\(result)")
    }

    @Test func anEndlessLoopIsStoppedByTheCPULimit() throws {
        // A wall clock far past the CPU limit: on a busy machine a second of CPU can take
        // several seconds of wall time, and the CPU limit is what this test is about.
        var limits = Self.quick
        limits.wallSeconds = 120
        let result = try verdicts("while True:\n    pass\n", single(.python(["pass"])), limits: limits)
        #expect(result.first.map { if case .stopped(.cpu(seconds: 1), _) = $0 { true } else { false } } == true, "\(result)")
    }

    @Test func sleepingForEverIsStoppedByTheWallClock() throws {
        #expect(try verdicts("import time\ntime.sleep(60)\n", single(.python(["pass"])), limits: Self.quick)
                .first.map { if case .stopped(.wallClock(seconds: 3), _) = $0 { true } else { false } } == true)
    }

    @Test func aMemoryHogIsStoppedByTheMemoryLimit() throws {
        #expect(try verdicts("hog = bytearray(1 << 30)\n", single(.python(["pass"])), limits: Self.quick)
                .first.map { if case .stopped(.memory(bytes: 256 << 20), _) = $0 { true } else { false } } == true)
    }

    @Test func aFloodOfOutputIsStoppedAtTheCap() throws {
        let result = try verdicts("while True:\n    print('x' * 100)\n", single(.python(["pass"])), limits: Self.quick)
        guard case .stopped(.output(bytes: 8 << 10), let details)? = result.first else { Issue.record("\(result)"); return }
        #expect(details.count <= CheckOutput.maxCharacters + 1)
    }

    @Test func aHugeFileIsStoppedByTheFileSizeLimit() throws {
        let result = try verdicts("with open('big', 'wb') as f:\n    f.write(b'x' * (1 << 20))\n", single(.python(["pass"])), limits: Self.quick)
        #expect(result.first.map { if case .stopped(.fileSize, _) = $0 { true } else { false } } == true, "\(result)")
    }

    /// Code that ends the program before the check ran (as a careless script's last line
    /// might) is no pass, nor is code that rewrites the check file.
    @Test func endingEarlyOrRewritingTheCheckIsNoPass() throws {
        let starter = "class Positive:\n    pass\n"
        for ending in ["import os\nos._exit(0)\n", "import sys\nsys.exit = lambda *a: None\n",
                       "import atexit, os\natexit.register(lambda: os._exit(0))\n",
                       "open('tutord_check.py', 'w').write('pass\\n')\n"] {
            let result = try verdicts(starter + ending)
            #expect(result.last.map { $0 != .passed } == true, "\(ending): \(result)")
        }
        let early = try verdicts(starter + "import os\nos._exit(0)\n")
        #expect(early == [.failed(details: "the code ended the program (os._exit, sys.exit or an atexit handler) before the check finished")])
    }

    /// Limits are read from the exception the program ended with, never from text printed
    /// elsewhere; a SIGKILL that is not the CPU limit is not called one.
    @Test func limitVerdictsComeFromHowTheProgramEnded() throws {
        let noisy = Self.solution + "\nimport sys\nprint('MemoryError: cache full', file=sys.stderr)\nprint('BlockingIOError: [Errno 11] busy', file=sys.stderr)\n"
        #expect(try verdicts(noisy) == [.passed, .passed])
        let killed = try verdicts("import os, signal\nos.kill(os.getpid(), signal.SIGKILL)\n", single(.python(["pass"])))
        #expect(killed == [.failed(details: "ended by signal 9")])
    }

    /// A learner's file named like a standard module does not replace that module for the
    /// check (nor for the driver).
    @Test func aFileNamedLikeAStandardModuleShadowsNothing() throws {
        var exercise = single(.python(["import types", "assert hasattr(types, 'SimpleNamespace')", "assert ANSWER == 42"]))
        exercise.fileName = "types.py"
        #expect(try verdicts("ANSWER = 42\n", exercise) == [.passed])
    }

    /// A cancelled run (Ctrl-C in the CLI) kills the check at once and removes its directory.
    @Test func cancellingStopsTheCheckAndCleansUp() throws {
        let parent = FileManager.default.temporaryDirectory.appendingPathComponent("runner-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: parent) }
        let cancellation = CheckCancellation()
        let checker = try ExerciseChecker(limits: CheckLimits(wallSeconds: 60), temporaryDirectory: parent, cancellation: cancellation)
        // The check says it is running by writing a file; the test waits for that file.
        let code = "import time\nopen('started', 'w').close()\nwhile True:\n    time.sleep(1)\n"
        let done = DispatchSemaphore(value: 0)
        let result = LockedBox<[CheckReport]>([])
        Thread.detachNewThread {
            result.value = (try? checker.check(single(.python(["pass"])), code: code)) ?? []
            done.signal()
        }
        while (try? FileManager.default.contentsOfDirectory(atPath: parent))?.contains(where: {
            FileManager.default.fileExists(atPath: parent + "/" + $0 + "/started")
        }) != true {
            usleep(10_000)  // no readiness signal crosses from the check but this file
        }
        cancellation.cancel()
        #expect(done.wait(timeout: .now() + 10) == .success, "the cancelled run did not return")
        #expect(result.value == [CheckReport(message: "it runs", verdict: .failed(details: "interrupted"))])
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent).isEmpty)
    }

    /// Code that leaves its process group (into the checker's own) is still killed at the wall
    /// clock: the checker used to wait for it as long as it lived.
    @Test func codeThatLeavesItsGroupIsStillStopped() throws {
        let checker = try ExerciseChecker(limits: Self.quick)
        let code = "import os, time\nos.setpgid(0, os.getpgid(os.getppid()))\ntime.sleep(3600)\n"
        let done = DispatchSemaphore(value: 0)
        let result = LockedBox<[CheckReport]>([])
        Thread.detachNewThread {
            result.value = (try? checker.check(single(.python(["pass"])), code: code)) ?? []
            done.signal()
        }
        // The wall limit is 3 s; 30 s is a generous bound for "it returned at all".
        #expect(done.wait(timeout: .now() + 30) == .success, "the checker waited for code that left its group")
        #expect(result.value.first.map { if case .stopped(.wallClock, _) = $0.verdict { true } else { false } } == true, "\(result.value)")
    }

    @Test func theDirectoryIsRemovedAfterwards() throws {
        let parent = FileManager.default.temporaryDirectory.appendingPathComponent("runner-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: parent) }
        let reports = try ExerciseChecker(temporaryDirectory: parent).check(Self.exercise, code: Self.solution)
        #expect(reports.count == 2)
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent).isEmpty)
    }
}

/// A value shared with a thread the test starts (the test reads it after a semaphore).
final class LockedBox<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value
    init(_ value: Value) { stored = value }
    var value: Value {
        get { lock.lock(); defer { lock.unlock() }; return stored }
        set { lock.lock(); stored = newValue; lock.unlock() }
    }
}
