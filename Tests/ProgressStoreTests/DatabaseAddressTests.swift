import Foundation
import Testing
@testable import ProgressStore

/// `--database`: each form it takes, the defaults libpq users expect, a clear error for
/// each kind of bad address, and no password in anything printed.
@Suite struct DatabaseAddressTests {
    func parse(_ text: String) throws -> DatabaseAddress {
        try DatabaseAddress(parsing: text, defaultUser: "alice")
    }

    func postgres(_ text: String) throws -> DatabaseAddress.Postgres {
        guard case .postgres(let postgres) = try parse(text) else {
            Issue.record("\(text) is not a PostgreSQL address")
            throw CancellationError()
        }
        return postgres
    }

    @Test func sqliteFilesWithOrWithoutTheScheme() throws {
        #expect(try parse("sqlite:/var/lib/tutord/tutord.sqlite") == .sqlite(path: "/var/lib/tutord/tutord.sqlite"))
        #expect(try parse("sqlite:state/tutord.sqlite") == .sqlite(path: "state/tutord.sqlite"))
        #expect(try parse("/tmp/x.sqlite") == .sqlite(path: "/tmp/x.sqlite"))
    }

    @Test func aUnixSocketDirectoryWithPeerAuthentication() throws {
        let address = try postgres("postgresql:///tutord?host=/run/postgresql")
        #expect(address.endpoint == .unixSocket(path: "/run/postgresql/.s.PGSQL.5432"))
        #expect(address.user == "alice" && address.password == nil && address.database == "tutord")
        #expect(try postgres("postgres:///tutord").endpoint == .unixSocket(path: "/run/postgresql/.s.PGSQL.5432"))
        #expect(try postgres("postgres:///tutord?host=/tmp/pg&port=5433").endpoint == .unixSocket(path: "/tmp/pg/.s.PGSQL.5433"))
    }

    @Test func tcpWithUserPasswordPortAndTLS() throws {
        let address = try postgres("postgres://teach:s%40cret@db.school.example:6543/tutord?sslmode=require")
        #expect(address.endpoint == .tcp(host: "db.school.example", port: 6543))
        #expect(address.user == "teach" && address.password == "s@cret" && address.database == "tutord")
        #expect(address.tls == .require)
        #expect(try postgres("postgres://db/tutord").tls == .prefer)
        #expect(try postgres("postgres://db/tutord").endpoint == .tcp(host: "db", port: 5432))
    }

    @Test func aPasswordFileGivesThePassword() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("tutord-pass-\(UUID().uuidString)").path
        try "from-file\nignored\n".write(toFile: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: file) }
        #expect(try postgres("postgres://teach@db/tutord?passfile=\(file)").password == "from-file")
    }

    @Test func descriptionsNeverShowThePassword() throws {
        let address = try parse("postgres://teach:hunter2@db:6543/tutord")
        #expect("\(address)" == "postgresql://teach@db:6543/tutord")
        #expect(!"\(address)".contains("hunter2"))
        #expect("\(try parse("postgresql:///tutord?host=/run/postgresql"))" == "postgresql://alice@/tutord?host=/run/postgresql")
        #expect(DatabaseAddress.redacted("mysql://root:hunter2@db/x") == "mysql://root:***@db/x")
    }

    @Test(arguments: [
        ("sqlite:", "needs a file path"),
        ("mysql://db/tutord", "is not a database tutord knows"),
        ("postgres://db", "names no database"),
        ("postgres://db/", "names no database"),
        ("postgres://db/tutord?sslmode=maybe", "sslmode is disable, prefer or require"),
        ("postgres://db/tutord?timeout=3", "unknown parameter `timeout`"),
        ("postgres://db:0/tutord", "out of range"),
        ("postgres://db/tutord?passfile=/nonexistent/pass", "cannot read the password file"),
    ])
    func badAddressesSayWhatIsWrong(_ text: String, _ message: String) {
        #expect { try parse(text) } throws: { error in
            guard let error = error as? StoreError, error.kind == .address else { return false }
            return error.description.contains(message) && !error.description.contains("hunter2")
        }
    }

    /// Every way an address with a password can be refused, including addresses that do not
    /// parse as URLs (a bracket, a word for a port, a bad `%` or an unencoded `/` in the password) and
    /// a `postgres:` address without `//`, which a file name would have printed whole.
    @Test(arguments: [
        ("postgres://teach:hunter2@db", "names no database"),
        ("postgres://teach:hunter2@db/", "names no database"),
        ("postgres://teach:hunter2@db/tutord?sslmode=maybe", "sslmode is disable, prefer or require"),
        ("postgres://teach:hunter2@db/tutord?timeout=3", "unknown parameter `timeout`"),
        ("postgres://teach:hunter2@db:0/tutord", "out of range"),
        ("postgres://teach:hunter2@db/tutord?passfile=/nonexistent/pass", "cannot read the password file"),
        ("postgres://teach:hunter2@[db/tutord", "is not a valid PostgreSQL address"),
        ("postgres://teach:hunter2@db:port/tutord", "is not a valid PostgreSQL address"),
        ("postgresql://teach:hunter%zz2@db/tutord", "has a `%` not followed by two hex digits (write % as %25): `postgresql://teach:***@db/tutord`"),
        ("postgres://teach:hunter2/x@db/tutord", "`postgres://teach:***@db/tutord`"),
        ("mysql://root:hunter2@db/x", "is not a database tutord knows"),
        ("mysql://root:hunter2 @db/x", "`mysql://root:***@db/x` is not a database tutord knows"),
        ("postgres:teach:hunter2@db/tutord", "starts with postgres://"),
        ("PostgreSQL:/teach:hunter2@db/tutord", "starts with postgres://"),
    ])
    func noErrorShowsThePassword(_ text: String, _ message: String) {
        #expect { try parse(text) } throws: { error in
            guard let error = error as? StoreError, error.kind == .address else { return false }
            return error.description.contains(message) && !error.description.contains("hunter")
                && !error.description.contains("ter2") && !error.description.contains("/x@")
        }
    }

    @Test func aBadAddressWithAPasswordDoesNotEchoIt() {
        #expect { try parse("mysql://root:hunter2@db/x") } throws: { error in
            "\(error)".contains("***") && !"\(error)".contains("hunter2")
        }
    }
}
