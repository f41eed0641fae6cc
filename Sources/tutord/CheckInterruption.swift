import Dispatch
import ExerciseRunner
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Ctrl-C (or SIGTERM, SIGHUP) while checks run: the check is in a process group of its own,
/// so the terminal's signal never reaches it. Instead the signal cancels the run (its group is
/// killed, its directory removed), and the command then exits as the signal would have it.
final class CheckInterruption: @unchecked Sendable {
    let cancellation = CheckCancellation()
    private let lock = NSLock()
    private var received: Int32 = 0
    private var sources: [any DispatchSourceSignal] = []
    private let queue = DispatchQueue(label: "tutord.check-signals")

    init() {
        for number in [SIGINT, SIGTERM, SIGHUP] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler { [self] in
                lock.lock()
                if received == 0 { received = number }
                lock.unlock()
                cancellation.cancel()
            }
            source.resume()
            sources.append(source)
        }
    }

    /// After the run: exits with 128 + the signal's number if one came.
    func exitIfInterrupted() throws {
        lock.lock()
        let number = received
        lock.unlock()
        guard number != 0 else { return }
        printError("tutord: interrupted; the check was stopped")
        exit(128 + number)
    }
}
