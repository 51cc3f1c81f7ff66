import Foundation
import Testing

@testable import RelmapCore

/// The answers every front end shares, checked in process: the same rows as the ranking itself,
/// the JSON shapes the CLI has always printed, both languages.
@Suite struct QueryEngineTests {
    static let root = repositoryRoot
    static let battery = root.appendingPathComponent("Graphs/battery-chain").path

    @Test func rankingAnswerIsTheRankingInEitherLanguage() throws {
        let engine = try QueryEngine.load(Self.battery).engine
        var query = ExpansionRanking.Query(seeds: .rm("RM01"), top: 5)
        let direct = try ExpansionRanking.rank(engine.graph, query)
        let en = try engine.next(query, explain: true)
        #expect(en.rows.map(\.id) == direct.candidates.map(\.id))
        #expect(en.rows.map(\.score) == direct.candidates.map(\.score))
        query.language = .zh
        let zh = try engine.next(query, explain: true)
        #expect(zh.rows.map(\.id) == en.rows.map(\.id))
        let zhText = zh.text(.table, .zh), enText = en.text(.table, .en)
        #expect(zhText.contains("名称") && zhText.contains("客户经理 RM01 名下客户"))
        #expect(enText.contains("RM01's book") && !enText.contains("名下"))
        // Reasons speak the query's language, amounts in 亿 for Chinese.
        #expect(zh.rows[0].reasons.contains { $0.contains("亿") })
        #expect(en.rows[0].reasons.allSatisfy { !$0.contains("亿") && !$0.contains("年交易额") })
    }

    @Test func rankingJSONIsTheListOfRows() throws {
        let engine = try QueryEngine.load(Self.battery).engine
        let answer = try engine.next(.init(seeds: .rm("RM01"), top: 3))
        let json = try answer.rendered(.json, .en)
        let decoded = try JSONDecoder().decode([RankedCandidate].self, from: Data(json.utf8))
        #expect(decoded == answer.rows)
    }

    @Test func chainAnswerWithoutPathsSaysWhyAndIsNotFound() throws {
        let engine = try QueryEngine.load(Self.battery).engine
        let found = try engine.chain(.init(target: "CEL01", k: 2))
        #expect(found.isFound && found.paths.count == 2)
        #expect(try found.rendered(.json, .en).hasPrefix("[\n  {"))
        let none = try engine.chain(.init(target: "CEL01", k: 2, maxHops: 1, via: .guarantees))
        #expect(!none.isFound)
        #expect(try none.rendered(.json, .en) == "[\n\n]\n" || none.rendered(.json, .en) == "[]\n")
        #expect(none.notes.first?.contains("no path") == true)
    }

    @Test func unknownNamesAnswerInTheAskedLanguage() throws {
        let engine = try QueryEngine.load(Self.battery).engine
        #expect { try engine.chain(.init(target: "没有这家公司", language: .zh)) } throws: { error in
            "\(error)".contains("没有编号或名称为")
        }
        #expect { try engine.next(.init(seeds: .rm("RM99"))) } throws: { error in "\(error)".contains("unknown RM 'RM99'") }
    }

    @Test func searchFindsNamesAsWrittenAndSuggestsOtherwise() throws {
        let engine = try QueryEngine.load(Self.battery).engine
        let hit = engine.search("福建闽锐动力电池")
        #expect(hit.exact && hit.matches.map(\.id).contains("CEL01"))
        let miss = engine.search("福建闽锐动力电吃股份有限公司")
        #expect(!miss.exact && miss.matches.first?.id == "CEL01")
    }

    @Test(arguments: [("zh-CN,zh;q=0.9,en;q=0.8", Language.zh), ("en-US,en;q=0.9", .en), ("fr, en;q=0.5, zh;q=0.7", .zh)])
    func acceptLanguagePicksTheBestMatch(header: String, expected: Language) {
        #expect(Language.negotiate(acceptLanguage: header) == expected)
    }

    @Test func languageFromTheEnvironment() {
        #expect(Language.fromEnvironment(["LANG": "zh_CN.UTF-8"]) == .zh)
        #expect(Language.fromEnvironment(["LC_ALL": "C", "LANG": "zh_CN.UTF-8"]) == .en)
        #expect(Language.fromEnvironment([:]) == .en)
    }

    @Test func weightsFileWithAnUnknownKeyIsBadData() throws {
        let path = NSTemporaryDirectory() + "relmap-weights-" + UUID().uuidString + ".yaml"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data("ppr: 0.5\nbrigde: 0.2\n".utf8).write(to: URL(fileURLWithPath: path))
        #expect { try RankingWeights.load(path: path) } throws: { error in
            guard let e = error as? RelmapError else { return false }
            return e.exitCode == 1 && e.description.contains("brigde") && e.description.contains("did you mean bridge")
        }
        try Data("ppr: 0.5\nbridge: 0.2\n".utf8).write(to: URL(fileURLWithPath: path))
        let w = try RankingWeights.load(path: path)
        #expect(w.ppr == 0.5 && w.bridge == 0.2 && w.coverage == RankingWeights().coverage)
    }

    @Test func markdownCellsCannotBreakTheTable() {
        var t = TextTable(columns: ["a", "b"])
        t.add(["x|y", "<script>\nz"])
        #expect(t.text(.md) == "| a | b |\n| --- | --- |\n| x\\|y | &lt;script&gt; z |\n")
    }
}
