import ArgumentParser
import RelmapCore

/// `relmap owners DIR --of ID`: who owns and controls an entity (股权穿透 upward).
struct OwnersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "owners",
        abstract: "Who owns an entity directly and through every chain, its actual controller and beneficial owners.",
        discussion: """
            share is integrated ownership: the sum over every chain of holdings of the product of the
            shares along it, cross-holdings included. The control chain follows majority holders
            (and relative ones, from --control-floor) up to the actual controller. See Guides/Ownership.md.
            """)

    @OptionGroup var input: GraphArgument

    @Option(help: "The entity: an id or a name as written.")
    var of: String

    @OptionGroup var ownership: OwnershipArguments
    @OptionGroup var output: OutputOptions

    func run() throws {
        let graph = try input.load()
        try Console.run {
            let entity = try EntityResolver(graph: graph).resolve(of)
            let net = try ownership.network(graph, path: input.graph)
            let answer = OwnershipQuery.owners(net, of: entity, ownership.options, ownership.language)
            try ownership.emit(answer, text: { answer.text($0, ownership.language) }, notes: answer.notes, output: output)
        }
    }
}

/// `relmap holdings DIR --of ID`: what an entity owns and controls (股权穿透 downward).
struct HoldingsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "holdings",
        abstract: "What an entity owns directly and through every chain, and what it controls.",
        discussion: "Shares and control as for `relmap owners`, downward. See Guides/Ownership.md.")

    @OptionGroup var input: GraphArgument

    @Option(help: "The entity: an id or a name as written.")
    var of: String

    @OptionGroup var ownership: OwnershipArguments
    @OptionGroup var output: OutputOptions

    func run() throws {
        let graph = try input.load()
        try Console.run {
            let entity = try EntityResolver(graph: graph).resolve(of)
            let net = try ownership.network(graph, path: input.graph)
            let answer = OwnershipQuery.holdings(net, of: entity, ownership.options, ownership.language)
            try ownership.emit(answer, text: { answer.text($0, ownership.language) }, notes: answer.notes, output: output)
        }
    }
}

/// `relmap groups DIR`: every group of entities under one actual controller (集团客户).
struct GroupsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "groups",
        abstract: "Every group under one actual controller, largest first: members, which bank with us and with which RM, value, members not with us.",
        discussion: "A group is the actual controller and every entity whose control chain ends there. See Guides/Ownership.md.")

    @OptionGroup var input: GraphArgument

    @Option(help: "Only groups with at least this many members.")
    var minMembers = 2

    @Option(help: "Only groups where this RM has a client.")
    var rm: String?

    @OptionGroup var ownership: OwnershipArguments
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard minMembers >= 1 else { throw ValidationError("--min-members must be at least 1") }
    }

    func run() throws {
        let graph = try input.load()
        try Console.run {
            let control = ControlStructure(OwnershipNetwork(graph: graph), floor: ownership.controlFloor)
            let net = try ownership.network(graph, path: input.graph, control: control)
            let groups = OwnershipGroups(net, control: control, minMembers: minMembers)
            let answer = OwnershipQuery.groups(groups, graph, rm: rm, minMembers: minMembers)
            if let rm, answer.groups.isEmpty, graph.entities.rms.existingCode(rm) == nil {
                throw RelmapError.lookup(ownership.language("no client has the RM '\(rm)'; RMs are the values of the rm column of entities.csv",
                                                            "没有客户的客户经理为 '\(rm)'; 客户经理取自 entities.csv 的 rm 列"))
            }
            try ownership.emit(answer, text: { answer.text($0, ownership.language) }, notes: [], output: output)
        }
    }
}
