import Foundation

@testable import RelmapCore

/// A value chain built to test maps: focus F (client), `upstream` direct suppliers U0... each with
/// two suppliers of their own (UU<i>a, UU<i>b), `downstream` direct customers D0... each selling on
/// to one customer DD<i>. Supplier Ui trades (i + 1) * 1e6 with F, so U(n-1) is the largest.
///
/// Built through CSV and `GraphLoader` rather than `GraphBuilder.addEntity`: adding about 40
/// entities one by one through the builder hangs at the time of writing (reported to the lead).
func chainGraph(upstream: Int, downstream: Int, chinese: Bool = true) throws -> Graph {
    var b = CSVChain()
    try b.addEntity(
        EntityRecord(
            id: "F", name: chinese ? "核心电池有限公司" : "Core Battery Ltd", status: .client,
            industry: chinese ? "电芯" : "cells", rm: "RM1", size: 5e9))
    for i in 0..<upstream {
        try b.addEntity(
            EntityRecord(
                id: "U\(i)", name: chinese ? "供应商\(i)" : "Supplier \(i)",
                status: i % 3 == 0 ? .client : .prospect, industry: i % 2 == 0 ? "正极" : "负极",
                rm: i % 3 == 0 ? "RM1" : "", size: Double(i + 1) * 1e8))
        try b.addRelation(RelationRecord(source: "U\(i)", target: "F", type: .supplies, weight: Double(i + 1) * 1e6))
        for s in ["a", "b"] {
            try b.addEntity(EntityRecord(id: "UU\(i)\(s)", name: "原料\(i)\(s)", status: .otherBank, industry: "锂矿"))
            try b.addRelation(RelationRecord(source: "UU\(i)\(s)", target: "U\(i)", type: .supplies, weight: 1e5))
        }
    }
    for i in 0..<downstream {
        try b.addEntity(
            EntityRecord(
                id: "D\(i)", name: chinese ? "整车\(i)" : "Carmaker \(i)", status: .otherBank,
                industry: "整车", size: Double(i + 1) * 1e9))
        try b.addRelation(RelationRecord(source: "F", target: "D\(i)", type: .supplies, weight: Double(i + 1) * 1e7))
        try b.addEntity(EntityRecord(id: "DD\(i)", name: "车队\(i)", kind: .institution, status: .former, industry: "车队"))
        try b.addRelation(RelationRecord(source: "D\(i)", target: "DD\(i)", type: .supplies, weight: 2e6))
    }
    // Ties that are not value chain must not pull anyone onto the map.
    try b.addEntity(EntityRecord(id: "X", name: "张伟", kind: .person))
    try b.addRelation(RelationRecord(source: "X", target: "F", type: .worksAt))
    return b.build()
}

/// Collects records and loads them through CSV files, the path real data takes.
struct CSVChain {
    var entities: [EntityRecord] = []
    var relations: [RelationRecord] = []
    mutating func addEntity(_ e: EntityRecord) throws { entities.append(e) }
    mutating func addRelation(_ r: RelationRecord) throws { relations.append(r) }
    func build() -> Graph {
        func q(_ s: String) -> String { "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
        func n(_ d: Double?) -> String { d.map { String(Int($0)) } ?? "" }
        var e = "id,name,kind,status,industry,rm,size\n"
        for x in entities { e += [q(x.id), q(x.name), x.kind.name, x.status.name, q(x.industry), q(x.rm), n(x.size)].joined(separator: ",") + "\n" }
        var r = "source,target,type,weight\n"
        for x in relations { r += [q(x.source), q(x.target), x.type.name, n(x.weight)].joined(separator: ",") + "\n" }
        return try! TempGraph(entities: e, relations: r).load()
    }
}
