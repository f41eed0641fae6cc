/// What one check of a learner's code may use. Each check runs in its own `python3`; past a
/// limit it is stopped and the learner is told which limit it met.
///
/// These keep a mistake (an endless loop, a runaway allocation, a print in a loop, a fork
/// loop) from hanging the learner's terminal or filling their disk. They are not a sandbox:
/// the code runs as the learner, who could run it anyway (docs/exercises.md says what they do
/// not stop).
public struct CheckLimits: Sendable, Equatable {
    /// Wall-clock time, from start to the last byte of output.
    public var wallSeconds: Int
    /// CPU time (RLIMIT_CPU).
    public var cpuSeconds: Int
    /// Address space (RLIMIT_AS): allocations past it raise MemoryError.
    public var memoryBytes: Int
    /// The largest file the code may write (RLIMIT_FSIZE).
    public var fileSizeBytes: Int
    /// Standard output and standard error, each: past it the check is stopped.
    public var outputBytes: Int
    /// Processes and threads beyond those the learner already runs (RLIMIT_NPROC counts all
    /// of the user's).
    public var extraProcesses: Int
    /// Open descriptors (RLIMIT_NOFILE).
    public var openFiles: Int

    public init(wallSeconds: Int = 10, cpuSeconds: Int = 5, memoryBytes: Int = 512 << 20, fileSizeBytes: Int = 1 << 20,
                outputBytes: Int = 64 << 10, extraProcesses: Int = 32, openFiles: Int = 64) {
        self.wallSeconds = wallSeconds
        self.cpuSeconds = cpuSeconds
        self.memoryBytes = memoryBytes
        self.fileSizeBytes = fileSizeBytes
        self.outputBytes = outputBytes
        self.extraProcesses = extraProcesses
        self.openFiles = openFiles
    }

    public static let standard = CheckLimits()
}
