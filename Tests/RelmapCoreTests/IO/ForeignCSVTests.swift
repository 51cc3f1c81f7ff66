import Foundation
import Testing

@testable import RelmapCore

/// CSV files as a bank's systems and Excel write them: Chinese column names, trailing empty
/// columns and blank rows.
@Suite struct ForeignCSVTests {
    static let english = (
        entities:
            "id,name,kind,status,industry,region,rm,client_since\nC1,宁德新能电池有限公司,company,client,电芯,福建,RM01,2020-03-01\nP1,江西锂源有限公司,company,prospect,锂盐,江西,,\n",
        relations: "source,target,type,weight,date\nP1,C1,supplies,1200000,2023-05-01\n"
    )

    /// A CRM export with Chinese headers (and Chinese values) reads as the contract's columns.
    @Test func chineseColumnNamesAreTheContractsColumns() throws {
        let chinese = try TempGraph(
            entities: "客户编号,客户名称,客户类型,客户状态,所属行业,地区,客户经理,开户日期\nC1,宁德新能电池有限公司,企业,本行客户,电芯,福建,RM01,2020-03-01\nP1,江西锂源有限公司,企业,潜在客户,锂盐,江西,,\n",
            relations: "供应方,采购方,关系类型,金额,日期\nP1,C1,供应,1200000,2023-05-01\n")
        let a = try chinese.load(), b = try TempGraph(entities: Self.english.entities, relations: Self.english.relations).load()
        #expect(try chinese.problems().isEmpty)
        #expect(a.entities.ids == b.entities.ids && a.entities.names == b.entities.names)
        #expect(a.entities.kinds == b.entities.kinds && a.entities.statuses == b.entities.statuses)
        #expect(a.entities.industries == b.entities.industries && a.entities.regions == b.entities.regions)
        #expect(a.entities.clientSince == b.entities.clientSince && a.entities.extra.isEmpty)
        #expect(a.relations.types == b.relations.types && a.relations.weights == b.relations.weights && a.relations.dates == b.relations.dates)
    }

    /// `类型` is the kind in entities.csv and the type in relations.csv.
    @Test func theSameWordMeansWhatItsFileMeans() throws {
        let g = try TempGraph(
            entities: "编号,名称,类型,状态\nA,甲公司,企业,本行客户\nB,乙公司,企业,潜在客户\n",
            relations: "供应方,采购方,类型\nB,A,供应\n"
        ).load()
        #expect(g.entities.kinds == [.company, .company] && g.relations.types == [.supplies])
    }

    @Test func twoColumnsForOneFieldAreAnError() throws {
        let t = try TempGraph(entities: "id,name,客户名称\nA,甲,甲公司\n", relations: "source,target,type\n")
        let problems = try t.problems()
        #expect(problems.contains { $0.contains("columns 2 and 3 both mean 'name'") && $0.contains("entities.csv:1") }, "\(problems)")
    }

    @Test func aColumnNearAContractNameIsKeptWithAWarning() throws {
        let t = try TempGraph(entities: "id,name,indstry,客户名字\nA,甲,电芯,x\n", relations: "source,target,type\n")
        let loaded = try GraphLoader.load(t.path)
        #expect(loaded.graph.entities.extra.map(\.name) == ["indstry", "客户名字"])
        let warnings = loaded.log.kept.map(\.description)
        #expect(warnings.contains { $0.contains("indstry") && $0.contains("did you mean 'industry'") }, "\(warnings)")
        #expect(warnings.contains { $0.contains("客户名字") && $0.contains("(name)") }, "\(warnings)")
    }

    /// Excel saves a sheet's formatted but empty columns and rows as empty cells.
    @Test func excelsTrailingEmptyColumnsAndBlankRowsLoad() throws {
        let t = try TempGraph(
            entities: "id,name,kind,status,,,\r\nC1,甲公司,company,client,,,\r\n,,,,,,\r\nP1,乙公司,company,prospect,,,\r\n,,,,,,\r\n",
            relations: "source,target,type,,\r\nP1,C1,supplies,,\r\n,,,,\r\n")
        #expect(try t.problems().isEmpty)
        let g = try t.load()
        #expect((0..<g.entityCount).map { g.entities.ids[$0] } == ["C1", "P1"] && g.relationCount == 1 && g.entities.extra.isEmpty)
        // An empty name between named columns is still an error: a column would lose its meaning.
        let gap = try TempGraph(entities: "id,,name\nA,x,甲\n", relations: "source,target,type\n")
        #expect(try gap.problems().contains { $0.contains("column 2") && $0.contains("empty column name") })
    }

    /// The README's table lists every alias the loader accepts, so users find them.
    @Test func theReadmeListsEveryAlias() throws {
        let root = repositoryRoot
        let whole = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        let readme = try #require(whole.components(separatedBy: "| column | also read from |").dropFirst().first)
        for (columns, aliases) in [(TableLoader.entityColumns, ColumnAliases.entities), (TableLoader.relationColumns, ColumnAliases.relations)] {
            for (column, names) in ColumnAliases.listed(aliases, columns: columns) {
                let row = readme.split(separator: "\n").first { $0.hasPrefix("| \(column) |") || $0.hasPrefix("| \(column) (relations) |") }
                for name in names { #expect(row?.contains(name) == true, "README: \(column) lacks \(name)") }
            }
        }
    }
}
