import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A task executor with threads of its own: jobs run there, in the order they came, never on
/// Swift's cooperative threads.
///
/// Swift Testing runs every test, synchronous or not, on the cooperative pool, which has one
/// thread per core (two here). A test that blocks (a socket read, a daemon's start, a
/// semaphore) holds one of them for as long as it blocks, and every await of every other test
/// waits for a free one: in a full run, two tests of a suite that takes 0.3 s alone took 62 s.
/// Under a preference for this executor (``OnThreads``), a test blocks one of these threads
/// instead, and an async test resumes here after each await, whoever holds the pool.
public final class ThreadsExecutor: TaskExecutor, @unchecked Sendable {
    private let threads: Int
    private let name: String
    // Guarded by `condition`.
    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []
    private var started = false
    private var running: [pthread_t] = []

    /// `threads` threads named `name`, started at the first job; they live as long as the process.
    public init(threads: Int, name: String) {
        self.threads = max(1, threads)
        self.name = name
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        if !started {
            started = true
            for index in 0..<threads {
                let thread = Thread { [self] in
                    condition.lock()
                    running.append(pthread_self())
                    condition.unlock()
                    run()
                }
                thread.name = "\(name) \(index)"
                thread.start()
            }
        }
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    /// Whether the calling thread is one of this executor's (`Thread.current` cannot tell on
    /// Linux: its name there is the process's, and async code may not ask for it).
    public var isCurrent: Bool {
        let current = pthread_self()
        condition.lock()
        defer { condition.unlock() }
        return running.contains { pthread_equal($0, current) != 0 }
    }

    private func run() {
        while true {
            condition.lock()
            while jobs.isEmpty { condition.wait() }
            let job = jobs.removeFirst()
            condition.unlock()
            job.runSynchronously(on: asUnownedTaskExecutor())
        }
    }
}
