import Foundation
import RelmapCore

/// `relmap-bench NAME ARGS...`: runs one benchmark and prints one JSON object of figures on the
/// last line of stdout, so Benchmarks/run.sh can put them next to the anchors' figures.
let benchmarks: [String: ([String]) throws -> [String: Double]] = [
    "load": loadBenchmark,
    "mine": miningBenchmark,
    "mine-data": miningDataBenchmark,
    "map": mapBenchmark,
    "ownership": ownershipBenchmark,
    "paths": pathsBenchmark,
    "ranking": rankingBenchmark,
]

let args = Array(CommandLine.arguments.dropFirst())
guard let name = args.first, let bench = benchmarks[name] else {
    FileHandle.standardError.write("usage: relmap-bench (\(benchmarks.keys.sorted().joined(separator: "|"))) ARGS...\n".data(using: .utf8)!)
    exit(2)
}
let figures = try bench(Array(args.dropFirst()))
let json = try JSONSerialization.data(withJSONObject: figures, options: [.sortedKeys])
print(String(decoding: json, as: UTF8.self))
