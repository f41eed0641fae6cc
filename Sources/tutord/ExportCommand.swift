import Tutoring
import ArgumentParser
import Foundation
import Logging
import ProgressStore
import SystemSupport

/// `tutord export`: a learner's progress as JSON, straight from the store.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Print a learner's progress as JSON (the daemon may keep running)."
    )

    @Option(help: ArgumentHelp("The learner: a user name, or user/profile (default: you).", valueName: "name"))
    var learner: String?

    @Option(help: ArgumentHelp("Where progress is stored (default: $XDG_STATE_HOME/tutord).", valueName: "dir"), completion: .directory)
    var stateDir: String?

    @Option(help: ArgumentHelp(ArgumentHelpText.database, valueName: "address"))
    var database: String?

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        let address = try StoreOpening.address(database, stateDirectory: try stateDir ?? StatePath.defaultDirectory(environment: environment))
        if case .sqlite(let path) = address, !FileManager.default.fileExists(atPath: path) {
            printError("tutord: no progress stored at \(path)")
            throw ExitCode.failure
        }
        let store = try StoreOpening.open(address, readOnly: true, logger: Logger(label: "tutord"))
        let known = try store.learners()
        guard let id = resolve(learner), known.contains(id) else {
            let names = known.map(Self.name(of:)).sorted()
            printError("tutord: no learner \(learner ?? Self.name(of: LearnerID(uid: getuid()))) in \(store.location)"
                       + (names.isEmpty ? " (it has no learners yet)" : "; its learners: \(names.joined(separator: ", "))"))
            throw ExitCode.failure
        }
        // Piece by piece as the store is read, so a long history is never held whole.
        let stream = try store.exportStream(id)
        while let piece = try stream.next() { writeOut(piece) }
        writeOut("\n")
    }

    /// `alice`, `alice/work`, or nothing for the calling user; `nil` for no such user or profile.
    private func resolve(_ name: String?) -> LearnerID? {
        guard let name else { return LearnerID(uid: getuid()) }
        let parts = name.split(separator: "/", maxSplits: 1).map(String.init)
        guard let user = UserDatabase.user(named: parts[0]) else { return nil }
        let profile = parts.count > 1 ? parts[1] : ""
        guard profile.isEmpty || LearnerID.isValidProfile(profile) else { return nil }
        return LearnerID(uid: user.uid, profile: profile)
    }

    /// `alice` or `alice/work`, as `--learner` takes it.
    static func name(of learner: LearnerID) -> String {
        let user = UserDatabase.name(of: learner.uid)
        return learner.profile.isEmpty ? user : "\(user)/\(learner.profile)"
    }
}
