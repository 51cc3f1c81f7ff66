// swift-tools-version:6.1
import PackageDescription

// Benchmarks live apart from the library so that users of Relmap never resolve or build them.
// Run everything with Benchmarks/run.sh; each benchmark prints its figures next to the anchor
// library's (igraph, NetworKit, pandas) measured in the same run.
let package = Package(
    name: "RelmapBenchmarks",
    dependencies: [.package(name: "Relmap", path: "..")],
    targets: [
        .executableTarget(
            name: "relmap-bench",
            dependencies: [.product(name: "RelmapCore", package: "Relmap")],
            path: "Sources/relmap-bench"
        ),
    ]
)
