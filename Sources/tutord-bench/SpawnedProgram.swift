import CTutordSystem
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A program started with posix_spawn, for the start-up figures: unlike Foundation's
/// `Process`, it can hand the child chosen descriptors (a listening socket as descriptor 3,
/// a terminal as 0, 1 and 2) and start it in a session of its own, and it costs nothing
/// between the clock's start and the exec.
final class SpawnedProgram {
    let pid: pid_t
    private var reaped = false

    /// Starts `path` with `arguments` and exactly `environment`. `descriptors` maps the
    /// child's descriptor numbers to this process's descriptors; every other descriptor
    /// this process opened with close-on-exec stays out of the child. `newSession`: the child
    /// calls setsid, so a terminal it opens first becomes its controlling terminal.
    init(path: String, arguments: [String], environment: [String: String], descriptors: [CInt: CInt] = [:],
         newSession: Bool = false) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for (child, parent) in descriptors.sorted(by: { $0.key < $1.key }) {
            posix_spawn_file_actions_adddup2(&actions, parent, child)
        }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        if newSession {
            posix_spawnattr_setflags(&attributes, Int16(csystem_posix_spawn_setsid()))
        }
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, path, &actions, &attributes, argv, envp)
        guard status == 0 else { throw BenchError("cannot start \(path): \(String(cString: strerror(status)))") }
        self.pid = pid
    }

    /// Sends `signal` and waits for the program to exit, sending SIGKILL if it has not after
    /// 5 s (a tutord sent SIGTERM right after its first reply once went on serving: see
    /// docs/benchmarks.md); returns its wait status.
    @discardableResult
    func stop(_ signal: CInt = SIGTERM) -> CInt {
        guard !reaped else { return 0 }
        kill(pid, signal)
        var status: CInt = 0
        let deadline = ContinuousClock.now + .seconds(5)
        while ContinuousClock.now < deadline {
            if waitpid(pid, &status, WNOHANG) == pid {
                reaped = true
                return status
            }
            usleep(1000)
        }
        FileHandle.standardError.write(Data("tutord-bench: process \(pid) did not exit 5 s after signal \(signal); killed\n".utf8))
        kill(pid, SIGKILL)
        return wait()
    }

    /// Waits for the program to exit; returns its wait status.
    @discardableResult
    func wait() -> CInt {
        var status: CInt = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        reaped = true
        return status
    }

    /// The absolute path of `program` on PATH (or as given, when it holds a slash).
    static func find(_ program: String) -> String? {
        if program.contains("/") { return program }
        let path = (ProcessInfo.processInfo.environment["PATH"] ?? "") + ":/usr/sbin:/usr/bin:/sbin:/bin"
        return path.split(separator: ":").map { "\($0)/\(program)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}
