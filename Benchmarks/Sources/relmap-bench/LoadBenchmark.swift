import Foundation
import RelmapCore

/// `relmap-bench load DIR`: load and validate a graph folder; report seconds, resident memory
/// added by the graph, and bytes per relation (resident and as counted by the graph's columns).
func loadBenchmark(_ args: [String]) throws -> [String: Double] {
    guard let path = args.first else { throw RelmapError.usage("usage: relmap-bench load DIR") }
    let before = residentBytes()
    let start = DispatchTime.now()
    let loaded = try GraphLoader.load(path)
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
    let after = residentBytes()
    let g = loaded.graph
    let (relationBytes, entityBytes) = g.memoryBytes
    let m = Double(g.relationCount)
    return [
        "entities": Double(g.entityCount),
        "relations": m,
        "load_seconds": seconds,
        "resident_bytes_per_relation": Double(after - before) / m,
        "graph_bytes_per_relation": Double(relationBytes + entityBytes) / m,
        "relation_side_bytes_per_relation": Double(relationBytes) / m,
        "peak_resident_mb": Double(peakResidentBytes()) / 1_048_576,
    ]
}

/// Current resident set size from /proc/self/statm.
func residentBytes() -> Int {
    guard let s = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
    let fields = s.split(separator: " ")
    return fields.count > 1 ? (Int(fields[1]) ?? 0) * Int(sysconf(Int32(_SC_PAGESIZE))) : 0
}

/// Peak resident set size (VmHWM) from /proc/self/status.
func peakResidentBytes() -> Int {
    guard let s = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
    for line in s.split(separator: "\n") where line.hasPrefix("VmHWM:") {
        let kb = line.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
        return kb * 1024
    }
    return 0
}
