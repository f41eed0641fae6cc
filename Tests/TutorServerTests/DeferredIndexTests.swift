import Dispatch
import Foundation
import Logging
import NIOConcurrencyHelpers
import TestThreads
import Testing
import Tutoring
@testable import TutorServer

/// The `ask` index is built after a course load returns, off the caller's thread, so the
/// daemon answers while it is built; an ask that comes first waits for it.
@Suite(.serialized, OnThreads.blockingThreads) struct DeferredIndexTests {
    private static let dialogues = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Dialogues").path
    private static let question = "what does the GIL protect?"

    private static func logger() -> Logger {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        return logger
    }

    /// What `ask` answers with the index built before anyone asks.
    private static func expectedAnswer() -> [FoundPassage]? {
        let library = CourseLibrary(directories: [dialogues], logger: logger())
        library.reload()
        return library.answer(question, courses: ["cpython-internals"], answered: [:], lessonAt: [:], openQuiz: nil)
    }

    @Test func coursesAreServedBeforeTheIndexIsBuiltAndAnAskWaitsForIt() throws {
        let gate = DispatchSemaphore(value: 0)
        // Set by the test once the load has returned; the build reads it when it runs.
        let loadReturned = NIOLockedValueBox(false)
        let buildSawLoadReturned = NIOLockedValueBox<Bool?>(nil)
        let library = CourseLibrary(directories: [Self.dialogues], logger: Self.logger()) { courses in
            // Held until the test lets it go. The timeout only keeps a load that waits for
            // its build (the behaviour this test guards against) from hanging the suite.
            _ = gate.wait(timeout: .now() + 20)
            buildSawLoadReturned.withLockedValue { $0 = loadReturned.withLockedValue { $0 } }
            return try CourseLibrary.searchIndex(courses)
        }
        library.reload()
        loadReturned.withLockedValue { $0 = true }
        // The courses are there while the index is still being built.
        #expect(library.course("cpython-internals") != nil)

        let answer = NIOLockedValueBox<[FoundPassage]??>(nil)
        let answered = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            let found = library.answer(Self.question, courses: ["cpython-internals"], answered: [:], lessonAt: [:], openQuiz: nil)
            answer.withLockedValue { $0 = .some(found) }
            answered.signal()
        }
        gate.signal()
        answered.wait()

        #expect(buildSawLoadReturned.withLockedValue { $0 } == true, "the load waited for the index build")
        let found = try #require(answer.withLockedValue { $0 } ?? nil, "the ask got no index: it did not wait for the build")
        #expect(!found.isEmpty)
        #expect(found == Self.expectedAnswer())
    }
}
