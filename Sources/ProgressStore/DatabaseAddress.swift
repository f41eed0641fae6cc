import Foundation

/// Where progress is kept, as `--database` names it: an SQLite file or a PostgreSQL database.
///
/// - `sqlite:PATH` (or a bare path): the embedded store, one file.
/// - `postgres://[user[:password]@]host[:port]/database` over TCP, and
///   `postgresql:///database?host=/run/postgresql` over the server's Unix socket in that
///   directory (peer authentication needs no password). `postgres` and `postgresql` are the
///   same. Query parameters: `host` (a socket directory), `user`, `passfile` (a file whose
///   first line is the password), `sslmode` (`disable`, `prefer`, the default for TCP, or
///   `require`).
///
/// ``description`` never shows a password: it is what logs and messages print.
public enum DatabaseAddress: Equatable, Sendable, CustomStringConvertible {
    case sqlite(path: String)
    case postgres(Postgres)

    /// A PostgreSQL database and how to reach it.
    public struct Postgres: Equatable, Sendable {
        public enum Endpoint: Equatable, Sendable {
            /// The server's socket file (`<directory>/.s.PGSQL.<port>`).
            case unixSocket(path: String)
            case tcp(host: String, port: Int)
        }

        public enum TLSMode: String, Equatable, Sendable {
            case disable, prefer, require
        }

        public var endpoint: Endpoint
        public var user: String
        public var password: String?
        public var database: String
        public var tls: TLSMode
    }

    /// Reads `--database`. `defaultUser` is the user PostgreSQL is asked to log in as when
    /// the address names none (libpq's rule: the operating-system user).
    public init(parsing text: String, defaultUser: String) throws(StoreError) {
        if text.hasPrefix("sqlite:") {
            let path = String(text.dropFirst("sqlite:".count))
            guard !path.isEmpty else { throw StoreError(.address, "`sqlite:` needs a file path, as in sqlite:/var/lib/tutord/tutord.sqlite") }
            self = .sqlite(path: path)
            return
        }
        guard text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") else {
            if text.contains("://") {
                throw StoreError(.address, "`\(Self.redacted(text))` is not a database tutord knows; use sqlite:PATH or postgres://…")
            }
            // Taken as a file name, a mistyped address would be printed whole, password and all,
            // by the errors of opening it.
            if text.lowercased().hasPrefix("postgres:") || text.lowercased().hasPrefix("postgresql:") {
                throw StoreError(.address, "a PostgreSQL address starts with postgres:// or postgresql://, as in postgres://host/tutord (a file whose name starts with `postgres:` is sqlite:postgres:…)")
            }
            self = .sqlite(path: text)
            return
        }
        guard let components = URLComponents(string: text) else {
            throw StoreError(.address, "`\(Self.redacted(text))` is not a valid PostgreSQL address")
        }
        var parameters: [String: String] = [:]
        for item in components.queryItems ?? [] {
            guard let value = item.value else { continue }
            parameters[item.name] = value
        }
        let known: Set<String> = ["host", "user", "passfile", "sslmode", "port"]
        if let unknown = parameters.keys.sorted().first(where: { !known.contains($0) }) {
            throw StoreError(.address, "the PostgreSQL address has an unknown parameter `\(unknown)` (known: \(known.sorted().joined(separator: ", ")))")
        }
        let database = String(components.percentEncodedPath.dropFirst()).removingPercentEncoding ?? ""
        guard !database.isEmpty, !database.contains("/") else {
            throw StoreError(.address, "the PostgreSQL address names no database, as in postgres://host/tutord")
        }
        let port: Int
        if let explicit = components.port ?? parameters["port"].flatMap(Int.init) {
            guard (1...65535).contains(explicit) else { throw StoreError(.address, "the PostgreSQL port \(explicit) is out of range") }
            port = explicit
        } else {
            port = 5432
        }
        let endpoint: Postgres.Endpoint
        if let directory = parameters["host"], directory.hasPrefix("/") {
            endpoint = .unixSocket(path: directory + "/.s.PGSQL.\(port)")
        } else if let host = components.host.flatMap({ $0.isEmpty ? nil : $0 }) ?? parameters["host"] {
            endpoint = .tcp(host: host, port: port)
        } else {
            // libpq's default: the socket in /run/postgresql on Debian.
            endpoint = .unixSocket(path: "/run/postgresql/.s.PGSQL.\(port)")
        }
        var password: String?
        if let encoded = components.password {
            // Decoded to nothing, it would be left out silently and the login refused.
            guard let decoded = encoded.removingPercentEncoding else {
                throw StoreError(.address, "the password in the PostgreSQL address has a `%` not followed by two hex digits (write % as %25): `\(Self.redacted(text))`")
            }
            password = decoded
        }
        if let file = parameters["passfile"] {
            guard let contents = try? String(contentsOfFile: file, encoding: .utf8) else {
                throw StoreError(.address, "cannot read the password file \(file)")
            }
            password = contents.split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init)
        }
        let tls: Postgres.TLSMode
        if let mode = parameters["sslmode"] {
            guard let known = Postgres.TLSMode(rawValue: mode) else {
                throw StoreError(.address, "sslmode is disable, prefer or require, not \(mode)")
            }
            tls = known
        } else {
            tls = .prefer
        }
        let user = components.user?.removingPercentEncoding ?? parameters["user"] ?? defaultUser
        self = .postgres(Postgres(endpoint: endpoint, user: user, password: password, database: database, tls: tls))
    }

    /// The address as logs and messages show it: never with its password.
    public var description: String {
        switch self {
        case .sqlite(let path):
            return "sqlite:\(path)"
        case .postgres(let postgres):
            switch postgres.endpoint {
            case .unixSocket(let path):
                let directory = (path as NSString).deletingLastPathComponent
                return "postgresql://\(postgres.user)@/\(postgres.database)?host=\(directory)"
            case .tcp(let host, let port):
                return "postgresql://\(postgres.user)@\(host):\(port)/\(postgres.database)"
            }
        }
    }

    /// `text` with any password in it replaced, for an error message about it. An address
    /// that does not parse as a URL (a space, a bad port, an unencoded `@` or `/` in the
    /// password) loses everything between `scheme://user:` and its last `@`, which may hide
    /// more than the password but never less.
    static func redacted(_ text: String) -> String {
        if var components = URLComponents(string: text) {
            guard components.password != nil else { return text }
            components.password = "***"
            if let redacted = components.string { return redacted }
        }
        guard let schemeEnd = text.range(of: "://") else { return text }
        let rest = text[schemeEnd.upperBound...]
        guard let at = rest.lastIndex(of: "@") else { return text }
        guard let colon = rest[..<at].firstIndex(of: ":") else { return text }
        return String(text[..<colon]) + ":***" + String(text[at...])
    }
}
