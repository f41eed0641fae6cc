import Dialogue
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
            "assert sorted(int(fd) for fd in os.listdir('/proc/self/fd')) == [0, 1, 2, 3], os.listdir('/proc/self/fd')",
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
        #expect(try verdicts("while True:\n    pass\n", single(.python(["pass"])), limits: Self.quick)
                .first.map { if case .stopped(.cpu(seconds: 1), _) = $0 { true } else { false } } == true)
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

    @Test func theDirectoryIsRemovedAfterwards() throws {
        let parent = FileManager.default.temporaryDirectory.appendingPathComponent("runner-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: parent) }
        let reports = try ExerciseChecker(temporaryDirectory: parent).check(Self.exercise, code: Self.solution)
        #expect(reports.count == 2)
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent).isEmpty)
    }
}
