import Foundation
import RelmapCore

/// `relmap-bench mine GRAPH PAYMENTS`: mine a payments file against a graph (read, aggregate,
/// resolve, build tables); report seconds, rows per second and peak resident memory.
func miningBenchmark(_ args: [String]) throws -> [String: Double] {
    guard args.count == 2 else { throw RelmapError.usage("usage: relmap-bench mine GRAPH PAYMENTS") }
    let graph = try GraphLoader.load(args[0]).graph
    let start = DispatchTime.now()
    let flows = try PaymentReader.read(args[1])
    let readSeconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
    let result = PaymentMiner.mine(graph: graph, flows: flows, payments: args[1], options: MiningOptions(bank: "本行"))
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
    return [
        "rows": Double(flows.dataRows),
        "pairs": Double(flows.pairPayer.count),
        "pair_months": Double(flows.slotAmount.count),
        "relations_mined": Double(result.report.relationsCreated + result.report.relationsEnriched),
        "read_seconds": readSeconds,
        "mine_seconds": seconds,
        "rows_per_second": Double(flows.dataRows) / seconds,
        "peak_resident_mb": Double(peakResidentBytes()) / 1_048_576,
    ]
}

/// `relmap-bench mine-data ROWS OUT`: a deterministic payments world in OUT (graph/ with
/// 2,000 clients holding accounts, and payments.csv): each client trades with 40 of 20,000
/// counterparties over 2025, with payroll, tax and loan rows mixed in.
func miningDataBenchmark(_ args: [String]) throws -> [String: Double] {
    guard args.count == 2, let rows = Int(args[0]) else { throw RelmapError.usage("usage: relmap-bench mine-data ROWS OUT") }
    let out = args[1]
    try FileManager.default.createDirectory(atPath: out + "/graph", withIntermediateDirectories: true)
    let clients = 2000, partners = 20000
    let segments = ["锂业", "正极材料", "负极材料", "电解液", "隔膜", "电芯", "电池包", "汽车", "物流", "贸易"]
    let regions = ["江西", "江苏", "浙江", "广东", "四川", "福建", "湖南", "安徽"]
    func clientName(_ c: Int) -> String { "\(regions[c % 8])示例\(segments[c % 10])\(c)号股份有限公司" }
    func partnerName(_ p: Int) -> String { "\(regions[p % 8])伙伴\(segments[(p / 8) % 10])\(p)有限公司" }
    var entities = "id,name,kind,status,rm,accounts\n"
    for c in 0..<clients { entities += "C\(c),\(clientName(c)),company,client,RM\(c % 10),62220\(String(format: "%07d", c))\n" }
    try entities.write(toFile: out + "/graph/entities.csv", atomically: true, encoding: .utf8)
    try "source,target,type,weight\n".write(toFile: out + "/graph/relations.csv", atomically: true, encoding: .utf8)
    var state: UInt64 = 0x2545_F491_4F6C_DD1D
    func next() -> UInt64 { state ^= state << 13; state ^= state >> 7; state ^= state << 17; return state }
    let memos = ["货款", "材料款", "货款", "采购款", "加工费", "货款", "代发工资", "缴税", "贷款利息", "服务费"]
    FileManager.default.createFile(atPath: out + "/payments.csv", contents: nil)
    let handle = FileHandle(forWritingAtPath: out + "/payments.csv")!
    var buffer = "id,date,payer_account,payer_name,payer_bank,payee_account,payee_name,payee_bank,amount,currency,memo\n"
    for r in 0..<rows {
        let x = next()
        let c = Int(x % UInt64(clients)), k = Int((x >> 16) % 40)
        let p = (c * 7919 + k * 104_729) % partners
        let month = Int((x >> 24) % 12) + 1, day = Int((x >> 28) % 28) + 1
        let amount = Double((x >> 33) % 2_000_000) / 100 + 100
        let memo = memos[Int((x >> 40) % 10)]
        let clientSide = "62220\(String(format: "%07d", c)),\(clientName(c)),本行"
        let partnerSide = "955\(String(format: "%08d", p)),\(partnerName(p)),他行\(p % 5)"
        let pays = (x >> 50) & 1 == 0
        buffer += "T\(r),2025-\(month < 10 ? "0" : "")\(month)-\(day < 10 ? "0" : "")\(day),\(pays ? clientSide : partnerSide),\(pays ? partnerSide : clientSide),\(String(format: "%.2f", amount)),CNY,\(memo)\n"
        if buffer.utf8.count > 8 << 20 { handle.write(Data(buffer.utf8)); buffer = "" }
    }
    handle.write(Data(buffer.utf8))
    try handle.close()
    return ["rows": Double(rows)]
}
