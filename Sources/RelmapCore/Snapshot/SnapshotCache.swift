import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// When and where a load may use a snapshot.
public struct SnapshotPolicy: Sendable {
    /// A folder for snapshots (read-only data); nil means `.relmap/` beside the data.
    public var cacheFolder: String?
    /// Below this many relations, parsing the files is as fast as opening a snapshot, so none is
    /// written (one that exists is still used).
    public var minimumRelations: Int

    public init(cacheFolder: String? = nil, minimumRelations: Int = 50_000) {
        self.cacheFolder = cacheFolder
        self.minimumRelations = minimumRelations
    }
}

/// What the cache did on one load, for the front end to report.
public enum SnapshotEvent: Sendable, Equatable {
    /// Answered from the snapshot at this path.
    case read(path: String)
    /// Read the files, then wrote a snapshot.
    case written(path: String)
    /// A snapshot existed but was refused (why), the files were read, and a fresh one written if it could be.
    case rebuilt(path: String, problem: SnapshotProblem)
    /// Read the files; the graph is too small to be worth a snapshot.
    case notWorthIt
    /// Read the files; the snapshot could not be written there (read-only folder...).
    case unwritable(path: String, reason: String)
}

/// Snapshots of graphs: where they live, whether one is current, and loading through them.
public enum Snapshot {
    /// The input files a graph path stands for, as absolute paths.
    static func inputs(of graph: String) -> [String] {
        let absolute = URL(fileURLWithPath: graph).standardizedFileURL.path
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: absolute, isDirectory: &isFolder), isFolder.boolValue {
            return ["entities.csv", "relations.csv"].map { (absolute as NSString).appendingPathComponent($0) }
        }
        return [absolute]
    }

    /// Where the snapshot of `graph` lives: `DIR/.relmap/graph.snapshot` for a folder,
    /// `.relmap/NAME.snapshot` beside a file, or, with a cache folder, a name made of the graph's
    /// base name and a hash of its absolute path (two graphs may share one cache folder).
    public static func path(of graph: String, cacheFolder: String? = nil) -> String {
        let absolute = URL(fileURLWithPath: graph).standardizedFileURL.path
        var isFolder: ObjCBool = false
        let folder = FileManager.default.fileExists(atPath: absolute, isDirectory: &isFolder) && isFolder.boolValue
        let base = (absolute as NSString).lastPathComponent
        if let cacheFolder {
            let tag = String(SnapshotChecksum.hash(Array(absolute.utf8)), radix: 16)
            return (cacheFolder as NSString).appendingPathComponent("\(base)-\(tag).snapshot")
        }
        if folder { return (absolute as NSString).appendingPathComponent(".relmap/graph.snapshot") }
        let beside = (absolute as NSString).deletingLastPathComponent
        return (beside as NSString).appendingPathComponent(".relmap/\(base).snapshot")
    }

    /// Reads the snapshot at `path` if it is whole, of this build, and made from `graph`'s
    /// inputs as they are now.
    static func read(_ path: String, graph: String, diagnosticLimit: Int = 200) throws -> LoadedGraph {
        try SnapshotReader.open(path) { reader in
            let meta = try reader.meta()
            guard meta.build == SnapshotLayout.buildVersion else {
                throw SnapshotProblem.otherVersion(found: meta.build, expected: SnapshotLayout.buildVersion)
            }
            let current = Snapshot.inputs(of: graph)
            guard meta.inputs.map(\.path) == current else {
                throw SnapshotProblem.stale(input: current.joined(separator: ", "), what: "is another graph")
            }
            // The inputs are hashed on another core while this one copies the graph (each is about
            // a third of the open on a million entities); a stale input still wins over a graph
            // that failed its checks, since it says what the user changed.
            let inputsChecked = Background { () -> SnapshotProblem? in
                for recorded in meta.inputs {
                    guard let now = InputFingerprint.of(recorded.path) else {
                        return SnapshotProblem.stale(input: recorded.path, what: "is missing")
                    }
                    if now != recorded { return SnapshotProblem.stale(input: recorded.path, what: "changed") }
                }
                return nil
            }
            let graph: Graph
            do {
                graph = try reader.graph(meta)
            } catch {
                if let stale = inputsChecked.value { throw stale }
                throw error
            }
            if let stale = inputsChecked.value { throw stale }
            // The projection and the tie strengths are read, and checked, only when a question asks
            // for them (`StoredPart`): checking the projection's 183 MB here would cost a map
            // question a third of its time.
            var log = DiagnosticLog(limit: diagnosticLimit)
            for d in meta.warnings.prefix(diagnosticLimit) where d.severity == .warning { log.add(d) }
            log.countHidden(errors: 0, warnings: meta.warningCount - log.warningCount)
            return LoadedGraph(
                graph: graph, log: log, encodings: meta.encodings,
                chainSource: ChainSource(snapshot: path, checksum: reader.checksum, entityCount: graph.entityCount),
                tieStrengths: TieStrengthSource(snapshot: path, checksum: reader.checksum) { [m = graph.relationCount] in
                    try $0.tieStrengths(relationCount: m)
                },
                signalsCache: SignalsCache(snapshotPath: path, graphChecksum: reader.checksum))
        }
    }

    /// Writes the snapshot of a graph loaded from `graph`, given its inputs' fingerprints taken
    /// before the files were read (an input edited during the load then makes it stale at once).
    /// The projection and the tie strengths are made here when `loaded` has none; the caller keeps
    /// the ones it passed.
    @discardableResult
    static func write(_ loaded: LoadedGraph, graph: String, inputs: [InputFingerprint], to path: String) throws -> (bytes: Int, checksum: UInt64) {
        let folder = (path as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw RelmapError.io(path: folder, reason: "cannot create the snapshot folder")
        }
        let g = loaded.graph
        let meta = SnapshotMeta(
            build: SnapshotLayout.buildVersion, graph: graph, inputs: inputs,
            entityCount: g.entityCount, relationCount: g.relationCount,
            entityExtra: g.entities.extra.map(\.name), relationExtra: g.relations.extra.map(\.name),
            entityExtraTypes: g.entities.extra.map(\.type), relationExtraTypes: g.relations.extra.map(\.type),
            idSlotCount: g.idIndex.storedSlots.count, idCount: g.idIndex.count,
            warningCount: loaded.log.warningCount, warnings: loaded.log.warnings,
            encodings: loaded.encodings)
        let chain = loaded.chain ?? ValueChainProjection(g, threads: Machine.cores)
        let strengths = loaded.tieStrengths?.value ?? TieStrength.strengths(of: g)
        return try SnapshotWriter.write(g, chain: chain, tieStrengths: strengths, meta: meta, to: path)
    }

    /// `relmap compile`: loads from the files and writes the snapshot whatever the graph's size.
    public static func compile(_ graph: String, cacheFolder: String? = nil) throws -> (path: String, bytes: Int, loaded: LoadedGraph) {
        let fingerprints = Snapshot.inputs(of: graph).compactMap(InputFingerprint.of)
        var loaded = try GraphLoader.load(graph)
        loaded.chain = ValueChainProjection(loaded.graph, threads: Machine.cores)
        let destination = Snapshot.path(of: graph, cacheFolder: cacheFolder)
        let written = try write(loaded, graph: graph, inputs: fingerprints, to: destination)
        loaded.signalsCache = SignalsCache(snapshotPath: destination, graphChecksum: written.checksum)
        return (destination, written.bytes, loaded)
    }
}

extension GraphLoader {
    /// Loads through the snapshot cache: from a current snapshot when there is one, otherwise
    /// from the files, then writes a snapshot when the graph is large enough. A snapshot that is
    /// damaged, stale or from another build is never used; the event says why it was passed over.
    /// Invalid data throws as `load(_:)` does (and nothing is written).
    public static func load(
        _ path: String, snapshot policy: SnapshotPolicy,
        diagnosticLimit: Int = 200
    ) throws -> (LoadedGraph, SnapshotEvent) {
        let inputs = Snapshot.inputs(of: path)
        for input in inputs { InputFiles.register(input) }
        let snapshotPath = Snapshot.path(of: path, cacheFolder: policy.cacheFolder)
        var refused: SnapshotProblem?
        if FileManager.default.fileExists(atPath: snapshotPath) {
            do {
                return (try Snapshot.read(snapshotPath, graph: path, diagnosticLimit: diagnosticLimit), .read(path: snapshotPath))
            } catch let problem as SnapshotProblem {
                refused = problem
            }
        }
        let fingerprints = inputs.compactMap(InputFingerprint.of)
        var loaded = try load(path, diagnosticLimit: diagnosticLimit)
        guard loaded.graph.relationCount >= policy.minimumRelations || refused != nil else { return (loaded, .notWorthIt) }
        guard fingerprints.count == inputs.count else { return (loaded, .notWorthIt) }
        // The snapshot keeps the projection; made once here, the command that loaded uses it too.
        loaded.chain = ValueChainProjection(loaded.graph, threads: Machine.cores)
        do {
            let written = try Snapshot.write(loaded, graph: path, inputs: fingerprints, to: snapshotPath)
            loaded.signalsCache = SignalsCache(snapshotPath: snapshotPath, graphChecksum: written.checksum)
        } catch RelmapError.io(let folder, let reason) {
            return (loaded, .unwritable(path: folder, reason: reason))
        } catch {
            return (loaded, .unwritable(path: snapshotPath, reason: "\(error)"))
        }
        if let refused { return (loaded, .rebuilt(path: snapshotPath, problem: refused)) }
        return (loaded, .written(path: snapshotPath))
    }
}
