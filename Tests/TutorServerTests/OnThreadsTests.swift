import Foundation
import TestThreads
import Testing

private let onThreadsTestsExecutor = ThreadsExecutor(threads: 1, name: "on-threads test")

/// The trait that keeps tests off Swift's cooperative threads does so: a synchronous test runs
/// on the trait's thread, and an async one comes back to it after each await.
@Suite(OnThreads(onThreadsTestsExecutor)) struct OnThreadsTests {
    static var executor: ThreadsExecutor { onThreadsTestsExecutor }

    @Test func aSynchronousTestRunsOnTheTraitsThread() {
        #expect(Self.executor.isCurrent)
    }

    @Test func anAsyncTestResumesOnTheTraitsThread() async throws {
        #expect(Self.executor.isCurrent)
        try await Task.sleep(for: .milliseconds(1))
        #expect(Self.executor.isCurrent)
        await Task.yield()
        #expect(Self.executor.isCurrent)
    }

}
