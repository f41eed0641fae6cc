import CourseCatalog
import Dialogue
import Foundation
import Testing
@testable import ExerciseRunner

/// The courses' own exercises (Dialogues/), run with the real python3: each model solution
/// passes every check and each starter fails one; each wrong but plausible solution kept in
/// Tests/Fixtures/exercises/<exercise id>/ fails, and at the very check its comment names; and
/// every check is named by at least one of them, so no check is one that nothing fails.
///
/// A fixture's first lines say what it gets wrong: `# Mistake: ...`, then
/// `# Fails the check: <the check's message>`.
@Suite(.serialized) struct CourseExerciseTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var course: String
        var exercise: Exercise
        var testDescription: String { "\(course)/\(exercise.id)" }
    }

    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let fixtures = root.appendingPathComponent("Tests/Fixtures/exercises")

    static let cases: [Case] = {
        let dialogues = root.appendingPathComponent("Dialogues")
        let files = (try? FileManager.default.contentsOfDirectory(atPath: dialogues.path)) ?? []
        return files.sorted().filter { $0.hasSuffix(".dialogue") }.flatMap { file -> [Case] in
            let path = dialogues.appendingPathComponent(file).path
            let course = DialogueParser().parse((try? CourseFiles.read(file: path).get()) ?? [], file: path).course
            return (course?.exercises ?? []).map { Case(course: course!.id, exercise: $0) }
        }
    }()

    @Test func bothCoursesHaveTheirExercises() {
        let ids = Self.cases.map(\.testDescription)
        #expect(ids == [
            "cpython-internals/positive", "cpython-internals/plugin-registry", "cpython-internals/fold-add",
            "cpython-internals/global-reads", "cpython-internals/weak-cache", "cpython-internals/slotted-points",
            "writing-courses/write-a-quiz", "writing-courses/write-a-detour",
        ])
    }

    @Test(arguments: cases) func theSolutionPassesAndTheStarterFails(_ item: Case) throws {
        let checker = try ExerciseChecker()
        let solution = try checker.check(item.exercise, code: item.exercise.solution.lines.joined(separator: "\n") + "\n")
        #expect(solution.count == item.exercise.checks.count && solution.allSatisfy(\.passed), "\(solution)")
        let starter = try checker.check(item.exercise, code: item.exercise.starter.lines.joined(separator: "\n") + "\n")
        #expect(starter.last?.passed == false, "\(starter)")
    }

    @Test(arguments: cases) func eachWrongSolutionFailsTheCheckItNames(_ item: Case) throws {
        let directory = Self.fixtures.appendingPathComponent(item.exercise.id)
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).filter { $0.hasPrefix("wrong-") }.sorted()
        #expect(files.count >= 1, "no wrong solutions in \(directory.path)")
        let checker = try ExerciseChecker()
        let known = Set(item.exercise.checks.map(\.message) + [ExerciseChecker.loadsMessage])
        var caught = Set<String>()
        for file in files {
            #expect(file.hasSuffix("." + item.exercise.language.fileExtension), "\(file) is not a \(item.exercise.language) file")
            let code = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
            let lines = code.split(separator: "\n", omittingEmptySubsequences: false)
            #expect(lines.first?.hasPrefix("# Mistake: ") == true, "\(file) does not say its mistake on its first line")
            guard let named = lines.first(where: { $0.hasPrefix("# Fails the check: ") })?.dropFirst("# Fails the check: ".count) else {
                Issue.record("\(file) does not name the check it fails")
                continue
            }
            #expect(known.contains(String(named)), "\(file) names a check the exercise does not have: \(named)")
            let reports = try checker.check(item.exercise, code: code)
            guard let last = reports.last, case .failed = last.verdict else {
                Issue.record("\(file) was not failed by a check: \(reports)")
                continue
            }
            #expect(last.message == named, "\(file) should fail \"\(named)\", but failed \"\(last.message)\": \(last.verdict)")
            caught.insert(last.message)
        }
        let uncaught = item.exercise.checks.map(\.message).filter { !caught.contains($0) }
        #expect(uncaught.isEmpty, "checks that no wrong solution fails: \(uncaught)")
    }

    @Test func everyFixtureFolderBelongsToAnExercise() throws {
        let folders = try FileManager.default.contentsOfDirectory(atPath: Self.fixtures.path)
        let ids = Set(Self.cases.map(\.exercise.id))
        #expect(folders.filter { !ids.contains($0) }.isEmpty, "fixtures of no exercise: \(folders.filter { !ids.contains($0) })")
    }
}
