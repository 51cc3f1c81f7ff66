/// Turns the two contract tables (as CSV text) into a validated `Graph`.
///
/// One pass over entities fills the columns and the id index; one pass over relations resolves
/// endpoints by hashing the id bytes in place, with no `String` per field on the hot path. Every
/// problem is logged with file, line and field; loading goes on after an error so that one run
/// reports all of them.
///
/// One job per file: this one opens the inputs and runs the passes; `TableLoader+Header` reads a
/// header row (columns, aliases, Excel's empty cells); `+Entities` and `+Relations` the rows;
/// `+Keywords` matches the vocabulary on raw bytes and suggests the nearest id.
import Foundation

enum TableLoader {
    struct Input {
        /// The file name shown in diagnostics.
        var label: String
        var bytes: TextBytes
        /// For JSON and GraphML, which carry no CSV lines: how to name record `n`.
        var recordNoun: String? = nil

        init(label: String, bytes: TextBytes) {
            self.label = label
            self.bytes = bytes
        }

        init(label: String, bytes: [UInt8]) {
            self.init(label: label, bytes: TextBytes(bytes))
        }
    }

    static let entityColumns = ["id", "name", "kind", "status", "industry", "region", "tier", "rm", "value", "size", "stage", "client_since"]
    static let relationColumns = ["source", "target", "type", "weight", "strength", "date", "outcome"]

    /// - Parameter pieces: how many pieces a large file is parsed in (one per core; tests vary it
    ///   to check that the result never depends on it).
    static func load(
        entities: Input, relations: Input, log: inout DiagnosticLog,
        pieces: Int = ProcessInfo.processInfo.activeProcessorCount
    ) -> (graph: Graph, encodings: [String: String])? {
        var builder = GraphBuilder()
        var encodings: [String: String] = [:]
        var clock = PhaseClock()
        // The two files are checked (every byte, for UTF-8) or converted side by side.
        let opened = [entities, relations].concurrentMap(open)
        guard let entityReader = reader(opened[0], entities.label, log: &log),
            let relationReader = reader(opened[1], relations.label, log: &log)
        else { return nil }
        encodings[entities.label] = entityReader.encoding.rawValue
        encodings[relations.label] = relationReader.encoding.rawValue
        clock.lap("decoding")
        // Cutting relations.csv into pieces is a serial pass over the whole file that needs
        // nothing from the entities: it runs while entities.csv is read.
        let relationPieces = Background { relationReader.splitRecords(parts: pieces) }
        guard let index = readEntities(entityReader, file: entities.label, into: &builder, log: &log, pieces: pieces) else { return nil }
        clock.lap("entities")
        readRelations(
            relationReader, file: relations.label, pieces: relationPieces.value, index: index,
            into: &builder, log: &log)
        clock.lap("relations")
        if log.hasErrors { return nil }
        builder.prebuiltIndex = index
        let graph = builder.build(log: &log, relationsFile: relations.label)
        clock.lap("build")
        clock.report()
        return (graph, encodings)
    }

    /// A file's text, or why there is none.
    private enum Opened: Sendable {
        case text(CSVReader)
        case empty
        case undecodable(TextDecoding.Failure)
    }

    private static func open(_ input: Input) -> Opened {
        if input.bytes.withUnsafeBufferPointer({ $0.allSatisfy { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 } }) {
            return .empty
        }
        do { return .text(try CSVReader(bytes: input.bytes)) } catch { return .undecodable(error) }
    }

    private static func reader(_ opened: Opened, _ label: String, log: inout DiagnosticLog) -> CSVReader? {
        switch opened {
        case .text(let reader):
            return reader
        case .empty:
            log.error(
                label, "file is empty",
                fix: "it needs a header row, e.g. " + (label.hasSuffix("relations.csv") ? "source,target,type" : "id,name,kind,status"))
        case .undecodable(let error):
            let (message, fix) = error.message(.fromEnvironment())
            log.error(label, line: error.line, message, fix: fix)
        }
        return nil
    }

}
