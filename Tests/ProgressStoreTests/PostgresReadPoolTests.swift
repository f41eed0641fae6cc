import Dispatch
import Foundation
import Logging
import NIOPosix
import PostgresNIO
import TestPostgres
import TestThreads
import Testing
import Tutoring
@testable import ProgressStore

/// PostgreSQL reads take a connection each from a pool: one read waiting on the server does
/// not hold up another.
@Suite(.blockingThreads) struct PostgresReadPoolTests {
    let alice = LearnerID(uid: 1000)

    @Test func aReadWaitingOnALockDoesNotHoldUpAnother() throws {
        let server = PostgresServer.shared
        let database = try server.makeDatabase()
        let configuration = PostgresConnection.Configuration(unixSocketPath: server.socketPath, username: server.user, password: nil,
                                                             database: database)
        let store = try PostgresProgressStore.open(configuration: configuration, location: database)
        var conversation = Conversation(course: storeCourse, progress: LearnerProgress())
        try store.record([ProgressWrite(learner: alice, course: "tiny", events: conversation.open().events, date: Date(), opensCourse: true)])

        // Another session, outside the store, holds a lock that reading progress waits for.
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        defer { try? group.syncShutdownGracefully() }
        func link() -> PostgresLink {
            PostgresLink(configuration: configuration, eventLoop: group.next(), logger: Logger(label: "test"), location: database,
                         outage: PostgresOutage(logger: Logger(label: "test"), location: database))
        }
        let blocker = link(), watcher = link()
        defer { blocker.close(); watcher.close() }
        let locked = DispatchSemaphore(value: 0), release = DispatchSemaphore(value: 0), blockerDone = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            _ = try? blocker.transaction { connection throws(StoreError) in
                _ = try connection.fetch("LOCK TABLE review_log IN ACCESS EXCLUSIVE MODE")
                locked.signal()
                release.wait()
            }
            blockerDone.signal()
        }
        locked.wait()

        // The slow read: stored progress reads the review log, and waits for the lock.
        let slowDone = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var slow: StoredProgress?
        Thread.detachNewThread {
            slow = try? store.storedProgress(for: alice, course: "tiny")
            slowDone.signal()
        }
        // Until the server says a session of this database waits for a lock (polled: the
        // condition itself, not a time, is what the test waits for).
        let deadline = Date().addingTimeInterval(60)
        var waiting = false
        while !waiting && Date() < deadline {
            waiting = try watcher.with { connection throws(StoreError) in
                try PostgresLink.decode(try connection.fetch("""
                    SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'
                    """)[0], Int.self)
            } > 0
            if !waiting { usleep(10_000) }
        }
        #expect(waiting, "the first read never waited for the lock")

        // Another read, which needs no locked table, completes meanwhile.
        let fastDone = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var course: String?
        Thread.detachNewThread {
            course = try? store.lastCourse(for: alice)
            fastDone.signal()
        }
        let answered = fastDone.wait(timeout: .now() + 30) == .success
        #expect(answered, "the second read waited for the first")

        release.signal()
        blockerDone.wait()
        if !answered { fastDone.wait() }
        slowDone.wait()
        #expect(course == "tiny")
        #expect(slow != nil)
    }
}
