import Foundation
import Testing

@testable import RelmapCore

@Suite struct WorldGeneratorTests {
    func generate(_ n: Int, seed: UInt64, payments: Int = 0) throws -> String {
        let dir = NSTemporaryDirectory() + "relmap-gen-" + UUID().uuidString
        _ = try WorldGenerator(entities: n, seed: seed, payments: payments).write(to: dir)
        return dir
    }

    func csv(_ path: String) throws -> CSVTable { try CSVReader.read(path: path) }

    @Test func sameSeedSameBytes() throws {
        let a = try generate(2000, seed: 7), b = try generate(2000, seed: 7), c = try generate(2000, seed: 8)
        for file in ["entities.csv", "relations.csv"] {
            let x = FileManager.default.contents(atPath: a + "/" + file), y = FileManager.default.contents(atPath: b + "/" + file)
            #expect(x == y)
            #expect(x != FileManager.default.contents(atPath: c + "/" + file))
        }
    }

    @Test func worldIsValidAndRealistic() throws {
        let loaded = try GraphLoader.load(try generate(5000, seed: 1))
        #expect(loaded.log.warningCount == 0)
        let g = loaded.graph
        let s = GraphStatistics(g)
        let clients = s.byStatus.first { $0.key == "client" }?.count ?? 0
        let companies = s.byKind.first { $0.key == "company" }?.count ?? 0
        #expect(Double(clients) / Double(companies) > 0.05 && Double(clients) / Double(companies) < 0.15)
        #expect(Double(g.relationCount) / Double(g.entityCount) > 3.5)
        #expect(s.byType.first?.key == "supplies")
        for type in RelationType.allCases { #expect(s.byType.contains { $0.key == type.name }, "no \(type.name)") }
        #expect(s.valueChain.largest > g.entityCount / 2)  // chains are joined by shared suppliers
        // Supplies run from one segment to the next: no self loops, volumes positive.
        for r in g.relations.indices where g.relations.type(r) == .supplies {
            #expect(g.relations.source(r) != g.relations.target(r))
            #expect((g.relations.weight(r) ?? 0) > 0)
        }
    }

    @Test func contractInvariantsHold() throws {
        let dir = try generate(3000, seed: 5)
        let g = try GraphLoader.load(dir).graph
        let entities = try csv(dir + "/entities.csv"), relations = try csv(dir + "/relations.csv")
        #expect(
            entities.header == [
                "id", "name", "kind", "status", "industry", "region", "tier", "rm", "value", "size", "stage", "client_since", "accounts"
            ])
        #expect(relations.header == ["source", "target", "type", "weight", "strength", "date", "outcome", "role"])
        #expect(relations.rows.count == g.relationCount)
        let col = { (t: CSVTable, name: String) in t.header.firstIndex(of: name)! }
        // Ids: E + 7 digits, unique; every relation names an existing id.
        let ids = Set(entities.rows.map { $0[0] })
        #expect(ids.count == entities.rows.count)
        #expect(ids.allSatisfy { $0.count == 8 && $0.hasPrefix("E") && $0.dropFirst().allSatisfy(\.isNumber) })
        #expect(relations.rows.allSatisfy { ids.contains($0[0]) && ids.contains($0[1]) })
        var booksByRM: [String: Int] = [:]
        for row in entities.rows {
            let kind = row[col(entities, "kind")], status = row[col(entities, "status")]
            #expect(EntityKind(name: kind) != nil && EntityStatus(name: status) != nil)
            // Every company has one 19-digit account; only clients have an RM, a tier and a value.
            if kind == "company" {
                let account = row[col(entities, "accounts")]
                #expect(account.count == 19 && account.allSatisfy(\.isNumber), "\(row[0]): \(account)")
                #expect(!row[col(entities, "industry")].isEmpty && !row[col(entities, "region")].isEmpty)
            }
            let rm = row[col(entities, "rm")]
            #expect(rm.isEmpty == (status != "client"))
            if status == "client" {
                booksByRM[rm, default: 0] += 1
                #expect((1...4).contains(Int(row[col(entities, "tier")]) ?? 0))
                #expect((Double(row[col(entities, "value")]) ?? -1) >= 0)
            }
        }
        #expect(!booksByRM.isEmpty && booksByRM.values.allSatisfy { $0 <= 450 }, "RM books of a few hundred at most")
        let earliest = Day(year: 2019, month: 1, day: 1)!, latest = Day(year: 2026, month: 12, day: 31)!
        for r in g.relations.indices {
            let type = g.relations.type(r)
            #expect((g.relations.outcome(r) != .none) == (type == .refers), "outcome only, and always, on refers")
            if let s = g.relations.strength(r) { #expect(s > 0 && s <= 1) }
            if let w = g.relations.weight(r) { #expect(w > 0 && w.isFinite) }
            if type == .owns { #expect((g.relations.weight(r) ?? 0) <= 1) }
            if let d = g.relations.date(r) { #expect(d >= earliest && d <= latest) }
            if type == .worksAt {
                #expect(g.entities.kind(Int(g.relations.source(r))) == .person)
                #expect(!(g.relations.attribute("role", of: r) ?? "").isEmpty)
            }
        }
    }

    @Test func paymentsFollowTheSupplyTies() throws {
        let plain = try generate(3000, seed: 9), dir = try generate(3000, seed: 9, payments: 12_000)
        let again = try generate(3000, seed: 9, payments: 12_000), other = try generate(3000, seed: 10, payments: 12_000)
        // Asking for payments leaves the graph as it was; the payments are deterministic by seed.
        for file in ["entities.csv", "relations.csv"] {
            #expect(FileManager.default.contents(atPath: plain + "/" + file) == FileManager.default.contents(atPath: dir + "/" + file))
        }
        let bytes = FileManager.default.contents(atPath: dir + "/payments.csv")
        #expect(bytes == FileManager.default.contents(atPath: again + "/payments.csv"))
        #expect(bytes != FileManager.default.contents(atPath: other + "/payments.csv"))

        let payments = try csv(dir + "/payments.csv")
        #expect(
            payments.header == [
                "date", "payer_account", "payee_account", "payer_name", "payee_name", "payer_bank", "payee_bank", "amount", "currency", "memo", "id"
            ])
        #expect(payments.rows.count == 12_000)
        #expect(payments.rows.allSatisfy { ValueParsing.parseDay($0[0]) != nil && ValueParsing.parseNumber($0[7]) != nil })

        // Mining the file recovers the trade ties: most enrich existing supplies relations, some
        // add counterparties the CRM did not know, and every kind of non-trade row is excluded.
        let graph = try GraphLoader.load(dir).graph
        let result = try PaymentMiner.mine(graph: graph, payments: dir + "/payments.csv", options: MiningOptions(bank: "江南商业银行"))
        let report = result.report
        #expect(report.rejected == 0)
        #expect(report.relationsEnriched > 500)
        #expect(report.relationsCreated > 0 && !report.created.isEmpty)
        #expect(report.duplicateIDs > 0 || payments.rows.count < 5_000)
        #expect(report.reversals > 0)
        #expect(!report.variants.isEmpty, "name variants of one account holder are merged")
        #expect(report.conflicts.isEmpty)
        let reasons = Set(report.excluded.filter { $0.rows > 0 }.map(\.reason))
        for reason in [
            "payroll", "tax and fees", "social insurance and housing fund", "loan principal and interest", "refund or reversal", "group transfer"
        ] {
            #expect(reasons.contains(reason), "no \(reason) rows")
        }
        #expect(Double(report.rowsInFlows) / Double(report.dataRows) > 0.8)
    }

    @Test func noPaymentsFileUnlessAsked() throws {
        let dir = try generate(500, seed: 2)
        #expect(!FileManager.default.fileExists(atPath: dir + "/payments.csv"))
    }
}
