import ArgumentParser
import Foundation
import Logging
import LineProtocol
import ProgressStore
import TutorServer

/// `tutord report`: the teacher's report, read from the database file without a daemon.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Print every learner's totals and the questions most missed, from the progress database.",
        discussion: """
            The same lines as the protocol's `report` (docs/protocol.md): `report:` per learner and \
            `weak:` per question, or `csv:` lines with --csv (--csv --bare prints plain CSV). Reading \
            the database needs the rights to it: for a classroom, run it as root or as the daemon's user.
            """
    )

    @Option(help: ArgumentHelp("Where progress is stored (default: $XDG_STATE_HOME/tutord; a classroom's is /var/lib/tutord).", valueName: "dir"), completion: .directory)
    var stateDir: String?

    @Option(help: ArgumentHelp("Only this course.", valueName: "id"), completion: .courseIDs)
    var course: String?

    @Option(help: ArgumentHelp(ArgumentHelpText.database, valueName: "address"))
    var database: String?

    @Flag(help: "CSV lines instead of report and weak lines.")
    var csv = false

    @Flag(help: "With --csv, the CSV alone, without the `csv: ` keys.")
    var bare = false

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        let address = try StoreOpening.address(database, stateDirectory: try stateDir ?? StatePath.defaultDirectory(environment: environment))
        if case .sqlite(let path) = address, access(path, R_OK) != 0 {
            printError(errno == EACCES ? "tutord: you may not read \(path) (a classroom's is the daemon's: run this as root)"
                                       : "tutord: no progress stored at \(path)")
            throw ExitCode.failure
        }
        let store = try StoreOpening.open(address, readOnly: true, logger: Logger(label: "tutord"))
        let payloads = try ClassReport.payloads(store, course: course, csv: csv, uid: nil, now: Date())
        for payload in payloads {
            for line in payload.lines(for: .text) {
                writeOut(csv && bare ? line.text + "\n" : "\(line.key): \(line.text)\n")
            }
        }
    }
}
