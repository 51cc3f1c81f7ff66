import ArgumentParser
import Foundation
import RelmapCore

struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write a realistic synthetic bank world (a graph folder), deterministic by seed.",
        discussion: "Industry chains that share suppliers, heavy-tailed sizes and volumes, clients over RMs, introducers, executives, referral cascades. 1k to 2M entities.")

    @Option(help: "How many entities (100 to 2000000).")
    var entities: Int

    @Option(help: "Random seed: the same seed gives byte-identical files.")
    var seed: UInt64 = 1

    @Option(help: "Folder to write entities.csv and relations.csv into.")
    var out: String

    func validate() throws {
        guard (100...2_000_000).contains(entities) else { throw ValidationError("--entities must be from 100 to 2000000") }
    }

    func run() throws {
        let started = Date()
        try Console.run {
            let s = try WorldGenerator(entities: entities, seed: seed).write(to: out)
            Console.error("wrote \(out): \(s.entities) entities (\(s.clients) clients over \(s.rms) RMs), \(s.relations) relations in \(String(format: "%.1f", Date().timeIntervalSince(started))) s")
        }
    }
}
