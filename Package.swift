// swift-tools-version:6.1
import PackageDescription

// One direction of dependency only. docs/architecture.md's module table is the map (each
// module's purpose and imports; Tests/Shell/architecture.test.sh checks its imports column
// against this file). Dialogue, LineProtocol, SpacedReview and Tutoring are pure: no sockets,
// files or clocks.
let package = Package(
    name: "tutord",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "tutord", targets: ["tutord"]),
        .executable(name: "tutor", targets: ["tutor"]),
        .library(name: "Dialogue", targets: ["Dialogue"]),
        .library(name: "Tutoring", targets: ["Tutoring"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        // tutord-bench only: `class` records latencies in an HdrHistogram.
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
    ],
    targets: [
        .target(name: "Dialogue"),
        .target(name: "Tutoring", dependencies: ["Dialogue", "LineProtocol", "SpacedReview"]),
        // The FSRS scheduler: pure arithmetic on a card's memory state.
        .target(name: "SpacedReview"),
        .target(name: "CourseCatalog", dependencies: ["Dialogue"]),
        // `tutord import nerdsip`: a NerdSip course page read and written as a dialogue course. Pure.
        .target(name: "CourseImport"),
        // `ask`: the courses' passages in an in-memory SQLite FTS5 index, and how answers are
        // chosen from it. No files, sockets or clocks.
        .target(name: "CourseSearch", dependencies: ["Dialogue", "LineProtocol", "Tutoring", .product(name: "GRDB", package: "GRDB.swift")]),
        .target(name: "LineProtocol"),
        // Splitting a connection's bytes into bounded lines (NIO only): its own module so the
        // line decoder's fuzzer builds without the daemon and its databases.
        .target(name: "LineFraming", dependencies: [.product(name: "NIOCore", package: "swift-nio")]),
        // Values and layouts from the C headers (SO_PEERCRED, struct ucred, POSIX_SPAWN_SETSID).
        .target(name: "CTutordSystem"),
        // Operating-system plumbing for daemon and clients: socket path policy, lock files,
        // sd_notify, socket activation, journal logging, descriptor limits, peer credentials.
        .target(
            name: "SystemSupport",
            dependencies: ["CTutordSystem", "LineProtocol", .product(name: "Logging", package: "swift-log")]
        ),
        // Running a learner's exercise against the course's checks: python3 in a fresh
        // directory, as the learner, under limits. Used by `tutord exercise check` and `tutor`,
        // never by the daemon.
        .target(name: "ExerciseRunner", dependencies: ["Dialogue", "CTutordSystem"]),
        // What every client of tutord shares: tutor, the tests and tutord-bench (and how a
        // check's verdict reads, for tutor and `tutord exercise check`).
        .target(name: "TutorClient", dependencies: ["LineProtocol", "SystemSupport", "CTutordSystem", "ExerciseRunner"]),
        .target(name: "ChatClient", dependencies: ["LineProtocol"]),
        .systemLibrary(
            name: "CNCursesW",
            pkgConfig: "ncursesw",
            providers: [.apt(["libncursesw5-dev"])]
        ),
        .executableTarget(
            name: "tutor",
            dependencies: [
                "ChatClient", "CourseCatalog", "LineProtocol", "TutorClient", "SystemSupport", "CTutordSystem", "CNCursesW",
                "Dialogue", "ExerciseRunner",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // SQLite's write-ahead log written with one call per commit instead of two per page (a
        // VFS shim in C over SQLite's own interface).
        .target(name: "CSQLiteLogWrites", linkerSettings: [.linkedLibrary("sqlite3")]),
        .target(
            name: "ProgressStore",
            dependencies: [
                "Tutoring", "LineProtocol", "SpacedReview", "SystemSupport", "CSQLiteLogWrites", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "TutorServer",
            dependencies: [
                "Dialogue", "Tutoring", "CourseCatalog", "CourseSearch", "LineFraming", "LineProtocol", "ProgressStore", "SystemSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOExtras", package: "swift-nio-extras"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "tutord",
            dependencies: [
                "Dialogue", "Tutoring", "CourseCatalog", "CourseSearch", "CourseImport", "TutorClient", "LineProtocol", "TutorServer", "ProgressStore", "SystemSupport",
                "ExerciseRunner",
                "ChatClient",  // `walk` wraps text as `tutor` does (TextWrapper, DisplayWidth)
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "tutord-bench",
            dependencies: [
                "Dialogue", "Tutoring", "CourseCatalog", "LineProtocol", "ProgressStore", "TutorServer", "TutorClient", "SystemSupport",
                "SpacedReview", "CTutordSystem", "TestPostgres", "ChatClient",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOExtras", package: "swift-nio-extras"),
                .product(name: "Histogram", package: "hdrhistogram-swift"),
            ]
        ),
        .testTarget(name: "DialogueTests", dependencies: ["Dialogue", "CourseCatalog", "Tutoring", "TestThreads"]),
        .testTarget(name: "LineProtocolTests", dependencies: ["LineProtocol"]),
        .testTarget(name: "SpacedReviewTests", dependencies: ["SpacedReview"], exclude: ["Fixtures"]),
        .testTarget(name: "SystemSupportTests", dependencies: ["SystemSupport"]),
        .testTarget(name: "ExerciseRunnerTests", dependencies: ["ExerciseRunner", "Dialogue", "CourseCatalog"]),
        .testTarget(
            name: "TutorServerTests",
            dependencies: [
                "TutorServer", "LineFraming", "LineProtocol", "ProgressStore", "TestThreads", "Tutoring",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOTestUtils", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(name: "ChatClientTests", dependencies: ["ChatClient", "LineProtocol", "Tutoring", "Dialogue", "CourseCatalog", "CTutordSystem"]),
        .testTarget(name: "EndToEndTests", dependencies: ["LineProtocol", "ProgressStore", "Tutoring", "TutorServer", "TutorClient", "SystemSupport", "Dialogue", "SpacedReview", "TestPostgres", "TestThreads", "tutord"]),
        // A PostgreSQL server of the tests' own (initdb and pg_ctl in a temporary directory);
        // tutord-bench starts one for `--postgres`.
        .target(name: "TestPostgres", path: "Tests/TestPostgres"),
        // Threads of their own for tests that block, or that must not wait for those that do
        // (a Swift Testing trait; Tests/TestThreads/ThreadsExecutor.swift says why).
        .target(name: "TestThreads", path: "Tests/TestThreads"),
        .testTarget(name: "ProgressStoreTests", dependencies: [
            "ProgressStore", "Tutoring", "Dialogue", "SpacedReview", "TestPostgres", "TestThreads", .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "PostgresNIO", package: "postgres-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // The class benchmark's parts that need no clock (tutord-bench's schedule and summary).
        .testTarget(name: "TutordBenchTests", dependencies: ["tutord-bench", "Dialogue", "CourseCatalog", "LineProtocol"]),
        .testTarget(name: "CourseCatalogTests", dependencies: ["CourseCatalog", "Dialogue"]),
        .testTarget(name: "CourseSearchTests", dependencies: ["CourseSearch", "CourseCatalog", "Dialogue"], exclude: ["Fixtures"]),
        .testTarget(name: "CourseImportTests", dependencies: ["CourseImport", "Dialogue"], exclude: ["Fixtures"]),
        .testTarget(name: "TutoringTests", dependencies: ["Tutoring", "Dialogue", "CourseCatalog", "LineProtocol", "SpacedReview", "CourseSearch"], exclude: ["Transcripts"]),
    ],
    swiftLanguageModes: [.v6]
)

// libFuzzer targets (Tests/Fuzz, `make fuzz`). They exist only when TUTORD_FUZZ is set: each
// exports LLVMFuzzerTestOneInput and has no main, so it links only with --sanitize=fuzzer and
// must stay out of a normal `swift build`.
if Context.environment["TUTORD_FUZZ"] != nil {
    let fuzzTargets: [(name: String, dependencies: [Target.Dependency])] = [
        ("fuzz-request-tokenizer", ["LineProtocol"]),
        ("fuzz-line-decoder", ["LineFraming", .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOEmbedded", package: "swift-nio")]),
        ("fuzz-dialogue-parser", ["Dialogue"]),
        ("fuzz-answer-matcher", ["Dialogue", "Tutoring"]),
        ("fuzz-nerdsip-import", ["CourseImport", "Dialogue"]),
    ]
    for target in fuzzTargets {
        package.targets.append(.executableTarget(
            name: target.name, dependencies: target.dependencies, path: "Tests/Fuzz/Targets/\(target.name)"))
    }
}
