// swift-tools-version:6.1
import PackageDescription

/// `HUDDLE_FUZZ=1` (scripts/fuzz.sh, into .build-fuzz) builds huddle-fuzz under libFuzzer: the
/// modules that decode network input get coverage instrumentation, and the fuzz driver is on.
let fuzzing = Context.environment["HUDDLE_FUZZ"] == "1"
let fuzzed: [SwiftSetting] = fuzzing ? [.unsafeFlags(["-sanitize=fuzzer,address"])] : []

/// huddle: a serverless team workspace for the terminal, for Linux (it uses Glibc, epoll
/// through SwiftNIO, and Debian's ncurses and SQLite). Modules follow the layers of
/// docs/architecture.md; imports point down only, and each target declares what it imports.
let package = Package(
    name: "huddle",
    products: [
        .executable(name: "huddle", targets: ["huddle"]),
        .executable(name: "huddle-bench", targets: ["huddle-bench"]),
        .executable(name: "huddle-fuzz", targets: ["huddle-fuzz"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-certificates", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        // Links ncursesw and tinfo by name (see its module.modulemap); pkg-config's
        // -D_XOPEN_SOURCE flags are not allowed in a package, so the shim defines them.
        .systemLibrary(name: "CNcursesw"),
        .target(name: "CPseudoTerminal"),
        .target(name: "CFileSystem"),
        .target(name: "CSHA256Pair"),
        // ristretto255 from Debian's libsodium (libsodium-dev), for invite codes' key exchange.
        .systemLibrary(name: "CSodium"),
        // Unicode TR39 confusable skeletons from Debian's ICU (libicu-dev).
        .target(name: "CConfusables", linkerSettings: [.linkedLibrary("icui18n"), .linkedLibrary("icuuc")]),
        .target(
            name: "HuddleCore",
            dependencies: ["CSodium", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: fuzzed
        ),
        .target(
            name: "HuddleStore",
            dependencies: ["HuddleCore", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .target(
            name: "HuddleNet",
            dependencies: [
                "HuddleCore",
                "CFileSystem",
                "CSHA256Pair",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            exclude: ["Wire/huddle.proto", "Wire/transfer.proto"],
            swiftSettings: fuzzed
        ),
        .target(
            name: "HuddleApp",
            dependencies: [
                "HuddleCore", "HuddleStore", "HuddleNet", "TOMLKit", "CConfusables",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .target(
            name: "HuddleTUI",
            dependencies: ["HuddleCore", "HuddleApp", "CNcursesw", "TOMLKit"]
        ),
        // Test support: HuddleTesting for any layer (traces, replays), HuddleTUITesting for
        // screens (an in-memory screen, golden files), so Core and Net tests link no TUI.
        // HostilePeer and its attacks serve the tests and `huddle-bench hostile` alike.
        .target(
            name: "HuddleTesting",
            dependencies: [
                "HuddleCore", "HuddleNet", "CPseudoTerminal",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ]
        ),
        .target(name: "HuddleTUITesting", dependencies: ["HuddleTUI"]),
        .executableTarget(
            name: "huddle",
            dependencies: [
                "HuddleCore", "HuddleApp", "HuddleTUI",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Every network decoder as a fuzz target (seeds, outcomes), and the libFuzzer driver.
        .target(
            name: "HuddleFuzzTargets",
            dependencies: [
                "HuddleCore", "HuddleNet",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ],
            swiftSettings: fuzzed
        ),
        .executableTarget(
            name: "huddle-fuzz",
            dependencies: ["HuddleFuzzTargets"],
            swiftSettings: fuzzed + (fuzzing ? [.define("HUDDLE_FUZZ")] : []),
            linkerSettings: fuzzing ? [.unsafeFlags(["-sanitize=fuzzer,address", "-use-ld=lld"])] : []
        ),
        .executableTarget(
            name: "huddle-bench",
            dependencies: [
                "HuddleCore", "HuddleNet", "HuddleStore", "HuddleApp", "HuddleTUI", "HuddleTesting", "HuddleTUITesting", "CPseudoTerminal",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .testTarget(name: "HuddleCoreTests", dependencies: ["HuddleCore", "HuddleTesting"]),
        .testTarget(name: "HuddleStoreTests", dependencies: ["HuddleStore", "HuddleCore"]),
        .testTarget(
            name: "HuddleNetTests",
            dependencies: [
                "HuddleCore", "HuddleNet", "HuddleTesting", "HuddleFuzzTargets",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .testTarget(
            name: "HuddleAppTests",
            dependencies: ["HuddleApp", "HuddleCore", "HuddleStore", "HuddleNet", "HuddleTesting",
                           .product(name: "NIOPosix", package: "swift-nio")]
        ),
        .testTarget(
            name: "HuddleTUITests",
            dependencies: ["HuddleTUI", "HuddleTUITesting", "HuddleCore", "HuddleApp"],
            resources: [.copy("Golden")]
        ),
        // Drives the built `huddle` binary (in tmux and through its verbs).
        .testTarget(name: "HuddleCLITests", dependencies: ["HuddleTesting"]),
    ],
    swiftLanguageModes: [.v6]
)
