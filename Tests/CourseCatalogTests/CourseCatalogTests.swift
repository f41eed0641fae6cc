import CourseCatalog
import Dialogue
import Foundation
import Testing

func course(_ id: String, title: String = "T") -> [UInt8] {
    Array("""
        course \(id)
        title: \(title)
        level: l
        summary: s
        lesson one
        title: One
        > Hi.
        takeaway: T.
        question q
        ask: A?
        - x
        + y
        explain: E.
        hint: H.
        """.utf8)
}

@Suite struct CourseCatalogTests {
    @Test func loadsCoursesByID() {
        let (catalog, diagnostics) = CourseCatalog().reloaded(from: [("a.dialogue", course("alpha")), ("b.dialogue", course("beta"))])
        #expect(diagnostics.isEmpty)
        #expect(catalog.ids == ["alpha", "beta"])
        #expect(catalog["alpha"]?.title == "T")
    }

    @Test func aBrokenFileKeepsItsPreviousCourse() {
        let (first, _) = CourseCatalog().reloaded(from: [("a.dialogue", course("alpha", title: "Old"))])
        let (second, diagnostics) = first.reloaded(from: [("a.dialogue", Array("course alpha\nnonsense".utf8))])
        #expect(second["alpha"]?.title == "Old")
        #expect(!diagnostics.isEmpty)
        #expect(diagnostics.allSatisfy { $0.file == "a.dialogue" })
        let (third, _) = second.reloaded(from: [("a.dialogue", course("alpha", title: "New"))])
        #expect(third["alpha"]?.title == "New")
    }

    @Test func aBrokenNewFileAddsNothing() {
        let (catalog, diagnostics) = CourseCatalog().reloaded(from: [("a.dialogue", Array("garbage".utf8))])
        #expect(catalog.ids.isEmpty)
        #expect(diagnostics.contains { $0.severity == .error })
    }

    @Test func aRemovedFileRemovesItsCourse() {
        let (first, _) = CourseCatalog().reloaded(from: [("a.dialogue", course("alpha")), ("b.dialogue", course("beta"))])
        let (second, _) = first.reloaded(from: [("b.dialogue", course("beta"))])
        #expect(second.ids == ["beta"])
    }

    @Test func theFirstDefinitionOfAnIDWins() {
        let (catalog, diagnostics) = CourseCatalog().reloaded(from: [
            ("first/a.dialogue", course("alpha", title: "First")), ("second/a.dialogue", course("alpha", title: "Second")),
        ])
        #expect(catalog["alpha"]?.title == "First")
        #expect(diagnostics.map(\.description) == [
            "second/a.dialogue:1:1: warning: course `alpha` is also defined in first/a.dialogue, which takes precedence; this file is ignored",
        ])
    }

    @Test func searchPath() {
        let explicit = CourseFiles.searchPath(explicit: "/x", environment: ["XDG_DATA_HOME": "/d"], executablePath: "/p/bin/tutord")
        #expect(explicit == ["/x"])
        let xdg = CourseFiles.searchPath(explicit: nil, environment: ["XDG_DATA_HOME": "/d", "HOME": "/h"], executablePath: "/p/bin/tutord")
        #expect(xdg == ["/d/tutord/dialogues", "/p/share/tutord/dialogues"])
        let home = CourseFiles.searchPath(explicit: nil, environment: ["XDG_DATA_HOME": "relative", "HOME": "/h"], executablePath: "/p/bin/tutord")
        #expect(home.first == "/h/.local/share/tutord/dialogues")
    }

    /// The current directory's `Dialogues` is never searched, wherever the daemon runs; a
    /// build's own checkout's `Dialogues` is, and only when it looks like the checkout.
    @Test func searchPathHasTheBuildsCheckoutNeverTheCurrentDirectory() throws {
        let manager = FileManager.default
        let root = manager.temporaryDirectory.appendingPathComponent("tutord-checkout-\(getpid())").path
        try manager.createDirectory(atPath: root + "/checkout/.build/x86_64-unknown-linux-gnu/debug", withIntermediateDirectories: true)
        try manager.createDirectory(atPath: root + "/checkout/Dialogues", withIntermediateDirectories: true)
        try manager.createDirectory(atPath: root + "/elsewhere/Dialogues", withIntermediateDirectories: true)
        defer { try? manager.removeItem(atPath: root) }
        let built = root + "/checkout/.build/x86_64-unknown-linux-gnu/debug/tutord"
        let installed = root + "/elsewhere/bin/tutord"
        let environment = ["XDG_DATA_HOME": "/d"]

        // Without Package.swift it is not a checkout.
        #expect(CourseFiles.checkoutDirectory(executablePath: built) == nil)
        try Data().write(to: URL(fileURLWithPath: root + "/checkout/Package.swift"))
        #expect(CourseFiles.checkoutDirectory(executablePath: built) == root + "/checkout/Dialogues")

        // The path depends on the binary alone (no current directory goes in; the process's
        // is left alone, as other tests run beside this one): a build adds its checkout's
        // courses, an install only its own.
        #expect(CourseFiles.searchPath(explicit: nil, environment: environment, executablePath: built)
            == ["/d/tutord/dialogues", root + "/checkout/.build/x86_64-unknown-linux-gnu/share/tutord/dialogues", root + "/checkout/Dialogues"])
        #expect(CourseFiles.searchPath(explicit: nil, environment: environment, executablePath: installed)
            == ["/d/tutord/dialogues", root + "/elsewhere/share/tutord/dialogues"])
        #expect(CourseFiles.checkoutDirectory(executablePath: "tutord") == nil)  // found on PATH
    }

    @Test func readsOnlyDialogueFilesFromExistingDirectories() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tutord-catalog-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data(course("b")).write(to: directory.appendingPathComponent("b.dialogue"))
        try Data(course("a")).write(to: directory.appendingPathComponent("a.dialogue"))
        try Data("notes".utf8).write(to: directory.appendingPathComponent("README.txt"))
        let (files, problems) = CourseFiles.read(directories: ["/nonexistent-tutord", directory.path])
        #expect(problems.isEmpty)
        #expect(files.map { URL(fileURLWithPath: $0.path).lastPathComponent } == ["a.dialogue", "b.dialogue"])
    }
}
