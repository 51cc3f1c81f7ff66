import Foundation

/// The graph as the contract's two tables of strings: what every exporter writes and every
/// importer produces. Known columns come first in contract order, extra columns after them.
public struct GraphTables: Sendable {
    public struct Table: Sendable {
        public var header: [String]
        public var rows: [[String]]
        /// Where each row came from, for diagnostics of imported formats: (line or nil, label).
        public var origins: [(line: Int?, label: String)] = []

        public init(header: [String], rows: [[String]]) {
            self.header = header
            self.rows = rows
        }

        /// The rows as CSV text, and the line on which each row starts.
        func csv() -> (bytes: [UInt8], recordLines: [Int]) {
            var w = CSVWriter()
            w.row(header)
            var lines: [Int] = []
            var line = 2
            for r in rows {
                lines.append(line)
                w.row(r)
                line += 1 + r.reduce(0) { $0 + $1.utf8.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) } }
            }
            return (w.bytes, lines)
        }
    }

    public var entities: Table
    public var relations: Table

    public init(entities: Table, relations: Table) {
        self.entities = entities
        self.relations = relations
    }

    public init(_ graph: Graph) {
        let e = graph.entities
        let eHeader = TableLoader.entityColumns + e.extra.map(\.name)
        var eRows: [[String]] = []
        eRows.reserveCapacity(e.count)
        for i in e.indices {
            var row = [e.ids[i], e.names[i], e.kinds[i].name, e.statuses[i].name, e.industries[i], e.regions[i],
                       e.tiers[i] == 0 ? "" : String(e.tiers[i]), e.rms[i],
                       NumberFormatting.plain(e.values[i]), NumberFormatting.plain(e.sizes[i]),
                       e.stages[i] == 0 ? "" : String(e.stages[i]), e.clientSince(i)?.description ?? ""]
            for x in e.extra { row.append(x.values[i]) }
            eRows.append(row)
        }
        let r = graph.relations
        let rHeader = TableLoader.relationColumns + r.extra.map(\.name)
        var rRows: [[String]] = []
        rRows.reserveCapacity(r.count)
        for k in r.indices {
            var row = [e.ids[Int(r.sources[k])], e.ids[Int(r.targets[k])], r.types[k].name,
                       NumberFormatting.plain(r.weights[k]), NumberFormatting.plain(r.strengths[k]),
                       r.date(k)?.description ?? "", r.outcomes[k].name]
            for x in r.extra { row.append(x.values[k]) }
            rRows.append(row)
        }
        entities = Table(header: eHeader, rows: eRows)
        relations = Table(header: rHeader, rows: rRows)
    }

    /// Loads these tables through the same validation as CSV files. Diagnostics name each record
    /// by its origin (`graph.json: entities[3]`, `graph.graphml:57`).
    func load(file: String, log: inout DiagnosticLog) -> Graph? {
        let (eBytes, eLines) = entities.csv()
        let (rBytes, rLines) = relations.csv()
        let eLabel = "\u{1}entities", rLabel = "\u{1}relations"
        var inner = DiagnosticLog(limit: log.limit)
        let result = TableLoader.load(entities: .init(label: eLabel, bytes: eBytes),
                                      relations: .init(label: rLabel, bytes: rBytes), log: &inner)
        /// The record an internal CSV line belongs to.
        func record(_ line: Int, in lines: [Int], _ table: Table) -> (line: Int?, label: String)? {
            var k = 0
            while k + 1 < lines.count && lines[k + 1] <= line { k += 1 }
            if lines.isEmpty || line < lines[0] || k >= table.origins.count { return nil }
            return table.origins[k]
        }
        func origin(_ d: Diagnostic) -> Diagnostic {
            var d = d
            let isEntities = d.file == eLabel
            let (lines, table) = isEntities ? (eLines, entities) : (rLines, relations)
            d.file = file
            // A duplicate names its first copy by line: the record's place in this file instead.
            if let range = d.message.range(of: #"\(first on line [0-9]+\)"#, options: .regularExpression),
               let n = Int(d.message[range].filter(\.isNumber)), let first = record(n, in: lines, table) {
                d.message.replaceSubrange(range, with: "(first: " + (first.line.map { "line \($0), " } ?? "") + first.label + ")")
            }
            guard let line = d.line else { return d }
            guard let o = record(line, in: lines, table) else {
                d.line = nil
                d.field = [isEntities ? "entities" : "relations", d.field].compactMap { $0 }.joined(separator: ": ")
                return d
            }
            d.line = o.line
            d.field = [o.label, d.field].compactMap { $0 }.joined(separator: ": ")
            if let fix = d.fix { d.fix = fix.replacingOccurrences(of: "entities.csv", with: "the entities") }
            return d
        }
        for d in inner.kept { log.add(origin(d)) }
        log.countHidden(errors: inner.errorCount - inner.errors.count, warnings: inner.warningCount - inner.warnings.count)
        return result?.graph
    }
}

