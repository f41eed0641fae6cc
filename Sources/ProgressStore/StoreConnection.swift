/// A store's connection as the store algorithms (``ProgressTables``) use it, inside a
/// transaction or a read: statements in, rows and counts out, failures as ``StoreError``s.
protocol StoreConnection {
    /// Runs a statement whose result the caller does not need. A store may send it without
    /// waiting (PostgreSQL does): its failure is then thrown by a later call on the connection,
    /// or by the end of the transaction, which never commits after one.
    func run(_ sql: StoreSQL, _ values: [StoreValue]) throws(StoreError)
    /// Runs a statement and returns how many rows it inserted, updated or deleted.
    func changes(_ sql: StoreSQL, _ values: [StoreValue]) throws(StoreError) -> Int
    /// Runs a query and returns its rows.
    func rows(_ sql: StoreSQL, _ values: [StoreValue]) throws(StoreError) -> [StoreRow]
    /// Runs a statement over a batch's rows (each as many values as `sql` has columns), as
    /// ``run(_:_:)`` does; nothing when there are none.
    func run(_ sql: BatchSQL, rows: [StoreRow]) throws(StoreError)
    /// Runs a query over a batch's rows and returns the rows it reads; none when there are none.
    func rows(_ sql: BatchSQL, rows: [StoreRow]) throws(StoreError) -> [StoreRow]
}
