import Foundation

/// Writes a graph in one of the exchange formats. CSV is a folder in the contract's layout.
public enum GraphExport {
    public enum Format: String, Sendable, CaseIterable { case csv, json, graphml }

    public static func write(_ graph: Graph, format: Format, to path: String) throws {
        let tables = GraphTables(graph)
        switch format {
        case .csv:
            try writeCSV(tables, folder: path)
        case .json:
            try write(JSONGraphFormat.write(tables), to: path)
        case .graphml:
            try write(Data(GraphMLFormat.write(tables).utf8), to: path)
        }
    }

    /// Writes entities.csv and relations.csv into `folder`, creating it if needed.
    public static func writeCSV(_ tables: GraphTables, folder: String) throws {
        do { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) } catch {
            throw RelmapError.io(path: folder, reason: "cannot create folder: \(error.localizedDescription)")
        }
        for (name, table) in [("entities.csv", tables.entities), ("relations.csv", tables.relations)] {
            var w = CSVWriter(reserve: table.rows.count * 64)
            w.row(table.header)
            for r in table.rows { w.row(r) }
            try write(Data(w.bytes), to: (folder as NSString).appendingPathComponent(name))
        }
    }

    static func write(_ data: Data, to path: String) throws {
        do { try data.write(to: URL(fileURLWithPath: path), options: .atomic) } catch {
            throw RelmapError.io(path: path, reason: "cannot write: \(error.localizedDescription)")
        }
    }
}
