// swift-tools-version:6.1
import PackageDescription

// One direction of dependency only:
//   tutord, tutord-bench (exe) → CourseCatalog → Dialogue
//                               → Tutoring → Dialogue
// Dialogue and Tutoring are pure: no sockets, files or clocks.
let package = Package(
    name: "tutord",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "tutord", targets: ["tutord"]),
        .library(name: "Dialogue", targets: ["Dialogue"]),
        .library(name: "Tutoring", targets: ["Tutoring"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        .target(name: "Dialogue"),
        .target(name: "Tutoring", dependencies: ["Dialogue"]),
        .target(name: "CourseCatalog", dependencies: ["Dialogue"]),
        .executableTarget(
            name: "tutord",
            dependencies: [
                "Dialogue", "Tutoring", "CourseCatalog",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "tutord-bench",
            dependencies: [
                "Dialogue", "Tutoring", "CourseCatalog",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "DialogueTests", dependencies: ["Dialogue", "CourseCatalog"]),
        .testTarget(name: "CourseCatalogTests", dependencies: ["CourseCatalog", "Dialogue"]),
        .testTarget(name: "TutoringTests", dependencies: ["Tutoring", "Dialogue", "CourseCatalog"]),
    ],
    swiftLanguageModes: [.v6]
)
