import Foundation
import Testing

/// The sample folders in Graphs/ do what Graphs/README.md says they do.
@Suite struct SampleGraphsTests {
    @Test func messyExportLoads() throws {
        // GB18030, CRLF, thousands separators, quoted newlines and commas, Chinese status words,
        // a mixed-case kind, stray spaces, three date formats, extra columns.
        let r = try RelmapProcess.run(["validate", "Graphs/messy-export"])
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        let json = try RelmapProcess.run(["stats", "Graphs/messy-export", "--format", "json"])
        #expect(json.stdout.contains("\"key\" : \"client\""))
        let back = try RelmapProcess.temporaryFolder()
        #expect(try RelmapProcess.run(["export", "Graphs/messy-export", "--format", "csv", "--out", back]).status == 0)
        let relations = try String(contentsOfFile: back + "/relations.csv", encoding: .utf8)
        #expect(relations.contains("2022-01-01"))  // 2022年1月1日
        #expect(relations.contains("\"\"\"老客户\"\"转介\""))  // quotes kept
        let entities = try String(contentsOfFile: back + "/entities.csv", encoding: .utf8)
        #expect(entities.contains("\"王经理\n(财务部)\""))  // quoted newline kept
    }

    @Test func brokenSampleReportsEveryProblem() throws {
        let r = try RelmapProcess.run(["validate", "Graphs/broken"])
        #expect(r.status == 1)
        let expected = [
            "entities.csv:3: status: 'clinet'", "entities.csv:4: kind: 'compnay'", "entities.csv:4: value: negative value -5",
            "entities.csv:5: id: duplicate id 'C001' (first on line 2)", "entities.csv:5: tier: '7'", "entities.csv:6: id: empty id",
            "relations.csv:2: type: 'suplies'", "relations.csv:3: target: unknown entity '宁德新能电池有限公司'; '宁德新能电池有限公司' is the name of entity C001",
            "relations.csv:4: weight: equity share 35 is above 1", "relations.csv:5: strength: '1.5' is outside (0, 1]",
            "relations.csv:6: target: unknown entity 'P009'; did you mean 'P001'?", "relations.csv:6: date: '2025-02-30' is not a date",
            "relations.csv:7: outcome: 'maybe'", "relations.csv:8: field 5: quoted field never closed"
        ]
        for e in expected { #expect(r.stdout.contains("Graphs/broken/" + e), "missing: \(e)") }
        #expect(r.stdout.contains("invalid: 14 error(s)"))
    }
}
