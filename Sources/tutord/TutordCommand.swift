import ArgumentParser

@main
struct TutordCommand: ParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "tutord",
        abstract: "A chat-style tutor daemon.",
        discussion: "Courses are .dialogue files; see docs/dialogue-format.md.",
        version: version,
        subcommands: [ServeCommand.self, CheckCommand.self, ExportCommand.self, WalkCommand.self, ImportCommand.self,
                      InstallCourseCommand.self, RemoveCourseCommand.self, ReportCommand.self],
        defaultSubcommand: ServeCommand.self
    )
}
