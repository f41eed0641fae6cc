import ChatClient
import Foundation
import SystemSupport
#if canImport(Glibc)
import Glibc
#endif

/// What the chat keeps for the open exercise: its file, the watch on its folder, the
/// debounce of saves, and the check being fetched or run.
struct ExerciseDesk {
    /// Where exercise folders go (``ExerciseFolder/base(explicit:environment:)``); `nil`
    /// when it is not known (no HOME).
    let base: String?
    var file: ExerciseFile?
    var watch: SaveWatch?
    var debouncer = SaveDebouncer()
    /// The exercise whose checks were asked for (`checks <id>`), until they arrive.
    var fetching: String?
    /// The running check, and the exercise it is for.
    var run: CheckRun?
    var runExercise: String?
    /// A save or a `check` came while a check was being fetched or run: check again after it.
    var again = false
    /// Why the file could not be made, said once per exercise.
    var failureSaid: String?

    init(base: String?) {
        self.base = base
    }

    /// Seconds on the monotonic clock (the debounce's).
    static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}
