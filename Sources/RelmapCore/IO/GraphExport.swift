import Foundation

/// Writes a graph in one of the exchange formats. CSV is a folder in the contract's layout.
public enum GraphExport {
    public enum Format: String, Sendable, CaseIterable { case csv, json, graphml }

    /// - Parameter dialect: for CSV, `.excel` to open the files in Excel (see `CSVWriter.Dialect`).
    public static func write(
        _ graph: Graph, format: Format, to path: String, dialect: CSVWriter.Dialect = .plain,
        lang: Language = .fromEnvironment()
    ) throws {
        let tables = GraphTables(graph)
        switch format {
        case .csv:
            try writeCSV(tables, folder: path, dialect: dialect, lang: lang)
        case .json:
            let out = try OutputFile(path, lang: lang)
            try JSONGraphFormat.write(tables, to: out)
            try out.finish()
        case .graphml:
            let out = try OutputFile(path, lang: lang)
            try GraphMLFormat.write(tables, to: out)
            try out.finish()
        }
    }

    /// Writes entities.csv and relations.csv into `folder`, creating the folder (not its parents)
    /// if needed. Both targets are checked before either is written, so that a folder holding an
    /// input graph is refused whole rather than half overwritten.
    public static func writeCSV(
        _ tables: GraphTables, folder: String, dialect: CSVWriter.Dialect = .plain,
        lang: Language = .fromEnvironment()
    ) throws {
        try OutputFile.prepareFolder(folder, lang: lang)
        let targets = try ["entities.csv", "relations.csv"].map { try OutputFile((folder as NSString).appendingPathComponent($0), lang: lang) }
        for (out, table) in zip(targets, [tables.entities, tables.relations]) {
            var w = CSVWriter(reserve: table.rows.count * 64, dialect: dialect)
            w.row(table.header)
            for r in table.rows { w.row(r) }
            try out.write(w.bytes)
            try out.finish()
        }
    }

}
