import Foundation
import Testing

@testable import RelmapCore

/// The optional `client_since` column: parsed in every date form the contract accepts, checked
/// (a date, not in the future, only on clients and former clients) and kept by every format.
@Suite struct ClientSinceTests {
    let entities = """
        id,name,status,client_since
        C1,甲,client,2021-03-05
        C2,乙,client,2023年7月1日
        F1,丙,former,20190102
        P1,丁,prospect,
        C3,戊,client,

        """

    @Test func parsesAndKeepsTheDay() throws {
        let g = try TempGraph(entities: entities, relations: "source,target,type\nC1,P1,supplies\n").load()
        let e = g.entities
        #expect(e.clientSince(g.index(ofID: "C1")!) == Day(year: 2021, month: 3, day: 5))
        #expect(e.clientSince(g.index(ofID: "C2")!) == Day(year: 2023, month: 7, day: 1))
        #expect(e.clientSince(g.index(ofID: "F1")!) == Day(year: 2019, month: 1, day: 2))
        #expect(e.clientSince(g.index(ofID: "P1")!) == nil)
        #expect(e.clientSince(g.index(ofID: "C3")!) == nil)
    }

    @Test func errorsNameFileLineAndField() throws {
        let bad = """
            id,name,status,client_since
            C1,甲,client,2021-02-30
            P1,丁,prospect,2022-01-01
            C2,乙,client,2999-01-01
            O1,戊,other_bank,2020-05-05

            """
        let t = try TempGraph(entities: bad, relations: "source,target,type\n")
        let problems = try t.problems()
        #expect(problems.contains { $0.contains("entities.csv:2: client_since: '2021-02-30' is not a date") }, "\(problems)")
        #expect(
            problems.contains { $0.contains("entities.csv:3: client_since: 2022-01-01 given, but only clients and former clients") }, "\(problems)")
        #expect(problems.contains { $0.contains("entities.csv:4: client_since: 2999-01-01 is in the future") }, "\(problems)")
        #expect(problems.contains { $0.contains("entities.csv:5: client_since: 2020-05-05 given, but only clients") }, "\(problems)")
    }

    @Test func jsonAndGraphMLKeepIt() throws {
        let g0 = try TempGraph(entities: entities, relations: "source,target,type\nC1,P1,supplies\n").load()
        for format in [GraphExport.Format.json, .graphml] {
            let path = NSTemporaryDirectory() + "relmap-since-" + UUID().uuidString + (format == .json ? ".json" : ".graphml")
            try GraphExport.write(g0, format: format, to: path)
            let g1 = try GraphLoader.load(path).graph
            #expect(GraphTables(g1).entities.rows == GraphTables(g0).entities.rows)
            #expect(g1.entities.clientSince(g1.index(ofID: "C2")!) == Day(year: 2023, month: 7, day: 1))
        }
        let path = NSTemporaryDirectory() + "relmap-since-" + UUID().uuidString + ".json"
        try Data(
            #"{"entities":[{"id":"A","name":"x","status":"prospect","client_since":"2020-01-01"},{"id":"B","name":"y"}],"relations":[{"source":"A","target":"B","type":"supplies"}]}"#
                .utf8
        )
        .write(to: URL(fileURLWithPath: path))
        let problems = try GraphLoader.validate(path).log.kept.map(\.description)
        #expect(
            problems.contains { $0.hasPrefix(path + ": entities[0]: client_since: 2020-01-01 given, but only clients and former clients") },
            "\(problems)")
    }
}
