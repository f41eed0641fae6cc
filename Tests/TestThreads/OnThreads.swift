import Foundation
import Testing

/// Runs a suite's tests (or one test) under a preference for a ``ThreadsExecutor``: what they
/// block, and where they resume after an await, are threads of their own rather than Swift's
/// cooperative pool, which every other test needs.
public struct OnThreads: SuiteTrait, TestTrait, TestScoping {
    public let executor: ThreadsExecutor

    public init(_ executor: ThreadsExecutor) {
        self.executor = executor
    }

    public var isRecursive: Bool { true }

    public func provideScope(for test: Test, testCase: Test.Case?,
                             performing function: @Sendable () async throws -> Void) async throws {
        try await withTaskExecutorPreference(executor) { try await function() }
    }
}

extension Trait where Self == OnThreads {
    /// The threads shared by tests that block on something slow (a daemon, a socket, another
    /// process, a PostgreSQL server): as many as the cooperative pool has, so that no more of
    /// these tests run at once than did on the pool, while the pool stays free for the rest.
    public static var blockingThreads: OnThreads { OnThreads(sharedBlockingThreads) }

    /// A thread of the suite's (or test's) own, where its awaits resume: its time is its own,
    /// whatever other tests do to the pool.
    public static func ownThread(_ name: String) -> OnThreads {
        OnThreads(ThreadsExecutor(threads: 1, name: name))
    }
}

private let sharedBlockingThreads = ThreadsExecutor(
    threads: ProcessInfo.processInfo.activeProcessorCount, name: "blocking tests")
