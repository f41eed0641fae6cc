import ArgumentParser

@main
struct TutordCommand: ParsableCommand {
    static let version = "0.1.0"

    /// `tutord --help` shows how to serve, since serving is what `tutord` does by default: the
    /// serve options, taken from `tutord help serve` (so the list cannot drift from it).
    static var configuration: CommandConfiguration { CommandConfiguration(
        commandName: "tutord",
        abstract: "A chat-style tutor daemon.",
        discussion: """
            Courses are .dialogue files; see docs/dialogue-format.md. Without a subcommand tutord \
            serves (`tutord help serve` explains each option):

            """ + (mayShowHelp ? serveOptions : ""),
        version: version,
        subcommands: [ServeCommand.self, CheckCommand.self, ExportCommand.self, WalkCommand.self, NewCommand.self, ImportCommand.self,
                      InstallCourseCommand.self, RemoveCourseCommand.self, ReportCommand.self, MigrateStoreCommand.self, ExerciseCommand.self],
        defaultSubcommand: ServeCommand.self
    ) }

    /// Whether this command line may print the help above. The list of serve options is built
    /// by rendering serve's whole help, and ArgumentParser reads `configuration` as it parses
    /// every command line: built each time, it was a tenth of the daemon's CPU from exec to
    /// its first reply (perf, 10 socket-activated starts), so a daemon starting to serve skips it.
    static let mayShowHelp = CommandLine.arguments.dropFirst().contains { ["-h", "--help", "help", "--experimental-dump-help"].contains($0) }

    /// `--socket <path>`, `--classroom`, ...: the options of `serve`, a few to a line.
    static var serveOptions: String {
        let options = ServeCommand.helpMessage(columns: 200).split(separator: "\n")
            .filter { $0.hasPrefix("  --") && !$0.hasPrefix("  --version") }
            .map { line in String(line.dropFirst(2).prefix { $0 != " " || !line.contains("  ") }).components(separatedBy: "  ")[0] }
        var lines: [String] = []
        var current = ""
        for option in options {
            if !current.isEmpty && current.count + option.count + 2 > 76 {
                lines.append(current)
                current = ""
            }
            current += (current.isEmpty ? "" : ", ") + option
        }
        if !current.isEmpty { lines.append(current) }
        return lines.joined(separator: ",\n")
    }
}
