import Foundation

/// Ranking signals that depend only on the graph (and, for access, on the day ties are aged to),
/// kept beside the graph's snapshot so that the next command reads them instead of computing them.
///
/// Two files, each in the snapshot layout with its own checksums:
/// - `SNAPSHOT.access`: introduction access from the bank's side (cost and previous entity of
///   every warmest path), for one aging: the day and the half-lives, or no decay. Ties age every
///   day, so the first ranking of a day computes it (under half a second on a million entities)
///   and the rest of the day reads it.
/// - `SNAPSHOT.whole-bank`: ppr, bridge and coverage from all clients, the whole-bank question's
///   expensive half (seconds on a million entities), for one set of parameters (bridge budget
///   and samples, the solver's tolerance and threads).
///
/// Each file names the snapshot it belongs to by the snapshot's table checksum, which covers
/// every byte of the graph: a signals file of another graph, of an older snapshot of this one, or
/// with other parameters is never used, only replaced. A damaged file fails its checksums and is
/// computed again. Nothing here is the user's data: a file that cannot be written is skipped
/// (the answer is the same, only slower next time).
public struct SignalsCache: Sendable {
    /// The snapshot these signals belong to, and its table checksum.
    public let snapshotPath: String
    let graphChecksum: UInt64

    init(snapshotPath: String, graphChecksum: UInt64) {
        self.snapshotPath = snapshotPath
        self.graphChecksum = graphChecksum
    }

    var accessPath: String { snapshotPath + ".access" }
    var wholeBankPath: String { snapshotPath + ".whole-bank" }

    /// What a signals file was computed for; a file is used only when it matches exactly.
    struct Key: Codable, Equatable {
        var build = SnapshotLayout.buildVersion
        var kind: String
        var graphChecksum: UInt64
        var entityCount: Int
        /// The parameters, as text: the aging for access, the solver's settings for whole-bank.
        var parameters: [String: String]
    }

    enum Tag: UInt32 {
        case meta = 1
        case accessCost = 10, accessPrevious
        case ppr = 20, bridge, bridgeError, coverageDirect, coverageWithin, coverageVolume
    }

    // MARK: Access

    /// The parameters of access: the aging (day and half-lives), or none.
    static func accessParameters(_ decay: TieDecay?) -> [String: String] {
        guard let decay else { return ["aging": "none"] }
        var p = ["aging": "decay", "as_of": "\(decay.asOf.daysSince1970)"]
        for (type, halfLife) in decay.halfLives { p["half_life_\(type.name)"] = "\(halfLife.bitPattern)" }
        return p
    }

    func access(decay: TieDecay?, graph: Graph) -> IntroductionAccess? {
        let key = Key(
            kind: "access", graphChecksum: graphChecksum, entityCount: graph.entityCount,
            parameters: Self.accessParameters(decay))
        return try? read(accessPath, key: key) { reader, _ in
            let n = graph.entityCount
            let cost: [Double] = try reader.array(Tag.accessCost.rawValue, count: n)
            let previous: [Int32] = try reader.array(Tag.accessPrevious.rawValue, count: n)
            // `path(to:)` follows `previous`: an index past the graph would read out of bounds.
            guard previous.allSatisfy({ $0 >= -1 && Int($0) < n }), cost.allSatisfy({ !$0.isNaN && $0 >= 0 }) else {
                throw SnapshotProblem.malformed(part: "access", detail: "a path step past the graph or a negative cost")
            }
            return IntroductionAccess(paths: WarmestPaths(cost: cost, previous: previous))
        }
    }

    func store(_ access: IntroductionAccess, decay: TieDecay?, graph: Graph) {
        let key = Key(
            kind: "access", graphChecksum: graphChecksum, entityCount: graph.entityCount,
            parameters: Self.accessParameters(decay))
        write(
            accessPath, key: key,
            [
                .array(Tag.accessCost.rawValue, access.paths.cost),
                .array(Tag.accessPrevious.rawValue, access.paths.previous)
            ])
    }

    // MARK: Whole bank

    /// ppr, bridge and coverage from all clients.
    struct WholeBank: Sendable {
        var ppr: [Double]
        var bridge: SeedBetweenness.Result
        var coverage: ChainCoverage
    }

    static func wholeBankParameters(_ query: ExpansionRanking.Query, ppr: PersonalizedPageRank.Options) -> [String: String] {
        [
            "bridge_budget": "\(query.bridgeBudget)", "bridge_samples": "\(query.bridgeSamples)",
            "ppr_alpha": "\(ppr.alpha.bitPattern)", "ppr_tolerance": "\(ppr.tolerance.bitPattern)",
            "ppr_max_iterations": "\(ppr.maxIterations)", "threads": "\(ppr.threads)"
        ]
    }

    func wholeBank(_ parameters: [String: String], entityCount n: Int) -> WholeBank? {
        let key = Key(kind: "whole-bank", graphChecksum: graphChecksum, entityCount: n, parameters: parameters)
        return try? read(wholeBankPath, key: key) { reader, stored in
            let ppr: [Double] = try reader.array(Tag.ppr.rawValue, count: n)
            let bridge: [Double] = try reader.array(Tag.bridge.rawValue, count: n)
            let errorCount = try reader.bytes(Tag.bridgeError.rawValue).count / MemoryLayout<Double>.stride
            let error: [Double]? = errorCount == 0 ? nil : try reader.array(Tag.bridgeError.rawValue, count: n)
            let coverage = ChainCoverage(
                direct: try reader.array(Tag.coverageDirect.rawValue, count: n),
                withinTwoHops: try reader.array(Tag.coverageWithin.rawValue, count: n),
                volume: try reader.array(Tag.coverageVolume.rawValue, count: n))
            guard let pairs = Int(stored.parameters["sampled_pairs"] ?? ""), let seeds = Int(stored.parameters["seed_count"] ?? "") else {
                throw SnapshotProblem.malformed(part: "whole-bank", detail: "no sample size")
            }
            return WholeBank(
                ppr: ppr, bridge: .init(scores: bridge, errorBound: error, sampledPairs: pairs, seedCount: seeds),
                coverage: coverage)
        } matching: { stored in
            // The sample size is written with the signals; everything else must be asked for.
            var asked = stored
            asked.parameters = stored.parameters.filter { $0.key != "sampled_pairs" && $0.key != "seed_count" }
            return asked == key
        }
    }

    func store(_ signals: WholeBank, _ parameters: [String: String], entityCount n: Int) {
        var parameters = parameters
        parameters["sampled_pairs"] = "\(signals.bridge.sampledPairs)"
        parameters["seed_count"] = "\(signals.bridge.seedCount)"
        let key = Key(kind: "whole-bank", graphChecksum: graphChecksum, entityCount: n, parameters: parameters)
        write(
            wholeBankPath, key: key,
            [
                .array(Tag.ppr.rawValue, signals.ppr), .array(Tag.bridge.rawValue, signals.bridge.scores),
                .array(Tag.bridgeError.rawValue, signals.bridge.errorBound ?? []),
                .array(Tag.coverageDirect.rawValue, signals.coverage.direct),
                .array(Tag.coverageWithin.rawValue, signals.coverage.withinTwoHops),
                .array(Tag.coverageVolume.rawValue, signals.coverage.volume)
            ])
    }

    // MARK: Files

    private func read<T>(
        _ path: String, key: Key, _ body: (SnapshotReader, Key) throws -> T,
        matching: ((Key) -> Bool)? = nil
    ) throws -> T {
        try SnapshotReader.open(path) { reader in
            let stored = try reader.meta(as: Key.self)
            guard matching?(stored) ?? (stored == key) else { throw SnapshotProblem.stale(input: path, what: "is for other parameters") }
            return try body(reader, stored)
        }
    }

    private func write(_ path: String, key: Key, _ sections: [SnapshotWriter.Pending]) {
        guard let meta = try? SnapshotWriter.metaEncoder.encode(key) else { return }
        _ = try? SnapshotWriter.write(sections: [.array(Tag.meta.rawValue, Array(meta))] + sections, to: path, durable: false)
    }
}

extension IntroductionAccess {
    /// Access from paths already found (`SignalsCache`).
    init(paths: WarmestPaths) {
        self.paths = paths
        strength = (0..<paths.cost.count).map(paths.strength)
    }
}
