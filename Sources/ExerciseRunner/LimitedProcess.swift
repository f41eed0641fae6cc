import CTutordSystem
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One run of a program under ``CheckLimits``: its own process group, a scrubbed environment,
/// no inherited descriptors, output read as it comes and capped, and the whole group killed
/// at the wall-clock limit or when its output passes the cap.
struct LimitedProcess {
    /// How a run ended.
    enum Ending: Sendable, Equatable {
        /// The program exited with this status.
        case exited(Int32)
        /// A signal ended it (SIGXCPU: the CPU limit; SIGXFSZ: the file size limit).
        case signaled(Int32)
        /// Still running (or its children still holding its output) at the wall-clock limit.
        case timedOut
        /// It printed more than the output limit.
        case flooded
    }

    struct Outcome: Sendable {
        var ending: Ending
        var output: [UInt8]
        var errors: [UInt8]
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    let executable: String
    let arguments: [String]
    let environment: [String: String]
    let directory: String
    let limits: CheckLimits

    /// Runs it to its end; never waits past the wall-clock limit (and a moment to reap).
    func run() throws(Failure) -> Outcome {
        var outputPipe: [Int32] = [-1, -1]
        var errorPipe: [Int32] = [-1, -1]
        guard csystem_pipe_cloexec(&outputPipe) == 0 else { throw Failure(description: "cannot make a pipe: \(String(cString: strerror(errno)))") }
        guard csystem_pipe_cloexec(&errorPipe) == 0 else {
            close(outputPipe[0]); close(outputPipe[1])
            throw Failure(description: "cannot make a pipe: \(String(cString: strerror(errno)))")
        }
        var cLimits = csystem_limits(
            cpu_seconds: UInt(limits.cpuSeconds), address_space: UInt(limits.memoryBytes), file_size: UInt(limits.fileSizeBytes),
            open_files: UInt(limits.openFiles), processes: UInt(Self.processesOfThisUser() + limits.extraProcesses))
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        // What the check leaves behind (the children of a fork loop whose parents died) is
        // reparented to this process rather than to init, so it is reaped below.
        _ = csystem_become_subreaper()
        let pid = csystem_spawn_limited(executable, argv, envp, directory, outputPipe[1], errorPipe[1], &cLimits)
        close(outputPipe[1])
        close(errorPipe[1])
        guard pid > 0 else {
            close(outputPipe[0]); close(errorPipe[0])
            throw Failure(description: "cannot start \(executable): \(String(cString: strerror(errno)))")
        }
        // Also here: a kill of the group must not race the child's own setpgid.
        _ = setpgid(pid, pid)
        var ending = read(outputPipe[0], errorPipe[0], pid: pid)
        close(outputPipe[0])
        close(errorPipe[0])
        // Whatever it started goes too (a straggler in the background, what a fork loop left),
        // and every member of its group is reaped: they are this process's children now.
        kill(-pid, SIGKILL)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        var other: Int32 = 0
        while waitpid(-pid, &other, 0) > 0 || errno == EINTR {}
        if ending.ending == nil {
            ending.ending = Self.exitedNormally(status) ? .exited(Self.exitStatus(status)) : .signaled(Self.terminatingSignal(status))
        }
        return Outcome(ending: ending.ending!, output: ending.output, errors: ending.errors)
    }

    /// Reads both pipes until both close, the output passes the cap, or the wall clock runs
    /// out; in the last two cases the process group is killed and the ending says why.
    private func read(_ output: Int32, _ errors: Int32, pid: pid_t) -> (ending: Ending?, output: [UInt8], errors: [UInt8]) {
        var collected: [[UInt8]] = [[], []]
        var open = [output, errors]
        let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(limits.wallSeconds) * 1_000_000_000
        var buffer = [UInt8](repeating: 0, count: 16384)
        while open.contains(where: { $0 >= 0 }) {
            let now = DispatchTime.now().uptimeNanoseconds
            guard now < deadline else {
                kill(-pid, SIGKILL)
                return (.timedOut, collected[0], collected[1])
            }
            var fds = open.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            let wait = Int32(min(1000, (deadline - now) / 1_000_000 + 1))
            let ready = poll(&fds, nfds_t(fds.count), wait)
            if ready < 0 && errno != EINTR { break }
            for index in fds.indices where fds[index].fd >= 0 && fds[index].revents != 0 {
                let count = buffer.withUnsafeMutableBytes { Glibc.read(fds[index].fd, $0.baseAddress, $0.count) }
                if count <= 0 {
                    if count < 0 && (errno == EINTR || errno == EAGAIN) { continue }
                    open[index] = -1
                    continue
                }
                collected[index] += buffer[..<count]
                if collected[index].count > limits.outputBytes {
                    kill(-pid, SIGKILL)
                    collected[index].removeLast(collected[index].count - limits.outputBytes)
                    return (.flooded, collected[0], collected[1])
                }
            }
        }
        return (nil, collected[0], collected[1])
    }

    /// How many processes and threads the user has now, which RLIMIT_NPROC counts: the
    /// check's limit is that many plus its own allowance. From /proc; 0 when unreadable.
    static func processesOfThisUser() -> Int {
        let uid = getuid()
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return 0 }
        var count = 0
        for entry in entries where entry.allSatisfy(\.isNumber) {
            var info = stat()
            guard stat("/proc/\(entry)", &info) == 0, info.st_uid == uid else { continue }
            // Threads count too: /proc/PID/task holds one entry per thread.
            count += (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(entry)/task").count) ?? 1
        }
        return count
    }

    private static func exitedNormally(_ status: Int32) -> Bool { status & 0x7f == 0 }
    private static func exitStatus(_ status: Int32) -> Int32 { (status >> 8) & 0xff }
    private static func terminatingSignal(_ status: Int32) -> Int32 { status & 0x7f }
}
