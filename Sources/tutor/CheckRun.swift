import Dialogue
import ExerciseRunner
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One run of an exercise's checks on a thread of its own, so the chat keeps drawing and
/// reading keys meanwhile. It says it is done by writing a byte to a pipe whose read end the
/// chat polls; Ctrl-C or Esc ``cancel()``s it (the running check's process group is killed).
final class CheckRun: @unchecked Sendable {
    enum Outcome {
        case reports([CheckReport], total: Int)
        case stopped
        case failed(String)
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Readable once the run is done.
    let descriptor: Int32
    private let writeEnd: Int32
    private let cancellation = CheckCancellation()
    private let lock = NSLock()
    private var outcome: Outcome?

    /// Starts checking `code` against `exercise`'s checks.
    init(_ exercise: Exercise, code: String) throws(Failure) {
        var ends: [Int32] = [0, 0]
        guard pipe(&ends) == 0 else {
            throw Failure(description: "cannot make a pipe: \(String(cString: strerror(errno)))")
        }
        for end in ends {
            _ = fcntl(end, F_SETFD, FD_CLOEXEC)  // the checks' processes get none of the chat's descriptors
            _ = fcntl(end, F_SETFL, O_NONBLOCK)
        }
        descriptor = ends[0]
        writeEnd = ends[1]
        let thread = Thread { [self] in
            let result: Outcome
            do {
                let checker = try ExerciseChecker(cancellation: cancellation)
                let reports = try checker.check(exercise, code: code)
                result = cancellation.isCancelled ? .stopped : .reports(reports, total: exercise.checks.count)
            } catch {
                result = .failed("\(error)")
            }
            lock.lock()
            outcome = result
            lock.unlock()
            var byte: UInt8 = 1
            _ = write(writeEnd, &byte, 1)
        }
        thread.start()
    }

    deinit {
        close(descriptor)
        close(writeEnd)
    }

    func cancel() {
        cancellation.cancel()
    }

    /// The outcome, once the run is done (its descriptor was readable); `nil` before.
    func finished() -> Outcome? {
        var byte: UInt8 = 0
        _ = read(descriptor, &byte, 1)
        lock.lock()
        defer { lock.unlock() }
        return outcome
    }
}
