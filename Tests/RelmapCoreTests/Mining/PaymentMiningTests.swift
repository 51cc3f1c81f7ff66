import Foundation
import Testing

@testable import RelmapCore

@Suite("Payment mining")
struct PaymentMiningTests {
    static let folder = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!.appendingPathComponent("mining").path
    static func path(_ name: String) -> String { (folder as NSString).appendingPathComponent(name) }
    static let graph = try! GraphLoader.load(path("graph")).graph

    static func mine(_ file: String = "payments.csv", _ options: MiningOptions = MiningOptions(bank: "本行", minMonths: 2)) throws -> MiningResult {
        try PaymentMiner.mine(graph: graph, payments: path(file), options: options)
    }

    func excluded(_ r: MiningReport, _ reason: String) -> MiningReport.Volume? { r.excluded.first { $0.reason == reason } }

    func relation(_ t: GraphTables, _ source: String, _ target: String) -> [String: String]? {
        let h = t.relations.header
        guard let row = t.relations.rows.first(where: { $0[0] == source && $0[1] == target && $0[2] == "supplies" }) else { return nil }
        return Dictionary(uniqueKeysWithValues: zip(h, row))
    }

    @Test(arguments: [
        ("payroll", 80000.0), ("tax and fees", 9000), ("social insurance and housing fund", 7000),
        ("loan principal and interest", 20000), ("refund or reversal", 3000), ("own accounts", 500000),
        ("group transfer", 700000), ("individual", 5000), ("not a client flow", 1000), ("ambiguous counterparty", 3000)
    ])
    func everyExclusionReasonIsCounted(reason: String, volume: Double) throws {
        let r = try Self.mine().report
        #expect(excluded(r, reason)?.volume == volume)
        #expect(excluded(r, reason)?.rows == 1)
    }

    @Test func tradeWithTaxIncludedIsKept() throws {
        // "货款,含税" mentions 税 but is a goods payment: the keep words win.
        let result = try Self.mine()
        let maker = try #require(result.report.created.first { $0.name == "示例整车制造有限公司" })
        #expect(relation(result.tables, "C4", maker.id)?["tx_count"] == "1")
    }

    @Test func nameVariantsResolveToOneEntity() throws {
        let result = try Self.mine()
        // Trailing space, (股份) in half- and full-width brackets, 有限责任公司 and a 分公司 all go to C2.
        let rel = try #require(relation(result.tables, "C2", "C1"))
        #expect(rel["tx_count"] == "5")
        #expect(rel["months_active"] == "4")
        #expect(rel["evidence"] == "payments")
        let variants = try #require(result.report.variants.first { $0.entity == "C2" })
        #expect(variants.variants.contains("江西赣锋锂业（股份）有限责任公司南昌分公司"))
        #expect(variants.variants.contains("江西赣锋锂业(股份)有限公司"))
    }

    @Test func companyNameKeys() {
        let key = CounterpartyResolver.key
        let a = key("江西赣锋锂业股份有限公司")
        #expect(key("江西赣锋锂业股份有限公司 ") == a)
        #expect(key("江西赣锋锂业(股份)有限公司") == a)
        #expect(key("江西赣锋锂业（股份）有限公司") == a)
        #expect(key("江西赣锋锂业股份有限责任公司") == a)
        #expect(key("江西赣锋锂业股份有限公司南昌分公司") == a)
        #expect(key("江西赣锋锂业股份有限公司") != key("江西赣锋钴业股份有限公司"))
    }

    @Test func accountFirstResolutionAndConflicts() throws {
        let result = try Self.mine()
        // 示例正極材料 (a variant that does not normalise to C4's name) goes to C4 by its listed account.
        let rel = try #require(relation(result.tables, "C4", "C1"))
        #expect(rel["tx_count"] == "2")
        #expect(rel["role"] == "main supplier")  // existing relation enriched, columns kept
        #expect(result.tables.relations.rows.filter { $0[0] == "C4" && $0[1] == "C1" }.count == 1)
        let conflicts = result.report.conflicts
        #expect(conflicts.contains { $0.account == "9555000002" && $0.names.contains("另一家公司") })
        #expect(conflicts.contains { $0.detail.contains("C5, C6") })
    }

    /// A company name on accounts at two banks is one counterparty (a company may bank with
    /// several) but reported, never merged silently; people sharing a name are not reported.
    @Test func oneNameAtTwoBanksIsMergedAndReported() throws {
        let path = try PaymentReaderPartsTests.write(
            """
            id,date,payer_account,payer_name,payer_bank,payee_account,payee_name,payee_bank,amount
            1,2025-03-01,A1,甲公司,本行,B1,福建宁化铝塑膜有限公司,兴业银行,100
            2,2025-04-01,A1,甲公司,本行,B2,福建宁化铝塑膜有限公司,中国农业银行,100
            3,2025-05-01,A1,甲公司,本行,B3,福建宁化铝塑膜有限公司,兴业银行,100
            4,2025-03-05,A1,甲公司,本行,P1,张慧,中国银行,10
            5,2025-04-05,A1,甲公司,本行,P2,张慧,中信银行,10

            """, "two-banks.csv")
        let result = try PaymentMiner.mine(graph: Self.graph, payments: path, options: MiningOptions(bank: "本行", minMonths: 2))
        let conflicts = result.report.conflicts.filter { $0.detail.contains("banks") }
        #expect(conflicts.count == 1)
        let c = try #require(conflicts.first)
        #expect(c.names == ["福建宁化铝塑膜有限公司"] && c.account == "B1; B2; B3")
        #expect(c.detail.contains("B1 (兴业银行)") && c.detail.contains("B2 (中国农业银行)") && c.detail.contains("2 banks"))
        #expect(result.report.created.filter { $0.name == "福建宁化铝塑膜有限公司" }.count == 1)
    }

    @Test func newCounterpartiesBecomeEntities() throws {
        let result = try Self.mine()
        let created = result.report.created
        let separator = try #require(created.first { $0.name == "示例隔膜科技有限公司" })
        #expect(separator.status == "other_bank")
        #expect(separator.bank == "他行F")
        #expect(separator.accounts == ["4444000001", "4444000002"])
        #expect(relation(result.tables, separator.id, "C1")?["tx_count"] == "3")
        // A customer paying our client from another bank is mined too (payee supplies payer).
        #expect(created.contains { $0.name == "示例整车制造有限公司" && $0.status == "other_bank" })
    }

    @Test func everyBadRowKindIsRejectedWithItsLine() throws {
        let r = try Self.mine().report
        let byField = Dictionary(grouping: r.rejectedRows, by: \.field)
        #expect(byField["currency"]?.map(\.line) == [18])
        #expect(byField["date"]?.map(\.line) == [20])
        #expect(byField["amount"]?.map(\.line) == [21])
        #expect(byField["payer_account"]?.map(\.line) == [22])
        #expect(r.rejected == 4)
        #expect(r.duplicateIDs == 1 && r.duplicateLines == [19])
    }

    @Test func reversalsAreNettedAndCurrenciesKeptApart() throws {
        let r = try Self.mine().report
        #expect(r.reversals == 1 && r.reversalVolume == 20000)
        #expect(r.otherCurrencies == [.init(currency: "USD", rows: 1, volume: 1000)])
        let flows = try PaymentReader.read(Self.path("payments.csv"))
        #expect(flows.slotAmount.reduce(0, +) < 2_000_000)  // USD never added
        #expect(flows.otherCurrencies["USD"]?.rows == 1)
    }

    @Test func amountsAreSummedInCentsAndAbsurdOnesRejected() throws {
        let path = try PaymentReaderPartsTests.write(
            """
            id,date,payer_account,payer_name,payer_bank,payee_account,payee_name,payee_bank,amount
            1,2025-03-01,A1,甲公司,本行,B1,乙公司,他行,0.1
            2,2025-03-02,A1,甲公司,本行,B1,乙公司,他行,0.2
            3,2025-03-03,A1,甲公司,本行,B1,乙公司,他行,0.3
            4,2025-03-04,A1,甲公司,本行,B1,乙公司,他行,"2,000,000,000,000,000"

            """, "cents.csv")
        let flows = try PaymentReader.read(path, options: .init(parts: 1))
        #expect(flows.slotAmount == [0.6])  // 0.1 + 0.2 + 0.3 in floating point is 0.6000000000000001
        #expect(flows.rejections.map(\.field) == ["amount"])
        #expect(flows.rejections.first?.reason.contains("10^15") == true)
    }

    @Test func gb18030LoadsLikeUTF8() throws {
        let a = try Self.mine(), b = try Self.mine("payments-gb18030.csv")
        #expect(b.report.encoding == "GB18030")
        #expect(a.tables.relations.rows == b.tables.relations.rows)
        #expect(a.tables.entities.rows == b.tables.entities.rows)
    }

    @Test func smallChunksGiveTheSameFlows() throws {
        // Records and multi-byte characters cut by chunk ends, quoted fields included.
        let whole = try PaymentReader.read(Self.path("payments-gb18030.csv"))
        let pieces = try PaymentReader.read(Self.path("payments-gb18030.csv"), options: .init(chunkSize: 7))
        #expect(whole.slotAmount == pieces.slotAmount)
        #expect(whole.rejections == pieces.rejections)
        #expect(whole.sides == pieces.sides)
    }

    @Test func rejectedShareThreshold() throws {
        let r = try Self.mine("mostly-bad.csv").report
        #expect(r.rejectedShare == 0.5)
        #expect(!r.passed)
        #expect(r.failureReason?.contains("50.0%") == true)
        #expect(try Self.mine().report.passed == false)  // 4 of 28 > 5 %
        #expect(try Self.mine("payments.csv", MiningOptions(bank: "本行", maxRejectedShare: 0.2)).report.passed)
    }

    @Test func weakFlowsAreMarked() throws {
        let t = try Self.mine("payments.csv", MiningOptions(bank: "本行", minMonths: 3)).tables
        #expect(relation(t, "C4", "C1")?["weak"] == "yes")
        #expect(relation(t, "C2", "C1")?["weak"] == "")
    }

    @Test func missingColumnsAreNamed() {
        #expect(throws: RelmapError.self) { try PaymentReader.read(Self.path("missing-columns.csv")) }
        do { _ = try PaymentReader.read(Self.path("missing-columns.csv")) } catch {
            #expect("\(error)".contains("payer_account"))
        }
    }

    @Test func rulesOverlayAndIndividuals() throws {
        let file = PaymentRules(rules: [.init(reason: "payroll", memo: ["代发"])], includeIndividuals: true)
        let rules = PaymentRules.defaults.overlaid(with: file)
        #expect(rules.rules.first { $0.reason == "payroll" }?.memo == ["代发"])
        #expect(rules.rules.count == PaymentRules.defaults.rules.count)
        let r = try Self.mine("payments.csv", MiningOptions(bank: "本行", rules: rules)).report
        #expect(excluded(r, "individual") == nil)
        let json = try PaymentRules.decodeJSON(Data(#"{"rules":[{"reason":"x","memo":["服务费"]}],"replace_defaults":true}"#.utf8))
        #expect(PaymentRules.defaults.overlaid(with: json).rules.map(\.reason) == ["x"])
    }
}
