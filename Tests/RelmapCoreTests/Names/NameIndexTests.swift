import Foundation
import Testing

@testable import RelmapCore

/// The name index answers what a scan of every name answers, on a generated world's names.
@Suite struct NameIndexTests {
    static let world: Graph = {
        let folder = NSTemporaryDirectory() + "relmap-names-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        do {
            _ = try WorldGenerator(entities: 8_000, seed: 5).write(to: folder)
            return try GraphLoader.load(folder).graph
        } catch { fatalError("world: \(error)") }
    }()

    /// Every entity whose normalised name contains `key`, by comparing it with each name.
    func scan(_ g: Graph, containing key: String) -> [Int] {
        (0..<g.entityCount).filter { CompanyName.normalized(g.entities.names[$0]).contains(key) }
    }

    @Test func containsFindsExactlyWhatAScanFinds() {
        let g = Self.world
        let index = NameIndex(names: g.entities.names)
        var rng = SplitMix64(seed: 3)
        var queries = ["有限公司", "科技", "zz", "宁德", "电池材料", "公司a"]
        for _ in 0..<40 {
            let name = Array(CompanyName.normalized(g.entities.names[Int(rng.next() % UInt64(g.entityCount))]).unicodeScalars)
            guard name.count >= 3 else { continue }
            let start = Int(rng.next() % UInt64(name.count - 2)), length = 2 + Int(rng.next() % UInt64(min(4, name.count - start - 1)))
            queries.append(String(String.UnicodeScalarView(name[start..<start + length])))
        }
        for q in queries {
            #expect(index.entities(containing: q) == scan(g, containing: q), "query \(q)")
        }
    }

    @Test func exactNamesGroupTheirEntities() {
        let g = Self.world
        let index = NameIndex(names: g.entities.names)
        let key = CompanyName.normalized(g.entities.names[17])
        let expected = (0..<g.entityCount).filter { CompanyName.normalized(g.entities.names[$0]) == key }
        #expect(index.entities(named: key) == expected)
        #expect(index.entities(named: "没有这个名字的公司") == nil)
    }

    /// With few comparable names the nearest are exact; with the shortlist (forced here) a name
    /// one typo away is still found first.
    @Test func nearestFindsANameOneTypoAway() {
        let g = Self.world
        let index = NameIndex(names: g.entities.names)
        var rng = SplitMix64(seed: 9)
        for _ in 0..<10 {
            let i = Int(rng.next() % UInt64(g.entityCount))
            var scalars = Array(CompanyName.normalized(g.entities.names[i]).unicodeScalars)
            guard scalars.count >= 4 else { continue }
            scalars[scalars.count / 2] = "獭"
            let typo = String(String.UnicodeScalarView(scalars))
            let bound = max(2, typo.count / 2)
            let exact = index.nearest(typo, bound: bound, limit: 5, exactUpTo: .max)
            let shortlisted = index.nearest(typo, bound: bound, limit: 5, exactUpTo: 0)
            let original = CompanyName.normalized(g.entities.names[i])
            for found in [exact, shortlisted] {
                #expect(found.first.map { Suggest.distance(typo, CompanyName.normalized(g.entities.names[$0])) } == Suggest.distance(typo, original))
            }
            // The exact path is a full scan's answer.
            let scan = (0..<g.entityCount).map { ($0, Suggest.distance(typo, CompanyName.normalized(g.entities.names[$0]), limit: bound)) }
                .filter { $0.1 <= bound }.sorted { ($0.1, $0.0) < ($1.1, $1.0) }.prefix(5).map(\.0)
            #expect(exact == Array(scan))
        }
    }
}
