import ArgumentParser
import Foundation
import RelmapCore
import RelmapRender

/// The `relmap` command: parses options, calls RelmapCore, prints. No graph logic lives here.
@main
struct Relmap: AsyncParsableCommand {
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
            CompileCommand.self,
            StatsCommand.self,
            ExportCommand.self,
            GenerateCommand.self,
            NextCommand.self,
            BacktestCommand.self,
            TuneCommand.self,
            MineCommand.self,
            MapCommand.self,
            ChainCommand.self,
            OwnersCommand.self,
            HoldingsCommand.self,
            GroupsCommand.self,
            ReportCommand.self,
            ServeCommand.self,
            UsersCommand.self,
            LogCommand.self,
            PipelineCommand.self,
            RecordCommand.self,
            WorkspaceCommand.self
        ]
    )

    /// Exit status, decided here for every command: 0 success, 1 invalid data, an unreadable or
    /// bad file, or no answer, 2 bad usage. `RelmapError` says which (`exitCode`); ArgumentParser's
    /// own usage status (64, EX_USAGE) becomes 2, the convention of most Unix tools.
    static func main() async {
        reportTruncatedInputs()
        OutputFile.ignoreWriteSignals()
        if let message = negativeNumberMessage(CommandLine.arguments.dropFirst()) {
            Console.error(message)
            Foundation.exit(2)
        }
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let error as RelmapError {
            Console.error(error.description)
            Foundation.exit(error.exitCode)
        } catch let error as RenderError {
            Console.error(error.description)
            Foundation.exit(1)
        } catch let error as PDFPagesError {
            Console.error(error.description)
            Foundation.exit(1)
        } catch {
            if exitCode(for: error).rawValue == 64 {
                Console.error(fullMessage(for: error))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}

/// `--top -5`: the parser takes `-5` for an option and answers "Missing value for '--top'". No
/// relmap option takes a negative number and no argument is one, so a number with a minus sign
/// after an option is always a mistake; say which.
func negativeNumberMessage(_ arguments: some Sequence<String>) -> String? {
    var previous: String?
    for argument in arguments {
        defer { previous = argument }
        guard let option = previous, option.hasPrefix("--"), !option.contains("="),
            argument.count > 1, argument.first == "-", Double(argument.dropFirst()) != nil
        else { continue }
        let lang = Language.fromEnvironment()
        return lang(
            "\(option) \(argument): a negative number is not allowed here; give 0 or more (see relmap --help)",
            "\(option) \(argument)：此处不能是负数；请给出 0 或更大的数（见 relmap --help）")
    }
    return nil
}

/// Large input files are mapped, not copied (`TextBytes`). If another program shrinks one while
/// relmap reads it, the read past its new end raises SIGBUS; say what happened instead of dying
/// with "Bus error". Only async-signal-safe calls here: write and _exit.
private func reportTruncatedInputs() {
    signal(SIGBUS) { _ in
        let message =
            "relmap: an input file got shorter while it was being read (is another program writing it?); run again once the file is complete\n"
        message.utf8CString.withUnsafeBufferPointer { _ = write(2, $0.baseAddress, $0.count - 1) }
        _exit(1)
    }
}
