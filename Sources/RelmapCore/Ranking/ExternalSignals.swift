import Foundation
import Synchronization

/// Whole-graph signals computed elsewhere (the Spark job `Spark/relmap_signals.py`, for a graph
/// past one machine) and taken by `relmap next --signals FILE` instead of computing them: `ppr` and
/// `coverage` from all clients, and the value-chain components as a check.
///
/// The file is trusted only once it is shown to belong to the loaded graph: the fingerprint the job
/// writes beside it (`signals.json`) must equal the graph's own, every entity must have exactly one
/// row, every number must parse, and the components must partition the entities as the chain does.
/// What depends on the question (access, bridge, reasons, an RM's own book) is still computed here.
///
/// The fingerprint, `entities=<n> chain_pairs=<m> ids=<16 hex>`: n entities, m distinct undirected
/// `supplies` pairs (self-loops excluded), and the sum modulo 2^64 of FNV-1a 64 over each id's
/// UTF-8 bytes. A sum, not a hash of the sorted list, so that Spark hashes ids where they lie and
/// adds two numbers on the driver; here it is one pass over the ids.
public final class SignalsFile: Sendable {
    public let path: String
    /// The fingerprint written by the job.
    public let fingerprint: String
    public let ids: [String]
    public let lines: [Int]
    public let ppr: [Double]
    public let coverage: [UInt32]
    public let directClientTies: [UInt32]
    public let coverageVolume: [Double]
    public let components: [String]
    /// The same file bound to one ranking context, made once per context.
    private let bound = Mutex<(ObjectIdentifier, ExternalSignals)?>(nil)

    static let columns = ["id", "ppr", "coverage", "direct_client_ties", "coverage_volume", "component"]

    /// Reads `path` (signals.csv) and the fingerprint beside it (the same name with `.json`).
    /// - Throws: `RelmapError.io` naming the file, the line and the field.
    public convenience init(path: String, lang: Language = .en) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw RelmapError.io(
                path: path,
                reason: lang(
                    "cannot read the signals file; give the signals.csv that Spark/relmap_signals.py wrote",
                    "无法读取信号文件；请指定 Spark/relmap_signals.py 写出的 signals.csv"))
        }
        let metaPath = (path as NSString).deletingPathExtension + ".json"
        guard let meta = FileManager.default.contents(atPath: metaPath) else {
            throw RelmapError.io(
                path: metaPath,
                reason: lang(
                    "missing: the job writes the graph's fingerprint there, beside \(path); copy it along with the CSV",
                    "缺失：作业在 \(path) 旁写出图的指纹文件；请与 CSV 一并复制"))
        }
        try self.init(csv: [UInt8](data), meta: meta, path: path, metaPath: metaPath, lang: lang)
    }

    public init(csv: [UInt8], meta: Data, path: String, metaPath: String, lang: Language = .en) throws {
        self.path = path
        guard let object = try? JSONSerialization.jsonObject(with: meta) as? [String: Any],
            let fingerprint = object["fingerprint"] as? String
        else {
            throw RelmapError.io(
                path: metaPath,
                reason: lang(
                    "fingerprint: no \"fingerprint\" string in this JSON; rerun Spark/relmap_signals.py",
                    "fingerprint：该 JSON 中没有 \"fingerprint\" 字段；请重新运行 Spark/relmap_signals.py"))
        }
        self.fingerprint = fingerprint
        let reader: CSVReader
        do { reader = try CSVReader(bytes: csv) } catch {
            throw RelmapError.io(path: path, reason: lang("cannot decode the text: \(error)", "无法解码文本：\(error)"))
        }
        var ids: [String] = [], lines: [Int] = [], ppr: [Double] = [], coverage: [UInt32] = []
        var direct: [UInt32] = [], volume: [Double] = [], components: [String] = []
        var position: [String: Int] = [:]
        // Header positions of `columns`, filled by the first record.
        var columnsAt: [Int] = []
        var failure: RelmapError?
        func fail(_ line: Int, _ field: String, _ en: String, _ zh: String) {
            failure = RelmapError.io(path: "\(path):\(line)", reason: "\(field): " + lang(en, zh))
        }
        do {
            try reader.forEachRecord { record in
                if position.isEmpty && columnsAt.isEmpty {
                    let header = (0..<record.count).map { record.string($0).trimmingCharacters(in: .whitespaces) }
                    for name in Self.columns {
                        guard let i = header.firstIndex(of: name) else {
                            fail(
                                record.line, name,
                                "column missing from the header (\(header.joined(separator: ","))); the file needs \(Self.columns.joined(separator: ", "))",
                                "表头缺少该列（\(header.joined(separator: ","))）；文件需要 \(Self.columns.joined(separator: ", "))")
                            return false
                        }
                        columnsAt.append(i)
                    }
                    return true
                }
                let line = record.line
                let fields = (0..<record.count).map { record.string($0) }
                func text(_ k: Int) -> String { columnsAt[k] < fields.count ? fields[columnsAt[k]] : "" }
                let id = text(0)
                if let first = position[id] {
                    fail(
                        line, "id", "'\(id)' appears twice (first on line \(lines[first])); keep one row per entity",
                        "'\(id)' 出现两次（首次在第 \(lines[first]) 行）；每个主体只保留一行")
                    return false
                }
                guard let p = Double(text(1)), p.isFinite, p >= 0 else {
                    fail(line, "ppr", "'\(text(1))' is not a number of 0 or more (entity \(id))", "'\(text(1))' 不是不小于 0 的数（主体 \(id)）")
                    return false
                }
                var counts: [UInt32] = []
                for (k, name) in [(2, "coverage"), (3, "direct_client_ties")] {
                    guard let c = UInt32(text(k)) else {
                        fail(line, name, "'\(text(k))' is not a whole number of 0 or more (entity \(id))", "'\(text(k))' 不是非负整数（主体 \(id)）")
                        return false
                    }
                    counts.append(c)
                }
                guard let v = Double(text(4)), v.isFinite, v >= 0 else {
                    fail(line, "coverage_volume", "'\(text(4))' is not a number of 0 or more (entity \(id))", "'\(text(4))' 不是不小于 0 的数（主体 \(id)）")
                    return false
                }
                position[id] = ids.count
                ids.append(id)
                lines.append(line)
                ppr.append(p)
                coverage.append(counts[0])
                direct.append(counts[1])
                volume.append(v)
                components.append(text(5))
                return true
            }
        } catch {
            throw RelmapError.io(path: path, reason: lang("not a readable CSV: \(error)", "不是可读的 CSV：\(error)"))
        }
        if let failure { throw failure }
        self.ids = ids
        self.lines = lines
        self.ppr = ppr
        self.coverage = coverage
        self.directClientTies = direct
        self.coverageVolume = volume
        self.components = components
    }

    /// The fingerprint of a graph, as the Spark job computes it.
    public static func fingerprint(_ graph: Graph, chain: ValueChainProjection) -> String {
        let e = graph.entities
        var sum: UInt64 = 0
        for i in e.indices {
            var h: UInt64 = 0xcbf29ce484222325
            for b in e.id(i).utf8 { h = (h ^ UInt64(b)) &* 0x100000001b3 }
            sum &+= h
        }
        let hex = String(sum, radix: 16)
        return "entities=\(e.count) chain_pairs=\(chain.edgeCount) ids=\(String(repeating: "0", count: 16 - hex.count))\(hex)"
    }

    /// These signals for the graph of `context`, checked once per context.
    /// - Throws: `RelmapError.io` when the file does not belong to this graph.
    public func bind(_ context: RankingContext, lang: Language = .en) throws -> ExternalSignals {
        let key = ObjectIdentifier(context)
        if let (k, signals) = bound.withLock({ $0 }), k == key { return signals }
        let signals = try ExternalSignals(self, context: context, lang: lang)
        bound.withLock { $0 = (key, signals) }
        return signals
    }
}

/// A signals file matched to one graph: the values indexed by entity.
public struct ExternalSignals: Sendable {
    public let path: String
    public let ppr: [Double]
    public let coverage: ChainCoverage

    init(_ file: SignalsFile, context: RankingContext, lang: Language) throws {
        let graph = context.graph, chain = context.chain, n = graph.entityCount
        let path = file.path
        let mine = SignalsFile.fingerprint(graph, chain: chain)
        guard mine == file.fingerprint else {
            throw RelmapError.io(
                path: path,
                reason: lang(
                    "fingerprint: the signals were computed on another graph (file: \(file.fingerprint); this graph: \(mine)); rerun Spark/relmap_signals.py on this graph's entities.csv and relations.csv",
                    "fingerprint：这些信号基于另一张图计算（文件：\(file.fingerprint)；本图：\(mine)）；请对本图的 entities.csv 和 relations.csv 重新运行 Spark/relmap_signals.py"))
        }
        var row = [Int](repeating: -1, count: n)
        for (k, id) in file.ids.enumerated() {
            guard let i = graph.index(ofID: id) else {
                throw RelmapError.io(
                    path: "\(path):\(file.lines[k])",
                    reason: "id: "
                        + lang(
                            "'\(id)' is not an entity of this graph", "'\(id)' 不是本图中的主体"))
            }
            row[i] = k
        }
        if let missing = row.firstIndex(of: -1) {
            let count = row.reduce(0) { $0 + ($1 < 0 ? 1 : 0) }
            throw RelmapError.io(
                path: path,
                reason: "id: "
                    + lang(
                        "\(count) entities of this graph have no row, the first '\(graph.entities.id(missing))'; the file must hold one row per entity",
                        "本图有 \(count) 个主体没有对应行，首个为 '\(graph.entities.id(missing))'；文件须每个主体一行"))
        }
        // Components: one label per chain component, different labels for different components.
        var owner: [String: Int] = [:]
        for c in 0..<(chain.componentStarts.count - 1) {
            let range = Int(chain.componentStarts[c])..<Int(chain.componentStarts[c + 1])
            let first = row[chain.entity(ofNode: range.lowerBound)]
            let label = file.components[first]
            for v in range {
                let k = row[chain.entity(ofNode: v)]
                guard file.components[k] == label else {
                    throw RelmapError.io(
                        path: "\(path):\(file.lines[k])",
                        reason: "component: "
                            + lang(
                                "'\(file.components[k])' differs from '\(label)' of \(file.ids[first]) (line \(file.lines[first])), which trades with it along the chain",
                                "'\(file.components[k])' 与同一产业链分量中 \(file.ids[first])（第 \(file.lines[first]) 行）的 '\(label)' 不同"))
                }
            }
            if let other = owner.updateValue(c, forKey: label) {
                let k = row[chain.entity(ofNode: Int(chain.componentStarts[other]))]
                throw RelmapError.io(
                    path: "\(path):\(file.lines[first])",
                    reason: "component: "
                        + lang(
                            "'\(label)' also names the component of \(file.ids[k]) (line \(file.lines[k])), which has no chain path to \(file.ids[first])",
                            "'\(label)' 也是 \(file.ids[k])（第 \(file.lines[k]) 行）所在分量的名称，但二者之间没有产业链路径"))
            }
        }
        self.path = path
        ppr = row.map { file.ppr[$0] }
        coverage = ChainCoverage(
            direct: row.map { file.directClientTies[$0] }, withinTwoHops: row.map { file.coverage[$0] },
            volume: row.map { file.coverageVolume[$0] })
    }
}

extension ChainCoverage {
    /// Coverage read from elsewhere (`ExternalSignals`), indexed by entity.
    init(direct: [UInt32], withinTwoHops: [UInt32], volume: [Double]) {
        self.direct = direct
        self.withinTwoHops = withinTwoHops
        self.volume = volume
    }
}
