import ArgumentParser
import Foundation
import Logging
import ProgressStore
import SystemSupport

/// `tutord migrate-store --from sqlite:… --to postgres://…`: moves a machine's progress into
/// the PostgreSQL database tutords on many hosts share (docs/deployment.md).
struct MigrateStoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate-store",
        abstract: "Copy every learner's progress from an SQLite file into a PostgreSQL database.",
        discussion: """
            Stop the tutord that uses the file first. Run it on the machine the file comes from: \
            learners are stored by uid in the file and by user name in PostgreSQL, and this \
            machine's user database names them. The copy is one transaction: all or nothing. \
            A learner's course the database already has is kept as it is and listed; \
            everything else is added, so several machines' files can go into one database.
            """
    )

    @Option(help: ArgumentHelp("The SQLite file to copy from: sqlite:PATH or a path.", valueName: "address"))
    var from: String

    @Option(help: ArgumentHelp("The PostgreSQL database to copy into (see --database in tutord(1)).", valueName: "address"))
    var to: String

    func run() throws {
        let user = UserDatabase.name(of: getuid())
        guard case .sqlite(let path) = try DatabaseAddress(parsing: from, defaultUser: user) else {
            throw ValidationError("--from must be an SQLite file (sqlite:PATH); copying out of PostgreSQL is not supported")
        }
        guard case .postgres(let destination) = try DatabaseAddress(parsing: to, defaultUser: user) else {
            throw ValidationError("--to must be a PostgreSQL address (postgres://… or postgresql:///db?host=DIR)")
        }
        guard FileManager.default.fileExists(atPath: path) else {
            printError("tutord: no progress stored at \(path)")
            throw ExitCode.failure
        }
        // Opened for writing: an older file is brought up to date first, as tutord would.
        let source = try SQLiteProgressStore.open(path: path)
        let target = try PostgresProgressStore.open(destination, logger: Logger(label: "tutord"))
        let report = try StoreCopy.copy(from: source, to: target)
        writeOut("copied \(report.learners) learners, \(report.courses) courses, \(report.answers) answers, \(report.reviews) reviews from \(path) to \(target.location)\n")
        for kept in report.kept {
            writeOut("kept: \(kept) (the database already had it; the file's copy was left out)\n")
        }
    }
}
