import Foundation
import Testing

/// Graphs/battery-chain keeps the promises Graphs/README.md makes about it: it loads cleanly, it has
/// the shape of the brief (150-300 entities, 3-5 RM books, one value chain with the clients on it),
/// it names no real company, and its payments file carries the mess the miner must handle.
@Suite struct BatteryChainSampleTests {
    static let folder = "Graphs/battery-chain"

    @Test func loadsWithoutWarnings() throws {
        let r = try RelmapProcess.run(["validate", Self.folder])
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.contains("0 warning(s)"), "\(r.stdout)")
    }

    @Test func hasTheShapeOfTheBrief() throws {
        let r = try RelmapProcess.run(["stats", Self.folder, "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let entities = try #require(doc["entities"] as? Int)
        #expect((150...300).contains(entities))
        let books = try #require(doc["books"] as? [[String: Any]])
        #expect((3...5).contains(books.count))
        let clients = books.compactMap { $0["clients"] as? Int }.reduce(0, +)
        #expect(Double(clients) >= 0.15 * Double(entities) && Double(clients) <= 0.25 * Double(entities))
        // The value chain is one component and every client that trades sits on it.
        let chain = try #require(doc["valueChain"] as? [String: Any])
        #expect(chain["count"] as? Int == 1)
        #expect((chain["clientsInLargest"] as? Int ?? 0) >= clients - 5)  // groups and introducers do not trade
    }

    @Test func namesNoRealCompany() throws {
        // Brands of real battery-chain companies; the sample must use invented names only.
        let real = [
            "宁德时代", "宁德新能", "赣锋", "天齐", "天赐", "新宙邦", "恩捷", "星源", "贝特瑞", "杉杉", "璞泰来", "紫宸", "容百",
            "当升", "振华新材", "比亚迪", "亿纬", "欣旺达", "中创新航", "国轩", "蔚来", "小鹏", "理想汽车", "零跑", "长安", "江铃",
            "先导智能", "利元亨", "邦普", "格林美", "华友", "德方", "湖南裕能", "科达利", "瑞浦", "孚能", "蜂巢"
        ]
        for file in ["entities.csv", "payments.csv"] {
            let text = try String(contentsOfFile: RelmapProcess.root.path + "/" + Self.folder + "/" + file, encoding: .utf8)
            for brand in real { #expect(!text.contains(brand), "\(file) mentions \(brand)") }
        }
    }

    @Test func paymentsCarryTheDocumentedMess() throws {
        let text = try String(contentsOfFile: RelmapProcess.root.path + "/" + Self.folder + "/payments.csv", encoding: .utf8)
        let lines = text.split(separator: "\n")
        #expect(lines.first == "date,payer_account,payee_account,payer_name,payee_name,payer_bank,payee_bank,amount,currency,memo,id")
        #expect((1_500...4_000).contains(lines.count - 1))
        #expect(lines.filter { $0.contains(",BAD000") }.count == 8)
        for variant in [
            ",江西赣源锂业股份有限公司,", ",江西赣源锂业股份有限公司 ,", ",江西赣源锂业(股份)有限公司,",
            ",江西赣源锂业（股份）有限公司,", ",江西赣源锂业股份有限公司宜春分公司,", ",江苏金坛铜箔科技有限责任公司,"
        ] {
            #expect(text.contains(variant), "no \(variant)")
        }
        for memo in ["代发工资", "社保费", "住房公积金", "国库", "贷款利息", "冲正", "退款", "集团资金归集", "内部调拨"] {
            #expect(text.contains(memo), "no \(memo)")
        }
        #expect(lines.contains { $0.contains(",USD,") })
        #expect(lines.contains { $0.hasPrefix("2025/") } && lines.contains { $0.hasPrefix("202503") })
        #expect(lines.contains { $0.contains(",-") })  // reversals are negative
        #expect(lines.contains { $0.contains("\"") })  // thousands separators, quoted
        let ids = lines.dropFirst().compactMap { $0.split(separator: ",", omittingEmptySubsequences: false).last }
        #expect(ids.count - Set(ids).count == 5)  // five repeated transaction ids
    }
}
