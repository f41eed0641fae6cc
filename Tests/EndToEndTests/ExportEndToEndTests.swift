import Foundation
import LineProtocol
import ProgressStore
import TestThreads
import Testing
import Tutoring
#if canImport(Glibc)
import Glibc
#endif

/// `export` streams: connections that ask for a large history and do not read hold about a
/// page each, not a document each, and each still gets the whole document when it reads.
@Suite(.serialized, .blockingThreads) struct ExportEndToEndTests {
    @Test func exportsNobodyReadsHoldAboutAPageEach() throws {
        let daemon = try DaemonProcess(start: false)
        try FileManager.default.createDirectory(atPath: daemon.stateDirectory, withIntermediateDirectories: true)
        let learner = LearnerID(uid: getuid(), profile: "big")
        // 100,000 answers of 4 KB, seeded in the file, each stored as its first 256 characters
        // (what the store keeps of an answer): a document of 40 MB.
        let expected: String
        do {
            let store = try SQLiteProgressStore.open(path: daemon.stateDirectory + "/tutord.sqlite")
            let given = String(repeating: "4kB/", count: 1024)
            let events = (0..<100_000).map { index in
                TutoringEvent.answerRecorded(AnswerRecord(lessonID: "gil", questionID: "gil-why", given: given,
                                                          isCorrect: index % 4 == 1, attempt: index + 1, usedHint: false))
            }
            try store.record([ProgressWrite(learner: learner, course: "cpython-internals", events: events, date: Date(), opensCourse: true)])
            expected = String(decoding: try store.export(learner), as: UTF8.self)
        }
        #expect(expected.utf8.count > 40_000_000)
        try daemon.start()
        let otherWindow = try daemon.connect()
        _ = try otherWindow.request("learner big")
        let before = daemon.residentKiB()

        let count = 6
        var exporters: [TestClient] = []
        for index in 0..<count {
            let exporter = try daemon.connect()
            _ = try exporter.request("learner big")
            // The second asks in JSON mode: the document as the envelope's string.
            if index == 1 { _ = try exporter.request("format json") }
            // The first also pipelines a request behind its export: answered after it.
            try exporter.send(index == 0 ? "export\nping\n" : "export\n")
            exporters.append(exporter)
        }
        // One more asks and goes away without reading: its export stops.
        do {
            let leaver = try daemon.connect()
            _ = try leaver.request("learner big")
            try leaver.send("export\n")
        }  // closed here
        // The learner's other window is answered by her worker, after every export began (each
        // export's head is read there, in turn): no export waits for its client there.
        #expect(try otherWindow.request("courses").status == .ok)
        let during = daemon.residentKiB()
        // Measured: +7 MB (debug) and +22 MB (ThreadSanitizer), peak +10 and +33 MB; before the
        // export streamed, +256 MB with 6 documents of 42 MB held whole (peak +338 MB).
        let documents = count * expected.utf8.count / 1024
        #expect(during - before < 64 * 1024, "\(count) unread exports of \(expected.utf8.count) bytes: daemon grew by \(during - before) KiB")

        for (index, exporter) in exporters.enumerated() {
            let reply = try exporter.readReply()
            #expect(reply.status == .ok)
            #expect(reply.values("export") == [expected], "export \(index) is not the whole document")
            if index == 0 { #expect(try exporter.readReply().statusLine == "OK") }
        }
        let peak = daemon.peakResidentKiB()
        #expect(peak - before < 64 * 1024, "peak \(peak - before) KiB above the start while \(documents) KiB of documents went out")
        #expect(try otherWindow.request("ping").status == .ok)
    }
}
