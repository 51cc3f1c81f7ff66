import Foundation
import RelmapCore

// libFuzzer entry point for every reader (issue 15). One binary, the target chosen by
// RELMAP_FUZZ_TARGET (graphml, json, csv, validate, payments), since libFuzzer gives one main per
// binary. Each input goes through the public API as a user's file would: written to a file in
// /dev/shm (memory), then read. The property checked is the one users rely on: any input either
// validates or yields errors, never a crash, a hang or a trap; and the input file is unchanged.
// Build and run: Scripts/fuzz.sh.

private let target = ProcessInfo.processInfo.environment["RELMAP_FUZZ_TARGET"] ?? "graphml"
private let scratch: String = {
    let base = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
    let dir = base + "/relmap-fuzz-\(getpid())"
    try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return dir
}()
private let sampleRelations = Data("source,target,type,weight\nA,B,supplies,\"1,200\"\n".utf8)

private func put(_ data: Data, _ name: String) -> String {
    let path = scratch + "/" + name
    FileManager.default.createFile(atPath: path, contents: data)
    return path
}

/// Validates the file and checks it was not modified.
private func check(_ path: String, _ data: Data) {
    _ = try? GraphLoader.validate(path, diagnosticLimit: 20)
    guard FileManager.default.contents(atPath: path) == data else { fatalError("input file modified: \(path)") }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let data = Data(bytes: start, count: count)
    switch target {
    case "json":
        check(put(data, "g.json"), data)
    case "csv":
        let folder = scratch + "/csv"
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        _ = put(sampleRelations, "csv/relations.csv")
        check(put(data, "csv/entities.csv").replacingOccurrences(of: "/entities.csv", with: ""), data)
    case "validate":
        // entities and relations in one input, separated by the first 0x1E (record separator).
        let folder = scratch + "/both"
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let cut = data.firstIndex(of: 0x1E) ?? data.endIndex
        _ = put(Data(data[..<cut]), "both/entities.csv")
        _ = put(cut < data.endIndex ? Data(data[(cut + 1)...]) : sampleRelations, "both/relations.csv")
        _ = try? GraphLoader.validate(folder, diagnosticLimit: 20)
    case "payments":
        let path = put(data, "payments.csv")
        _ = try? PaymentReader.read(path)
    default:
        check(put(data, "g.graphml"), data)
    }
    return 0
}
