import Foundation
import Testing

@testable import RelmapCore

@Suite struct BacktestTests {
    /// Client C1 since 2020 trades with W (won 2023) and with X (never won); R is referred by C1
    /// (won in 2023, the referral dated 2022); L is a client since 2024 tied to C1 only by a
    /// relation dated 2024; U is a client without client_since.
    func dated() throws -> Graph {
        let entities = """
            id,name,status,size,client_since
            C1,甲,client,100,2020-01-01
            W,乙,client,50,2023-03-01
            X,丙,prospect,500,
            R,丁,client,10,2023-05-01
            L,戊,client,5,2024-02-01
            U,己,client,5,
            Y,庚,prospect,1,

            """
        let relations = """
            source,target,type,weight,date,outcome
            C1,W,supplies,1000,2019-05-01,
            C1,X,supplies,10,2019-05-01,
            C1,R,refers,,2022-10-01,won
            C1,L,supplies,100,2024-01-15,
            U,Y,supplies,5,,

            """
        return try TempGraph(entities: entities, relations: relations).load()
    }

    @Test func theGraphAsItWasOnTheDay() throws {
        let g = try dated()
        let day = Day(year: 2022, month: 12, day: 31)!
        let a = try AsOfGraph(g, day: day)
        let e = a.graph.entities
        func status(_ id: String) -> EntityStatus { e.statuses[g.index(ofID: id)!] }
        #expect(status("C1") == .client && status("U") == .client)
        #expect(status("W") == .prospect && status("R") == .prospect && status("L") == .prospect)
        #expect(a.wonAfter.map { e.ids[$0] } == ["W", "R", "L"])
        #expect(a.relationsLeftOut == 1 && a.graph.relationCount == 4)
        #expect(a.outcomesHidden == 1)
        let refers = a.graph.relations.indices.first { a.graph.relations.types[$0] == .refers }!
        #expect(a.graph.relations.outcomes[refers] == .pending)
        #expect(a.clientsWithoutDate == 1)
        // The window of tune's training day stops at `until`.
        let window = try AsOfGraph(g, day: day, until: Day(year: 2023, month: 12, day: 31)!)
        #expect(window.wonAfter.map { e.ids[$0] } == ["W", "R"])
    }

    /// A mined relation (no `date`, a `first_date`) is dated by its first payment.
    @Test func minedRelationsAreDatedByTheirFirstPayment() throws {
        let entities = "id,name,status,client_since\nC,甲,client,2020-01-01\nW,乙,client,2023-01-01\nP,丙,prospect,\n"
        let relations = "source,target,type,weight,first_date\nW,C,supplies,5,2023-02-01\nP,C,supplies,5,2021-01-01\nP,W,supplies,5,\n"
        let g = try TempGraph(entities: entities, relations: relations).load()
        let a = try AsOfGraph(g, day: Day(year: 2022, month: 1, day: 1)!)
        #expect(a.relationsLeftOut == 1 && a.graph.relationCount == 2)
        #expect(a.undatedTiesToWins == 1)
    }

    @Test func daysThatCannotBeTestedSaySo() throws {
        let g = try dated()
        #expect(throws: RelmapError.self) { try AsOfGraph(g, day: Day(year: 2019, month: 1, day: 1)!) }
        do { _ = try AsOfGraph(g, day: Day(year: 2019, month: 1, day: 1)!) } catch {
            #expect("\(error)".contains("before every record") && "\(error)".contains("2020-01-01"))
        }
        do { _ = try AsOfGraph(g, day: Day(year: 2025, month: 1, day: 1)!) } catch {
            #expect("\(error)".contains("nobody became a client after 2025-01-01") && "\(error)".contains("2024-02-01"))
        }
        do { _ = try AsOfGraph(g, day: Day(year: 2025, month: 1, day: 1)!, language: .zh) } catch {
            #expect("\(error)".contains("之后没有新增客户"))
        }
        let undated = try TempGraph(entities: "id,name,status\nC,甲,client\nP,乙,prospect\n", relations: "source,target,type\nC,P,supplies\n").load()
        do { _ = try AsOfGraph(undated, day: Day(year: 2025, month: 1, day: 1)!) } catch {
            #expect("\(error)".contains("no entity has a client_since"))
        }
    }

    @Test func scoresEveryMethodOnTheSameCandidates() throws {
        let g = try dated()
        let result = try Backtest.run(g, .init(asOf: Day(year: 2022, month: 12, day: 31)!, k: 2))
        // Candidates on the day: W, X, R, L, Y (companies that were not clients); wins W, R, L.
        #expect(result.candidates == 5 && result.wonAfter == 3)
        #expect(Set(result.methods.keys) == Set(Backtest.methods))
        // size alone puts X (500, never won) first; ppr puts W (1000 of C1's trade) first.
        #expect(result.methods["size"]!.hits == 1)
        // ppr: Y first (the only partner of the undated client U, which holds half the restart
        // mass), then W, then X; R and L have no chain tie on the day. W is above X only: 1 of the
        // 6 (win, non-win) pairs is right.
        #expect(result.methods["ppr"]!.hits == 1)
        #expect(abs(result.methods["ppr"]!.auc - 1.0 / 6) < 1e-12)
        #expect(result.methods["random"]!.hits == 2 * 3.0 / 5)
        #expect(result.notes.contains { $0.contains("1 relation(s) dated after the day were left out") })
        let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(result)) as! [String: Any]
        for key in ["as_of", "k", "candidates", "won_after", "methods"] { #expect(json[key] != nil, "\(key)") }
        let relmap = (json["methods"] as! [String: Any])["relmap"] as! [String: Any]
        #expect(Set(relmap.keys) == ["hits", "precision", "recall", "auc", "average_precision"])
        #expect(result.table().contains("relmap") && result.markdown(.zh).contains("| 方法 |"))
    }

    /// The whole backtest on the sample against scikit-learn, from the scores file the CLI wrote
    /// (`relmap backtest Graphs/battery-chain --as-of 2023-01-01 --k 10 --scores FILE`).
    @Test func batteryChainMatchesScikitLearn() throws {
        struct Fixture: Decodable {
            var ids: [String]
            var won: [Int]
            var k: Int
            var scores: [String: [Double]]
            var expected: [String: MetricsFixture.Expected]
        }
        let fixture = try JSONDecoder().decode(Fixture.self, from: MetricsFixture.data("battery-chain-2023"))
        let root = repositoryRoot
        let g = try GraphLoader.load(root.appendingPathComponent("Graphs/battery-chain").path).graph
        let query = Backtest.Query(asOf: Day(year: 2023, month: 1, day: 1)!, k: fixture.k)
        let prepared = try Backtest.prepare(g, query)
        #expect(prepared.table.candidates.map { prepared.asOf.graph.entities.ids[$0] } == fixture.ids)
        #expect(prepared.won.map { $0 ? 1 : 0 } == fixture.won)
        let result = Backtest.evaluate(prepared, weights: query.weights, k: fixture.k)
        for (name, scores) in Backtest.scores(prepared, weights: query.weights) {
            let reference = fixture.scores[name]!
            #expect(zip(scores, reference).allSatisfy { abs($0 - $1) <= 1e-9 * max(1, abs($1)) }, "\(name) scores moved")
            let m = result.methods[name]!, x = fixture.expected[name]!
            #expect(abs(m.auc - x.auc) < 1e-9 && abs(m.averagePrecision - x.average_precision) < 1e-9 && abs(m.hits - x.hits) < 1e-9, "\(name)")
        }
    }

    @Test func rmBookCountsThatRMsWinsOnly() throws {
        let entities = """
            id,name,status,rm,client_since
            A,甲,client,RM1,2020-01-01
            B,乙,client,RM2,2020-01-01
            P,丙,client,RM1,2023-06-01
            Q,丁,client,RM2,2023-06-01
            Z,戊,prospect,,

            """
        let relations = "source,target,type,weight\nA,P,supplies,10\nB,Q,supplies,10\nA,Z,supplies,1\n"
        let g = try TempGraph(entities: entities, relations: relations).load()
        let result = try Backtest.run(g, .init(asOf: Day(year: 2022, month: 1, day: 1)!, k: 1, rm: "RM1"))
        #expect(result.seeds == 1 && result.wonAfter == 1 && result.candidates == 3)
        #expect(result.methods["ppr"]!.hits == 1)
        do { _ = try Backtest.run(g, .init(asOf: Day(year: 2022, month: 1, day: 1)!, rm: "RM3")) } catch {
            #expect("\(error)".contains("RM3"))
        }
    }
}
