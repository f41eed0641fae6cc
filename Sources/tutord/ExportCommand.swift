import Tutoring
import ArgumentParser
import Foundation
import ProgressStore

/// `tutord export`: a learner's progress as JSON, straight from the store.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Print a learner's progress as JSON (the daemon may keep running)."
    )

    @Option(help: ArgumentHelp("The learner: a user name, or user/profile (default: you).", valueName: "name"))
    var learner: String?

    @Option(help: ArgumentHelp("Where progress is stored (default: $XDG_STATE_HOME/tutord).", valueName: "dir"))
    var stateDir: String?

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        let directory = try stateDir ?? StatePath.defaultDirectory(environment: environment)
        let path = directory + "/tutord.sqlite"
        guard FileManager.default.fileExists(atPath: path) else {
            printError("tutord: no progress stored at \(path)")
            throw ExitCode.failure
        }
        let id = try resolve(learner)
        let store = try ProgressStore.open(path: path, readOnly: true)
        writeOut(String(decoding: try store.export(id), as: UTF8.self) + "\n")
    }

    /// `alice`, `alice/work`, or nothing for the calling user.
    private func resolve(_ name: String?) throws -> LearnerID {
        guard let name else { return LearnerID(uid: getuid()) }
        let parts = name.split(separator: "/", maxSplits: 1).map(String.init)
        guard let user = getpwnam(parts[0]) else {
            throw ValidationError("no user \(parts[0])")
        }
        let profile = parts.count > 1 ? parts[1] : ""
        guard profile.isEmpty || LearnerID.isValidProfile(profile) else {
            throw ValidationError("\(profile) is not a profile name")
        }
        return LearnerID(uid: user.pointee.pw_uid, profile: profile)
    }
}
