import ArgumentParser
import Foundation
import RelmapCore

/// The graph every query command reads: a folder with entities.csv and relations.csv, or a
/// .json / .graphml file.
struct GraphArgument: ParsableArguments {
    @Argument(help: "Graph folder (entities.csv + relations.csv), or a .json / .graphml file.")
    var graph: String

    /// Loads and validates. Invalid data prints every problem to stderr and exits 1; warnings are
    /// summarised on stderr so that stdout stays clean for tables, CSV and JSON.
    func load() throws -> Graph {
        do {
            let loaded = try GraphLoader.load(graph)
            if loaded.log.warningCount > 0 {
                Console.error("\(loaded.log.warningCount) warning(s) while loading \(graph); run `relmap validate \(graph)` to see them")
            }
            return loaded.graph
        } catch let error as RelmapError {
            Console.error(error.description)
            if case .invalidData = error { Console.error("\(graph) is not valid; nothing was computed. Fix the lines above and run again.") }
            throw ExitCode(error.exitCode)
        }
    }
}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, csv, json
}

/// `--format table|csv|json` and `--out PATH`, shared by every query command.
struct OutputOptions: ParsableArguments {
    @Option(help: "Output format: table, csv or json.")
    var format: OutputFormat = .table

    @Option(help: "Write to this file instead of standard output.")
    var out: String?

    func emit(_ text: String) throws {
        try Console.emit(text, to: out)
    }

    /// Renders a table in the chosen text format (json is the caller's own encoding).
    func emit(_ table: TextTable, json: () throws -> String) throws {
        switch format {
        case .table: try emit(table.render(.table))
        case .csv: try emit(table.render(.csv))
        case .json: try emit(try json())
        }
    }
}

enum Console {
    static func error(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }

    static func emit(_ text: String, to path: String?) throws {
        try emit(Data(text.utf8), to: path)
    }

    static func emit(_ data: Data, to path: String?) throws {
        guard let path else {
            FileHandle.standardOutput.write(data)
            return
        }
        do { try data.write(to: URL(fileURLWithPath: path), options: .atomic) } catch {
            Console.error("\(path): cannot write: \(error.localizedDescription)")
            throw ExitCode(1)
        }
    }

    /// Runs `body`, turning RelmapError into a message and its exit code.
    static func run(_ body: () throws -> Void) throws {
        do { try body() } catch let error as RelmapError {
            Console.error(error.description)
            throw ExitCode(error.exitCode)
        }
    }
}

enum JSONOutput {
    static func encode<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
    }
}

/// Runs async work from a synchronous command and waits for it. The renderer is an actor, so
/// its work runs on the concurrency pool while the main thread waits here.
func waitFor<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
    let box = ResultBox<T>()
    let done = DispatchSemaphore(value: 0)
    Task {
        do { box.result = .success(try await body()) } catch { box.result = .failure(error) }
        done.signal()
    }
    done.wait()
    return try box.result!.get()
}

/// Written once by the task before it signals, read once after the wait: no overlap.
private final class ResultBox<T>: @unchecked Sendable {
    var result: Result<T, Error>?
}
