import ArgumentParser
import RelmapCore

/// Thresholds every ownership command takes.
struct OwnershipArguments: ParsableArguments {
    @Option(help: "List owners or holdings whose integrated share is at least this (0 to 1).")
    var minShare = OwnershipOptions().minShare

    @Option(help: "Relative control: the largest holder without a majority controls from this direct share (0.3, the listed-company rule).")
    var controlFloor = ControlStructure.defaultFloor

    @Option(help: "Beneficial owners: natural persons holding at least this integrated share (0.25, the PBoC rule).")
    var uboThreshold = BeneficialOwners.defaultThreshold

    func validate() throws {
        guard (0...1).contains(minShare) else { throw ValidationError("--min-share must be between 0 and 1 (5% is 0.05)") }
        guard controlFloor > 0 && controlFloor <= 0.5 else { throw ValidationError("--control-floor must be above 0 and at most 0.5 (30% is 0.3)") }
        guard uboThreshold > 0 && uboThreshold <= 1 else { throw ValidationError("--ubo-threshold must be above 0 and at most 1 (25% is 0.25)") }
    }

    var options: OwnershipOptions {
        var o = OwnershipOptions()
        o.minShare = minShare
        o.controlFloor = controlFloor
        o.uboThreshold = uboThreshold
        return o
    }
}

/// What `relmap owners` and `relmap holdings` both take: the graph, the entity, thresholds, output.
struct OwnershipQuestionArguments: ParsableArguments {
    @OptionGroup var input: GraphArgument
    @OptionGroup var overlay: OverlayOptions

    @Option(help: "The entity: an id or a name as written.")
    var of: String

    @OptionGroup var ownership: OwnershipArguments
    @OptionGroup var output: OutputOptions

    /// Loads the graph, asks `ask`, prints the answer.
    func answer(_ ask: (QueryEngine, QueryEngine.OwnershipQuestion) throws -> some Answer) throws {
        let engine = try input.engine(output.language, overlay: overlay)
        try output.emit(try ask(engine, .init(entity: of, options: ownership.options, language: output.language)))
    }
}
