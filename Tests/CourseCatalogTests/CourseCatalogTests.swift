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
        let explicit = CourseFiles.searchPath(explicit: "/x", environment: ["XDG_DATA_HOME": "/d"], executablePath: "/p/bin/tutord", currentDirectory: "/w")
        #expect(explicit == ["/x"])
        let xdg = CourseFiles.searchPath(explicit: nil, environment: ["XDG_DATA_HOME": "/d", "HOME": "/h"], executablePath: "/p/bin/tutord", currentDirectory: "/w")
        #expect(xdg == ["/d/tutord/dialogues", "/p/share/tutord/dialogues", "/w/Dialogues"])
        let home = CourseFiles.searchPath(explicit: nil, environment: ["XDG_DATA_HOME": "relative", "HOME": "/h"], executablePath: "/p/bin/tutord", currentDirectory: "/w")
        #expect(home.first == "/h/.local/share/tutord/dialogues")
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
