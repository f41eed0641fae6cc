import Dispatch
import NIOConcurrencyHelpers

/// A few ``PostgresLink``s that calls take turns on, one per call: a read that waits (on a
/// lock another session holds, on a slow query) holds up only its own link, and the others
/// go on; the writers' pool lets a second transaction run while the first waits for its commit. A link connects on its first use, so a pool that is never busy keeps one
/// connection open.
final class PostgresLinkPool: Sendable {
    let links: [PostgresLink]
    /// The indices of the links no call holds, the last returned on top (so a quiet pool keeps
    /// using the same connection).
    private let free: NIOLockedValueBox<[Int]>
    /// Counts the free links: a call waits here when every link is out.
    private let available: DispatchSemaphore

    init(_ links: [PostgresLink]) {
        precondition(!links.isEmpty, "a pool of no links")
        self.links = links
        free = NIOLockedValueBox(Array(links.indices.reversed()))
        available = DispatchSemaphore(value: links.count)
    }

    /// Runs `body` on a link of its own, waiting for one while all are out.
    func with<T>(_ body: (PostgresLink) throws(StoreError) -> T) throws(StoreError) -> T {
        available.wait()
        let index = free.withLockedValue { $0.removeLast() }
        defer {
            free.withLockedValue { $0.append(index) }
            available.signal()
        }
        return try body(links[index])
    }

    func close() {
        for link in links { link.close() }
    }
}
