// swift-tools-version:6.1
import PackageDescription

// Layering: RelmapCore (graph, data contract, algorithms, answers; Foundation and Yams for the
// YAML settings files) <- RelmapRender
// (in-process Graphviz through libgvc) <- RelmapServer (the web workspace: Hummingbird, Mustache
// pages) with RelmapWorkspace (accounts and sessions in SQLite through GRDB) <- relmap (the command
// line: parses, calls, prints).
let package = Package(
    name: "Relmap",
    // No `platforms`: Relmap is built and tested on Linux only (snapshots, the readers and the
    // miner call Glibc directly: mmap, madvise, read, fsync), so it claims no Apple platform.
    products: [
        .executable(name: "relmap", targets: ["relmap"]),
        .library(name: "RelmapCore", targets: ["RelmapCore"]),
        .library(name: "RelmapRender", targets: ["RelmapRender"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.0.0"),
        // Hummingbird's own event loops; named for NIOThreadPool, where blocking work (bcrypt) runs.
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.80.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.0.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.0.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.0.0"..<"5.0.0")
    ],
    targets: [
        .target(name: "RelmapCore", dependencies: [.product(name: "Yams", package: "Yams")]),
        .systemLibrary(
            name: "CGraphviz",
            pkgConfig: "libgvc",
            providers: [.apt(["libgraphviz-dev"])]
        ),
        .target(name: "RelmapRender", dependencies: ["CGraphviz", "RelmapCore"]),
        .target(
            name: "RelmapWorkspace",
            dependencies: [
                "RelmapCore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Crypto", package: "swift-crypto")
            ]
        ),
        .target(
            name: "RelmapServer",
            dependencies: [
                "RelmapCore",
                "RelmapRender",
                "RelmapWorkspace",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Mustache", package: "swift-mustache")
            ],
            resources: [.copy("Templates")]
        ),
        .executableTarget(
            name: "relmap",
            dependencies: [
                "RelmapCore",
                "RelmapRender",
                "RelmapServer",
                "RelmapWorkspace",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Yams", package: "Yams")
            ]
        ),
        // What every test target shares (a scratch folder removed at exit); never in a product.
        .target(name: "RelmapTestSupport", path: "Tests/RelmapTestSupport"),
        .testTarget(name: "RelmapCoreTests", dependencies: ["RelmapCore", "RelmapTestSupport"], resources: [.copy("Fixtures")]),
        .testTarget(name: "RelmapRenderTests", dependencies: ["RelmapRender", "RelmapCore"]),
        .testTarget(name: "relmapTests", dependencies: ["relmap", "RelmapCore", "RelmapTestSupport"]),
        .testTarget(name: "RelmapWorkspaceTests", dependencies: ["RelmapWorkspace", "RelmapTestSupport"], resources: [.copy("Fixtures")]),
        .testTarget(
            name: "RelmapServerTests",
            dependencies: [
                "RelmapServer", "RelmapCore", "RelmapWorkspace", "RelmapTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird")
            ]
        )
    ]
)

// Benchmarks are built only on request (RELMAP_BENCHMARKS=1), so users and CI never build them.
// Benchmarks/bench-*.sh set it; see Benchmarks/README.md.
if Context.environment["RELMAP_BENCHMARKS"] != nil {
    package.targets.append(
        .executableTarget(
            name: "relmap-bench",
            dependencies: ["RelmapCore", "RelmapRender"],
            path: "Benchmarks/Sources/relmap-bench"
        )
    )
}

// Fuzz targets are built only on request (RELMAP_FUZZ=1) with libFuzzer: Scripts/fuzz.sh.
if Context.environment["RELMAP_FUZZ"] != nil {
    package.targets.append(
        .executableTarget(
            name: "relmap-fuzz",
            dependencies: ["RelmapCore"],
            path: "Fuzz/Sources/relmap-fuzz"
                // The sanitizer flags come from the command line (-Xswiftc -sanitize=fuzzer,address),
                // so that RelmapCore is instrumented for coverage too; main.swift starts libFuzzer.
        )
    )
}
