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
    _ = FileManager.default.createFile(atPath: path, contents: data)
    return path
}

/// Validates `graph` (a file or a folder) and checks that the input file `file` was not modified.
private func check(_ graph: String, file: String, _ data: Data) {
    _ = try? GraphLoader.validate(graph, diagnosticLimit: 20)
    guard FileManager.default.contents(atPath: file) == data else { fatalError("input file modified: \(file)") }
}

/// One input: libFuzzer calls this for every candidate (see main.swift).
func fuzzOne(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let data = start.map { Data(bytes: $0, count: count) } ?? Data()
    switch target {
    case "json":
        let path = put(data, "g.json")
        check(path, file: path, data)
    case "csv":
        let folder = scratch + "/csv"
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        _ = put(sampleRelations, "csv/relations.csv")
        check(folder, file: put(data, "csv/entities.csv"), data)
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
        let path = put(data, "g.graphml")
        check(path, file: path, data)
    }
    return 0
}

/// The symbol libFuzzer's library expects to exist; the driver is given `fuzzOne` directly.
@_cdecl("LLVMFuzzerTestOneInput")
public func LLVMFuzzerTestOneInput(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt { fuzzOne(start, count) }
