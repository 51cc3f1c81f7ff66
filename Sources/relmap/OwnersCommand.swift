import ArgumentParser
import RelmapCore

/// `relmap owners DIR --of ID`: who owns and controls an entity (股权穿透 upward).
struct OwnersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "owners",
        abstract: "Who owns an entity directly and through every chain, its actual controller and beneficial owners.",
        discussion: """
            share is integrated ownership: the sum over every chain of holdings of the product of the
            shares along it, cross-holdings included. The control chain follows majority holders
            (and relative ones, from --control-floor) up to the actual controller. See Guides/Ownership.md.
            """)

    @OptionGroup var question: OwnershipQuestionArguments

    func run() async throws {
        try question.answer { engine, q in try engine.owners(q) }
    }
}

/// `relmap holdings DIR --of ID`: what an entity owns and controls (股权穿透 downward).
struct HoldingsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "holdings",
        abstract: "What an entity owns directly and through every chain, and what it controls.",
        discussion: "Shares and control as for `relmap owners`, downward. See Guides/Ownership.md.")

    @OptionGroup var question: OwnershipQuestionArguments

    func run() async throws {
        try question.answer { engine, q in try engine.holdings(q) }
    }
}

/// `relmap groups DIR`: every group of entities under one actual controller (集团客户).
struct GroupsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "groups",
        abstract:
            "Every group under one actual controller, largest first: members, which bank with us and with which RM, value, members not with us.",
        discussion: "A group is the actual controller and every entity whose control chain ends there. See Guides/Ownership.md.")

    @OptionGroup var input: GraphArgument
    @OptionGroup var overlay: OverlayOptions

    @Option(help: "Only groups with at least this many members.")
    var minMembers = 2

    @Option(help: "Only groups where this RM has a client.")
    var rm: String?

    @Option(help: "Relative control: the largest holder without a majority controls from this direct share.")
    var controlFloor = ControlStructure.defaultFloor

    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard minMembers >= 1 else { throw ValidationError("--min-members must be at least 1") }
        guard controlFloor > 0 && controlFloor <= 0.5 else { throw ValidationError("--control-floor must be above 0 and at most 0.5 (30% is 0.3)") }
    }

    func run() async throws {
        let engine = try input.engine(output.language, overlay: overlay)
        try output.emit(try engine.groups(minMembers: minMembers, rm: rm, floor: controlFloor, language: output.language))
    }
}
