import ArgumentParser
import Foundation
import RelmapCore

/// `relmap chain DIR --to TARGET`: the warmest ways into a company, through whom to ask.
struct ChainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chain",
        abstract: "The k warmest introduction paths from the bank's side to a target entity.",
        discussion: """
            A hop costs -ln(strength); a path's strength is the product of its hops' strengths.
            Without --from, every client and every entity that has referred someone is a start.
            Relations are walked both ways. Default strengths and the algorithm: Guides/Paths.md.
            Exits 1 when no path fits the hop limit (and names the nearest reachable entities).
            """)

    @OptionGroup var input: GraphArgument
    @OptionGroup var overlay: OverlayOptions

    @Option(help: "The target entity: an id or a name (名称 as written, brackets and 有限(责任)公司 variants match).")
    var to: String

    @Option(parsing: .upToNextOption, help: "Start from these entities (ids or names) instead of every client and introducer.")
    var from: [String] = []

    @Option(name: .customLong("k"), help: "How many paths.")
    var k: Int = 5

    @Option(help: "Longest path, in hops.")
    var maxHops: Int = 4

    @Option(help: "Relation types to walk, comma-separated (default: all of \(RelationType.allCases.map(\.name).joined(separator: ","))).")
    var via: String?

    @OptionGroup var output: OutputOptions

    static let maxK = 1000

    func validate() throws {
        guard k >= 1 else { throw ValidationError("--k must be at least 1") }
        // The search grows with k times the paths within --max-hops: --k 100000 ran for a minute on
        // a 194-entity graph, for a list nobody reads.
        guard k <= ChainCommand.maxK else {
            throw ValidationError(
                output.language(
                    "--k \(k) is more paths than anyone reads; ask for at most \(ChainCommand.maxK) (the warmest come first)",
                    "--k \(k) 条路径远超可阅读的数量；最多 \(ChainCommand.maxK) 条（最暖的在前）"))
        }
        guard (1...32).contains(maxHops) else { throw ValidationError("--max-hops must be between 1 and 32") }
    }

    func run() async throws {
        let types: RelationTypes
        do { types = try RelationTypes.parse(via) } catch let error as RelmapError { throw ValidationError("--via: \(error.description)") }
        let engine = try input.engine(output.language, overlay: overlay)
        try output.emit(try engine.chain(.init(target: to, from: from, k: k, maxHops: maxHops, via: types, language: output.language)))
    }
}
