import ArgumentParser
import Foundation
import RelmapCore

/// `relmap chain DIR --to TARGET`: the warmest ways into a company, through whom to ask.
struct ChainCommand: ParsableCommand {
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

    func validate() throws {
        guard k >= 1 else { throw ValidationError("--k must be at least 1") }
        guard (1...32).contains(maxHops) else { throw ValidationError("--max-hops must be between 1 and 32") }
    }

    func run() throws {
        let types = try Self.parseTypes(via)
        let graph = try input.load()
        try Console.run {
            let resolver = EntityResolver(graph: graph)
            func resolve(_ query: String) throws -> Int { try resolver.resolve(query) }
            let target = try resolve(to)
            let sources = from.isEmpty ? WarmPathFinder.bankSide(of: graph) : try from.map { try resolve($0) }
            if !from.isEmpty && sources.allSatisfy({ $0 == target }) {
                throw RelmapError.usage("--from names only the target itself; give another start, or leave --from out to start from every client and introducer")
            }
            if from.isEmpty && sources.allSatisfy({ $0 == target }) {
                throw RelmapError.unanswerable("no clients or introducers in this graph to start from; mark clients with status=client in entities.csv, or give --from")
            }
            let finder = WarmPathFinder(graph: graph)
            let result = finder.paths(to: target, from: sources, k: k, maxHops: maxHops, via: types)
            if result.paths.isEmpty {
                try reportNoPath(graph, target: target, result: result, types: types)
                throw ExitCode(1)
            }
            try emit(graph, result.paths)
        }
    }

    static func parseTypes(_ text: String?) throws -> RelationTypes {
        guard let text else { return .all }
        var types: [RelationType] = []
        for part in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !part.isEmpty {
            guard let t = RelationType(name: part) else {
                let names = RelationType.allCases.map(\.name)
                let hint = Suggest.closest(to: part, among: names).map { "did you mean '\($0)'? " } ?? ""
                throw ValidationError("--via: unknown relation type '\(part)'; \(hint)valid types: \(names.joined(separator: ", "))")
            }
            types.append(t)
        }
        guard !types.isEmpty else { throw ValidationError("--via: give at least one relation type") }
        return RelationTypes(types)
    }

    struct HopJSON: Encodable {
        var from: String, fromName: String, to: String, toName: String, type: String, strength: Double
        /// True when walked against the relation's direction (e.g. from the referred to the referrer).
        var reversed: Bool
        enum CodingKeys: String, CodingKey {
            case from, to, type, strength, reversed
            case fromName = "from_name", toName = "to_name"
        }
    }
    struct PathJSON: Encodable {
        var rank: Int, cost: Double, strength: Double, hops: [HopJSON]
    }

    func emit(_ graph: Graph, _ paths: [WarmPath]) throws {
        let e = graph.entities
        switch output.format {
        case .json:
            let doc = paths.enumerated().map { i, p in
                PathJSON(rank: i + 1, cost: p.cost, strength: p.strength, hops: p.hops.map {
                    HopJSON(from: e.id($0.from), fromName: e.name($0.from), to: e.id($0.to), toName: e.name($0.to),
                            type: $0.type.name, strength: $0.strength, reversed: $0.reversed)
                })
            }
            try output.emit(try JSONOutput.encode(doc))
        case .csv:
            var t = TextTable(columns: ["path", "path_strength", "path_cost", "hop", "from", "from_name", "to", "to_name", "type", "strength", "reversed"])
            for (i, p) in paths.enumerated() {
                for (j, h) in p.hops.enumerated() {
                    t.add([String(i + 1), Self.fmt(p.strength, 6), Self.fmt(p.cost, 6), String(j + 1), e.id(h.from), e.name(h.from),
                           e.id(h.to), e.name(h.to), h.type.name, Self.fmt(h.strength, 4), h.reversed ? "true" : "false"])
                }
            }
            try output.emit(t.render(.csv))
        case .table:
            var t = TextTable(columns: ["#", "strength", "hops", "start", "path"], numeric: ["#", "strength", "hops"])
            for (i, p) in paths.enumerated() {
                var chain = e.name(p.hops[0].from)
                for h in p.hops {
                    let label = "\(h.type.name) \(Self.fmt(h.strength, 2))"
                    chain += h.reversed ? " <-\(label)- " : " -\(label)-> "
                    chain += e.name(h.to)
                }
                let start = p.hops[0].from
                t.add([String(i + 1), Self.fmt(p.strength, 3), String(p.hops.count),
                       "\(e.id(start)) (\(e.status(start).name)\(e.rm(start).isEmpty ? "" : ", RM " + e.rm(start)))", chain])
            }
            let target = paths[0].hops.last!.to
            try output.emit("Warmest paths to \(e.id(target)) \(e.name(target)) (\(e.status(target).name)):\n" + t.render(.table))
        }
    }

    func reportNoPath(_ graph: Graph, target: Int, result: WarmPathResult, types: RelationTypes) throws {
        let e = graph.entities
        var message = "no path to \(e.id(target)) \(e.name(target)) within \(maxHops) hop(s)"
        if let needed = result.hopsNeeded {
            message += "; the shortest needs \(needed) hops: rerun with --max-hops \(needed)"
        } else if types != .all {
            message += " and none at any length over \(types.types.map(\.name).joined(separator: ",")); try without --via"
        } else {
            message += " and none at any length: nothing on the bank's side is connected to it"
        }
        Console.error(message)
        guard !result.nearest.isEmpty else {
            if output.format == .json { try output.emit("[]\n") }
            return
        }
        var t = TextTable(columns: ["id", "name", "status", "hops_from_bank", "hops_to_target"], numeric: ["hops_from_bank", "hops_to_target"])
        for near in result.nearest {
            t.add([e.id(near.entity), e.name(near.entity), e.status(near.entity).name, String(near.hopsFromBank),
                   near.hopsToTarget.map(String.init) ?? ""])
        }
        switch output.format {
        case .json: try output.emit("[]\n")
        case .csv: try output.emit(t.render(.csv))
        case .table: try output.emit("Nearest entities to the target that the bank reaches within the limit:\n" + t.render(.table))
        }
    }

    static func fmt(_ x: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", x) }
}
