import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A graph read from disk, with the warnings found on the way (errors make loading throw).
public struct LoadedGraph: Sendable {
    public let graph: Graph
    public let log: DiagnosticLog
    /// How the inputs were encoded ("UTF-8", "GB18030"...), by file name.
    public let encodings: [String: String]
    /// The graph's value-chain projection when it came with the graph (a snapshot keeps one, read
    /// on first use), so that the ranking does not derive it again; nil when it is still to be made.
    public var chainSource: ChainSource? = nil
    /// Every relation's tie strength before aging (`TieStrength`), when it came with the graph (a
    /// snapshot keeps them, read on first use); nil when still to be derived.
    public var tieStrengths: TieStrengthSource? = nil
    /// Where the snapshot this graph came from (or was just written to) keeps its signals.
    public var signalsCache: SignalsCache? = nil

    /// The projection itself, reading it from the snapshot if it is still there.
    public var chain: ValueChainProjection? {
        get { chainSource?.projection }
        set { chainSource = newValue.map(ChainSource.init) }
    }
}

/// Reads a graph in any of the supported forms and validates it against the data contract.
///
/// A graph is a folder with `entities.csv` and `relations.csv`, or one `.json` document, or one
/// `.graphml` file. JSON and GraphML are translated to the same tables and go through the same
/// checks, so a file is accepted or refused for the same reasons whatever its format.
public enum GraphLoader {
    /// Loads and validates; throws `RelmapError.invalidData` listing every problem when any error
    /// is found, `RelmapError.io` when the path cannot be read.
    public static func load(_ path: String, diagnosticLimit: Int = 200) throws -> LoadedGraph {
        let (graph, log, encodings) = try read(path, diagnosticLimit: diagnosticLimit)
        // The file text and the sort buffers are gone now; hand their pages back to the system
        // so that a long-running process holds only the graph.
        #if canImport(Glibc)
            _ = relmap_malloc_trim(0)
        #endif
        guard let graph, !log.hasErrors else { throw RelmapError.invalidData(log) }
        return LoadedGraph(graph: graph, log: log, encodings: encodings)
    }

    /// Validates without throwing on bad data: returns the log (and the graph when it is valid).
    public static func validate(_ path: String, diagnosticLimit: Int = 200) throws -> (graph: Graph?, log: DiagnosticLog) {
        let (graph, log, _) = try read(path, diagnosticLimit: diagnosticLimit)
        return (log.hasErrors ? nil : graph, log)
    }

    static func read(_ path: String, diagnosticLimit: Int) throws -> (Graph?, DiagnosticLog, [String: String]) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw RelmapError.io(
                path: path, reason: "no such file or folder; give a graph folder holding entities.csv and relations.csv, or a .json or .graphml file")
        }
        var log = DiagnosticLog(limit: diagnosticLimit)
        if isDirectory.boolValue {
            let entitiesPath = (path as NSString).appendingPathComponent("entities.csv")
            let relationsPath = (path as NSString).appendingPathComponent("relations.csv")
            InputFiles.register(entitiesPath)
            InputFiles.register(relationsPath)
            let entityBytes = readFile(entitiesPath, role: "entities", log: &log)
            let relationBytes = readFile(relationsPath, role: "relations", log: &log)
            guard let entityBytes, let relationBytes else { return (nil, log, [:]) }
            let result = TableLoader.load(
                entities: .init(label: entitiesPath, bytes: entityBytes),
                relations: .init(label: relationsPath, bytes: relationBytes), log: &log)
            return (result?.graph, log, result?.encodings ?? [:])
        }
        InputFiles.register(path)
        let lower = path.lowercased()
        let tables: GraphTables?
        if lower.hasSuffix(".json") {
            tables = try JSONGraphFormat.read(path: path, log: &log)
        } else if lower.hasSuffix(".graphml") || lower.hasSuffix(".xml") {
            tables = try GraphMLFormat.read(path: path, log: &log)
        } else {
            throw RelmapError.io(path: path, reason: "not a graph folder, .json or .graphml file")
        }
        guard let tables, !log.hasErrors else { return (nil, log, [:]) }
        let graph = tables.load(file: path, log: &log)
        return (graph, log, [path: "UTF-8"])
    }

    private static func readFile(_ path: String, role: String, log: inout DiagnosticLog) -> TextBytes? {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            log.error(path, "file not found", fix: "a graph folder needs entities.csv and relations.csv (see README: data contract)")
            return nil
        }
        guard !isFolder.boolValue else {
            log.error(path, "is a folder, not a file", fix: "put the \(role) table itself here, as a CSV file")
            return nil
        }
        if let mapped = TextBytes.mapping(path) { return mapped }
        guard let bytes = readWhole(path) else {
            log.error(path, "cannot be read", fix: "check the file's permissions")
            return nil
        }
        return TextBytes(bytes)
    }

    /// The file's bytes, read straight into the array that keeps them, for what cannot be mapped
    /// (an empty file, a pipe): going through `Data` first would copy all of it twice.
    static func readWhole(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { return nil }
        let size = Int(info.st_size)
        var failed = false
        var bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            var done = 0
            while done < size {
                let n = systemRead(fd, buffer.baseAddress! + done, size - done)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { break }
                done += n
            }
            failed = done < size
            count = done
        }
        if failed { return nil }
        // A file that grew since fstat (still being written): take the rest too.
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { systemRead(fd, $0.baseAddress!, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            bytes.append(contentsOf: chunk[0..<n])
        }
        return bytes
    }
}

/// read(2), named through the C library of the platform (the method `read` of the types here
/// would otherwise shadow it).
private func systemRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
        Glibc.read(fd, buffer, count)
    #else
        Darwin.read(fd, buffer, count)
    #endif
}

#if canImport(Glibc)
    /// glibc's `malloc_trim`, which the Glibc module does not export.
    @_silgen_name("malloc_trim")
    private func relmap_malloc_trim(_ pad: Int) -> Int32
#endif
