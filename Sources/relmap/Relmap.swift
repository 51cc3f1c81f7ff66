import ArgumentParser
import RelmapCore

/// The `relmap` command: parses options, calls RelmapCore, prints. No graph logic lives here.
@main
struct Relmap: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "relmap",
        abstract: "Relationship-graph explorer for bank relationship managers.",
        discussion: """
            A graph is a folder with entities.csv and relations.csv (or a .json / .graphml file).
            Start with: relmap stats Graphs/battery-chain
            """,
        version: "0.1.0",
        subcommands: [
            ValidateCommand.self,
            StatsCommand.self,
            ExportCommand.self,
            GenerateCommand.self,
            NextCommand.self,
        ]
    )
}
