import CTutordSystem
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One run of a program under ``CheckLimits``: its own process group, a scrubbed environment,
/// no inherited descriptors but a marker pipe on descriptor 3, output read as it comes and
/// capped, and the whole group killed at the wall-clock limit, when its output passes the cap,
/// or when the run is cancelled.
struct LimitedProcess {
    /// How a run ended.
    enum Ending: Sendable, Equatable {
        /// The program exited with this status.
        case exited(Int32)
        /// A signal ended it; `cpuSeconds` is the CPU time it had used (SIGXCPU, or SIGKILL at
        /// the hard CPU limit, mean the CPU limit; anything else is something else).
        case signaled(Int32, cpuSeconds: Double)
        /// Still running (or its children still holding its output) at the wall-clock limit.
        case timedOut
        /// It printed more than the output limit.
        case flooded
        /// The run was cancelled (``CheckCancellation``).
        case cancelled
    }

    struct Outcome: Sendable {
        var ending: Ending
        var output: [UInt8]
        var errors: [UInt8]
        /// What the program wrote on descriptor 3.
        var marker: [UInt8]
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    let executable: String
    let arguments: [String]
    let environment: [String: String]
    let directory: String
    let limits: CheckLimits
    let cancellation: CheckCancellation?

    /// Runs it to its end; never waits much past the wall-clock limit, whatever the program does.
    func run() throws(Failure) -> Outcome {
        var pipes: [[Int32]] = []
        for _ in 0..<3 {
            var ends: [Int32] = [-1, -1]
            guard csystem_pipe_cloexec(&ends) == 0 else {
                pipes.flatMap { $0 }.forEach { close($0) }
                throw Failure(description: "cannot make a pipe: \(String(cString: strerror(errno)))")
            }
            pipes.append(ends)
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
        let pid = csystem_spawn_limited(executable, argv, envp, directory, pipes[0][1], pipes[1][1], pipes[2][1], &cLimits)
        for ends in pipes { close(ends[1]) }
        guard pid > 0 else {
            for ends in pipes { close(ends[0]) }
            throw Failure(description: "cannot start \(executable): \(String(cString: strerror(errno)))")
        }
        // Also here: a kill of the group must not race the child's own setpgid.
        _ = setpgid(pid, pid)
        cancellation?.started(pid)
        var read = read([pipes[0][0], pipes[1][0], pipes[2][0]], pid: pid)
        for ends in pipes { close(ends[0]) }
        // Whatever it started goes too (a straggler in the background, what a fork loop
        // left), the program itself even if it left its group; then everyone is reaped.
        kill(-pid, SIGKILL)
        kill(pid, SIGKILL)
        // Before the reap: once reaped, the pid may name someone else's process.
        cancellation?.ended()
        let (status, usage) = Self.reap(pid)
        if read.ending == nil, cancellation?.isCancelled == true { read.ending = .cancelled }
        let ending = read.ending ?? (Self.exitedNormally(status) ? .exited(Self.exitStatus(status))
            : .signaled(Self.terminatingSignal(status), cpuSeconds: usage))
        return Outcome(ending: ending, output: read.collected[0], errors: read.collected[1], marker: read.collected[2])
    }

    /// Reads the pipes until all close, the output passes the cap, the wall clock runs out or
    /// the run is cancelled; in the last three cases the process group is killed and the ending
    /// says why.
    private func read(_ descriptors: [Int32], pid: pid_t) -> (ending: Ending?, collected: [[UInt8]]) {
        var collected: [[UInt8]] = descriptors.map { _ in [] }
        var open = descriptors
        let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(limits.wallSeconds) * 1_000_000_000
        var buffer = [UInt8](repeating: 0, count: 16384)
        func stop(_ ending: Ending) -> (ending: Ending?, collected: [[UInt8]]) {
            kill(-pid, SIGKILL)
            kill(pid, SIGKILL)
            return (ending, collected)
        }
        while open.contains(where: { $0 >= 0 }) {
            if cancellation?.isCancelled == true { return stop(.cancelled) }
            let now = DispatchTime.now().uptimeNanoseconds
            guard now < deadline else { return stop(.timedOut) }
            var fds = open.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            // At most a tenth of a second: a cancellation is noticed that soon.
            let wait = Int32(min(100, (deadline - now) / 1_000_000 + 1))
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
                    collected[index].removeLast(collected[index].count - limits.outputBytes)
                    return stop(.flooded)
                }
            }
        }
        return (nil, collected)
    }

    /// Waits for the program (killed already) and then reaps every member of its group that is
    /// this process's child, for at most two seconds: SIGKILL cannot be ignored, but a process
    /// stuck in the kernel could outlive it. Returns the program's status and its CPU seconds.
    private static func reap(_ pid: pid_t) -> (status: Int32, cpuSeconds: Double) {
        let deadline = DispatchTime.now().uptimeNanoseconds + 2_000_000_000
        var status: Int32 = 0
        var usage = rusage()
        var reaped = false
        while !reaped, DispatchTime.now().uptimeNanoseconds < deadline {
            let result = wait4(pid, &status, WNOHANG, &usage)
            if result == pid || (result < 0 && errno == ECHILD) { reaped = true } else { usleep(1000) }
        }
        var other: Int32 = 0
        while DispatchTime.now().uptimeNanoseconds < deadline {
            let result = waitpid(-pid, &other, WNOHANG)
            if result < 0 && errno != EINTR { break }  // ECHILD: none left in the group
            if result == 0 { usleep(1000) }
        }
        let cpu = Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
        return (status, cpu)
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
