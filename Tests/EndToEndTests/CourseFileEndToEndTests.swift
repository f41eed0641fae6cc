import Foundation
import TestThreads
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Course files that would take the daemon's memory: parsing holds a small
/// multiple of the file, a file over the limit is refused unread, and a file of endless
/// mistakes reports the first hundred. Measured on `tutord check`, which parses exactly as a
/// reload does, by its peak resident size over that of checking the real course (so the
/// bound holds for the debug and the ThreadSanitizer builds alike).
@Suite(.blockingThreads) struct CourseFileEndToEndTests {
    /// Peak KiB of checking the shipped course: the binary's own size and runtime.
    static let baselineKiB: Int = {
        let course = DaemonProcess.packageRoot.appendingPathComponent("Dialogues/cpython-internals.dialogue").path
        return (try? runMeasured([DaemonProcess.binary, "check", course]).peakKiB) ?? 0
    }()

    /// 4 MiB of blank lines, just under the limit: it used to cost about 100 times its size
    /// (2.0 GB for 20 MB), a line record per line. Now it costs about its size once more.
    @Test func aFileOfBlankLinesIsCheckedInLittleMemory() throws {
        let file = try temporaryCourse(String(repeating: "\n", count: (4 << 20) - 1))
        let run = try runMeasured([DaemonProcess.binary, "check", file])
        #expect(run.status == 1)
        #expect(run.errors.contains("the file has no `course <id>` line"), "\(run.errors)")
        #expect(run.peakKiB - Self.baselineKiB < 40_000, "4 MiB of blank lines: \(run.peakKiB) KiB against \(Self.baselineKiB)")
    }

    @Test func aFileOverTheLimitIsRefusedUnread() throws {
        let file = try temporaryCourse(String(repeating: "\n", count: 20_000_000))
        let run = try runMeasured([DaemonProcess.binary, "check", file])
        #expect(run.status == 1)
        #expect(run.errors == "\(file):1:1: error: this file is 19.1 MiB; a course file may be at most 4.0 MiB — split it into several courses\n")
        // Below the file's 19.5 MB, so it was not read whole (it used to cost a hundred times
        // that); with room for ThreadSanitizer's runtime, which has peaked 10.6 MB above the
        // baseline on CI while the debug build stays below it.
        #expect(run.peakKiB - Self.baselineKiB < 16_000, "a 20 MB file: \(run.peakKiB) KiB against \(Self.baselineKiB)")
    }

    /// 87,000 lines the parser does not understand: the first 100 errors and one line that
    /// counts the rest, not 87,000 messages held in memory.
    @Test func endlessMistakesReportTheFirstHundred() throws {
        let file = try temporaryCourse("course junk\n" + String(repeating: "what is this\n", count: 87_000))
        let run = try runMeasured([DaemonProcess.binary, "check", file])
        #expect(run.status == 1)
        let lines = run.errors.split(separator: "\n")
        #expect(lines.count == 101)
        #expect(lines.last?.hasSuffix("86904 more problems after these are not shown; fix these first") == true, "\(lines.last ?? "")")
        #expect(run.peakKiB - Self.baselineKiB < 20_000, "87,000 mistakes: \(run.peakKiB) KiB against \(Self.baselineKiB)")
    }

    private func temporaryCourse(_ text: String) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tutord-course-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("big.dialogue").path
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        return path
    }
}

/// Runs a program to its end and returns its exit status, its standard error and its peak
/// resident set size in KiB.
///
/// Measured by a small python3 parent: Linux carries the memory of whatever process a child
/// was forked from into its `ru_maxrss`, so a child of this large test process would report
/// at least the test's own size.
func runMeasured(_ arguments: [String]) throws -> (status: Int32, errors: String, peakKiB: Int) {
    let measure = """
        import resource, subprocess, sys
        status = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode
        print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
        sys.exit(status)
        """
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", measure] + arguments
    let output = Pipe(), errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    try process.run()
    let errorText = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    let peak = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    guard let peakKiB = Int(peak.trimmingCharacters(in: .whitespacesAndNewlines)) else {
        throw DaemonError("no measurement from python3: \(peak) \(errorText)")
    }
    return (process.terminationStatus, errorText, peakKiB)
}
