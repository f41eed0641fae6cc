import Foundation
import NIOConcurrencyHelpers
import SystemSupport
import Tutoring

/// PostgreSQL under the store algorithms: transactions on a pool of writers' links (as many as
/// the group committer keeps batches in flight), reads on a pool of links (``PostgresLinkPool``), learners keyed by user name (uids differ between the machines
/// that share the database), times as `timestamptz` rounded as SQLite's are.
struct PostgresDialect: StoreDialect {
    let writers: PostgresLinkPool
    let readers: PostgresLinkPool
    /// User names by uid, for ``key(ofUser:)``: as many as there are users who learn here.
    private let names = NIOLockedValueBox([UInt32: String]())

    init(writers: PostgresLinkPool, readers: PostgresLinkPool) {
        self.writers = writers
        self.readers = readers
    }

    static let catalogue = StoreStatements(learnerKey: "user_name", keyType: .text)
    var sql: StoreStatements { Self.catalogue }

    /// The login name of `uid` here (`uid<N>` when it has none), looked up once per uid (each
    /// look-up reads the passwd database).
    func key(ofUser uid: UInt32) -> StoreValue {
        .text(userName(uid))
    }

    func userName(_ uid: UInt32) -> String {
        if let name = names.withLockedValue({ $0[uid] }) { return name }
        let name = UserDatabase.name(of: uid)
        names.withLockedValue { $0[uid] = name }
        return name
    }

    /// The local uid of a stored user name (`uid<N>` for a user without a name here).
    func learner(key: StoreValue, profile: String) -> LearnerID? {
        let name = key.text
        if let user = UserDatabase.user(named: name) { return LearnerID(uid: user.uid, profile: profile) }
        if name.hasPrefix("uid"), let uid = UInt32(name.dropFirst(3)) { return LearnerID(uid: uid, profile: profile) }
        return nil
    }

    func time(_ date: Date) -> StoreValue { .date(StoredTime.rounded(date)) }

    var locksLearners: Bool { true }

    func transaction<T>(_ body: (PostgresLink.Connection) throws(StoreError) -> T) throws(StoreError) -> T {
        try writers.with { link throws(StoreError) in try link.transaction(body) }
    }

    /// A read on a link of the pool; several statements of one read are not one snapshot
    /// (as they were not before the pool), which a learner's reads, made one at a time by
    /// their worker, do not need.
    func read<T>(_ body: (PostgresLink.Connection) throws(StoreError) -> T) throws(StoreError) -> T {
        try readers.with { link throws(StoreError) in try link.with(body) }
    }
}
