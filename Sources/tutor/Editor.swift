import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The learner's editor, as git and crontab choose it: `$VISUAL`, else `$EDITOR`, else
/// `editor` (Debian's alternatives link) if it is on `PATH`, else `vi`. The value is a shell
/// command (`code --wait`, `emacs -nw`): it runs as `sh -c '<command> "$1"'` with the file.
struct Editor: Equatable {
    /// The command, as the variable holds it.
    var command: String
    /// Where it came from, for the learner: `$VISUAL`, `$EDITOR`, or `the default`.
    var source: String

    init(environment: [String: String]) {
        if let visual = environment["VISUAL"], !visual.trimmingCharacters(in: .whitespaces).isEmpty {
            (command, source) = (visual, "$VISUAL")
        } else if let editor = environment["EDITOR"], !editor.trimmingCharacters(in: .whitespaces).isEmpty {
            (command, source) = (editor, "$EDITOR")
        } else if Self.onPath("editor", path: environment["PATH"] ?? "/usr/bin:/bin") {
            (command, source) = ("editor", "the default, as neither VISUAL nor EDITOR is set")
        } else {
            (command, source) = ("vi", "the default, as neither VISUAL nor EDITOR is set")
        }
    }

    /// Runs the editor on `file` on this terminal and waits for it. Ctrl-C in the editor is
    /// the editor's: `tutor` ignores SIGINT and SIGQUIT meanwhile (the editor gets them back
    /// at their defaults). Returns a reason when it could not start or did not exit 0.
    func edit(_ file: String) -> String? {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGINT)
        sigaddset(&defaults, SIGQUIT)
        sigaddset(&defaults, SIGPIPE)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF))
        let arguments = ["/bin/sh", "-c", command + " \"$1\"", "sh", file]
        var argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let oldInterrupt = signal(SIGINT, SIG_IGN)
        let oldQuit = signal(SIGQUIT, SIG_IGN)
        defer {
            signal(SIGINT, oldInterrupt)
            signal(SIGQUIT, oldQuit)
        }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, "/bin/sh", nil, &attributes, &argv, environ)
        guard result == 0 else { return "cannot start /bin/sh: \(String(cString: strerror(result)))" }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { return "lost the editor: \(String(cString: strerror(errno)))" }
        }
        let exited = status & 0x7f == 0
        let code = (status >> 8) & 0xff
        if exited && code == 0 { return nil }
        if exited && code == 127 { return "the editor `\(command)` (\(source)) was not found" }
        return exited ? "the editor `\(command)` exited with status \(code)" : "the editor `\(command)` was ended by signal \(status & 0x7f)"
    }

    private static func onPath(_ program: String, path: String) -> Bool {
        path.split(separator: ":").contains { access("\($0)/\(program)", X_OK) == 0 }
    }
}
