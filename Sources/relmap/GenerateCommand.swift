import ArgumentParser
import Foundation
import RelmapCore

struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write a realistic synthetic bank world (a graph folder), deterministic by seed.",
        discussion:
            "Industry chains that share suppliers, heavy-tailed sizes and volumes, clients over RMs, introducers, executives, referral cascades. 1k to 2M entities."
    )

    @Option(help: "How many entities (100 to 2000000).")
    var entities: Int

    @Option(help: "Random seed: the same seed gives byte-identical files.")
    var seed: UInt64 = 1

    @Option(help: "Folder to write entities.csv and relations.csv into.")
    var out: String

    @Option(
        help:
            "Also write payments.csv (the `relmap mine` format) with this many rows: monthly trade payments along the clients' supplies ties, plus payroll, taxes, loans, refunds, reversals and name variants."
    )
    var payments: Int = 0

    @OptionGroup var lang: LanguageOption

    func validate() throws {
        guard (100...2_000_000).contains(entities) else { throw ValidationError("--entities must be from 100 to 2000000") }
        guard (0...500_000_000).contains(payments) else { throw ValidationError("--payments must be from 0 to 500000000") }
    }

    func run() throws {
        let started = Date()
        let s = try WorldGenerator(entities: entities, seed: seed, payments: payments).write(to: out)
        let seconds = String(format: "%.1f", Date().timeIntervalSince(started))
        let language = lang.language
        Console.error(
            language(
                "wrote \(out): \(s.entities) entities (\(s.clients) clients over \(s.rms) RMs), \(s.relations) relations\(s.payments > 0 ? ", \(s.payments) payments" : "") in \(seconds) s",
                "已写出 \(out)：\(s.entities) 个主体（\(s.clients) 个客户，分属 \(s.rms) 个客户经理），\(s.relations) 条关系\(s.payments > 0 ? "，\(s.payments) 笔流水" : "")，用时 \(seconds) 秒"
            ))
    }
}
