import Foundation
import Testing

@testable import RelmapCore

/// The reader of whole-graph signals from a file (`relmap next --signals`): a file made from
/// Relmap's own signals is taken as is and ranks the same; a file of another graph, or with a
/// missing row or a bad number, is refused with the file, line and field named.
@Suite("ExternalSignals")
struct ExternalSignalsTests {
    let context: RankingContext

    init() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        context = try RankingContext(try GraphLoader.load(root.appendingPathComponent("Graphs/battery-chain").path).graph)
    }

    /// Relmap's own signals from all clients, written as the Spark job writes them.
    func ownFile() throws -> (csv: [String], meta: String) {
        let graph = context.graph, chain = context.chain, e = graph.entities
        let seeds = e.indices(withStatus: .client)
        let ppr = PersonalizedPageRank.compute(chain, restart: PersonalizedPageRank.restartDistribution(seeds: seeds, values: e.values)).scores
        let coverage = ChainCoverage(chain, seeds: seeds)
        var label = [String](repeating: "", count: e.count)
        for c in 0..<(chain.componentStarts.count - 1) {
            let members = (Int(chain.componentStarts[c])..<Int(chain.componentStarts[c + 1])).map { chain.entity(ofNode: $0) }
            let name = members.map { e.id($0) }.min()!
            for m in members { label[m] = name }
        }
        var rows = ["id,ppr,coverage,direct_client_ties,coverage_volume,component"]
        for i in e.indices {
            rows.append("\(e.id(i)),\(ppr[i]),\(coverage.withinTwoHops[i]),\(coverage.direct[i]),\(coverage.volume[i]),\(label[i])")
        }
        let fingerprint = SignalsFile.fingerprint(graph, chain: chain)
        return (rows, "{\"fingerprint\": \"\(fingerprint)\"}")
    }

    func bind(_ csv: [String], _ meta: String) throws -> ExternalSignals {
        let file = try SignalsFile(
            csv: Array((csv.joined(separator: "\n") + "\n").utf8), meta: Data(meta.utf8),
            path: "out/signals.csv", metaPath: "out/signals.json")
        return try file.bind(context)
    }

    func message(_ body: () throws -> Void) -> String {
        do { try body() } catch { return "\(error)" }
        return "no error"
    }

    @Test func ownSignalsRankTheSame() throws {
        let (csv, meta) = try ownFile()
        let external = try bind(csv, meta)
        var query = ExpansionRanking.Query(top: nil)
        query.threads = 1
        let plain = try ExpansionRanking.rank(context, query)
        query.external = external
        let taken = try ExpansionRanking.rank(context, query)
        #expect(plain.candidates.map(\.id) == taken.candidates.map(\.id))
        #expect(plain.candidates.map(\.score) == taken.candidates.map(\.score))
        #expect(taken.notes.contains { $0.contains("read from out/signals.csv") })
        // An RM's book is not what the file holds: computed here, and said so.
        if let rm = context.graph.entities.indices.lazy.map({ self.context.graph.entities.rm($0) }).first(where: { !$0.isEmpty }) {
            query.seeds = .rm(rm)
            let book = try ExpansionRanking.rank(context, query)
            query.external = nil
            #expect(try ExpansionRanking.rank(context, query).candidates.map(\.id) == book.candidates.map(\.id))
            #expect(book.notes.contains { $0.contains("computed here") })
        }
    }

    @Test func wrongFingerprintIsRefused() throws {
        let (csv, meta) = try ownFile()
        let other = meta.replacingOccurrences(of: "entities=", with: "entities=1")
        let text = message { _ = try bind(csv, other) }
        #expect(text.contains("out/signals.csv: fingerprint: the signals were computed on another graph"), "\(text)")
        #expect(text.contains("rerun Spark/relmap_signals.py"))
        #expect(message { _ = try bind(csv, "{}") }.contains("out/signals.json: fingerprint: no \"fingerprint\""))
    }

    @Test func missingAndUnknownIdsAreRefused() throws {
        let (csv, meta) = try ownFile()
        var short = csv
        let dropped = short.remove(at: 3).split(separator: ",")[0]
        let text = message { _ = try bind(short, meta) }
        #expect(text.contains("out/signals.csv: id: 1 entities of this graph have no row, the first '\(dropped)'"), "\(text)")
        var renamed = csv
        renamed[2] = "NOPE" + renamed[2]
        #expect(message { _ = try bind(renamed, meta) }.contains("out/signals.csv:3: id: 'NOPE"))
        var twice = csv
        twice.append(csv[1])
        #expect(
            message { _ = try bind(twice, meta) }.contains(
                "out/signals.csv:\(csv.count + 1): id: '\(csv[1].split(separator: ",")[0])' appears twice (first on line 2)"))
    }

    @Test func badNumbersAndColumnsAreRefused() throws {
        let (csv, meta) = try ownFile()
        var bad = csv
        var fields = bad[4].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        fields[1] = "0.0x1"
        bad[4] = fields.joined(separator: ",")
        let text = message { _ = try bind(bad, meta) }
        #expect(text.contains("out/signals.csv:5: ppr: '0.0x1' is not a number of 0 or more (entity \(fields[0]))"), "\(text)")
        fields[1] = "0.1"
        fields[2] = "-3"
        bad[4] = fields.joined(separator: ",")
        #expect(message { _ = try bind(bad, meta) }.contains("out/signals.csv:5: coverage: '-3' is not a whole number"))
        var header = csv
        header[0] = "id,ppr,coverage,coverage_volume,component"
        #expect(message { _ = try bind(header, meta) }.contains("out/signals.csv:1: direct_client_ties: column missing from the header"))
    }

    @Test func componentsMustMatchTheChain() throws {
        let (csv, meta) = try ownFile()
        // Every entity in one component: wrong wherever the chain has more than one.
        let merged =
            [csv[0]]
            + csv.dropFirst().map { row -> String in
                var f = row.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                f[5] = "ALL"
                return f.joined(separator: ",")
            }
        #expect(message { _ = try bind(merged, meta) }.contains("component: 'ALL' also names the component of"))
    }
}
