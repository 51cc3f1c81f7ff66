import Foundation

/// The graph as the contract's two tables of strings: what every exporter writes and every
/// importer produces. Known columns come first in contract order, extra columns after them.
public struct GraphTables: Sendable {
    public struct Table: Sendable {
        public var header: [String]
        public var rows: [[String]]
        /// Where each row came from, for diagnostics of imported formats: (line or nil, label).
        public var origins: [(line: Int?, label: String)] = []
        /// The type of each extra column that is not text, by column name (see `AttributeType`).
        public var types: [String: AttributeType] = [:]

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
            var row = [
                e.ids[i], e.names[i], e.kinds[i].name, e.statuses[i].name, e.industries[i], e.regions[i],
                e.tiers[i] == 0 ? "" : String(e.tiers[i]), e.rms[i],
                NumberFormatting.plain(e.values[i]), NumberFormatting.plain(e.sizes[i]),
                e.stages[i] == 0 ? "" : String(e.stages[i]), e.clientSince(i)?.description ?? ""
            ]
            for x in e.extra { row.append(x.values[i]) }
            eRows.append(row)
        }
        let r = graph.relations
        let rHeader = TableLoader.relationColumns + r.extra.map(\.name)
        var rRows: [[String]] = []
        rRows.reserveCapacity(r.count)
        for k in r.indices {
            var row = [
                e.ids[Int(r.sources[k])], e.ids[Int(r.targets[k])], r.types[k].name,
                NumberFormatting.plain(r.weights[k]), NumberFormatting.plain(r.strengths[k]),
                r.date(k)?.description ?? "", r.outcomes[k].name
            ]
            for x in r.extra { row.append(x.values[k]) }
            rRows.append(row)
        }
        entities = Table(header: eHeader, rows: eRows)
        relations = Table(header: rHeader, rows: rRows)
        for x in e.extra where x.type != .text { entities.types[x.name] = x.type }
        for x in r.extra where x.type != .text { relations.types[x.name] = x.type }
    }

    /// Loads these tables through the same validation as CSV files. Diagnostics name each record
    /// by its origin (`graph.json: entities[3]`, `graph.graphml:57`).
    func load(file: String, log: inout DiagnosticLog) -> Graph? {
        let (eBytes, eLines) = entities.csv()
        let (rBytes, rLines) = relations.csv()
        let eLabel = "\u{1}entities", rLabel = "\u{1}relations"
        var inner = DiagnosticLog(limit: log.limit)
        let result = TableLoader.load(
            entities: .init(label: eLabel, bytes: eBytes),
            relations: .init(label: rLabel, bytes: rBytes), log: &inner)
        /// The record whose CSV text holds `line`, if it is a record's.
        func record(_ line: Int, _ lines: [Int], _ table: Table) -> (line: Int?, label: String)? {
            guard let first = lines.first, line >= first else { return nil }
            var lo = 0, hi = lines.count - 1  // the last record starting at or before `line`
            while lo < hi {
                let mid = (lo + hi + 1) / 2
                if lines[mid] <= line { lo = mid } else { hi = mid - 1 }
            }
            return lo < table.origins.count ? table.origins[lo] : nil
        }
        func origin(_ d: Diagnostic) -> Diagnostic {
            var d = d
            let isEntities = d.file == eLabel
            let (lines, table) = isEntities ? (eLines, entities) : (rLines, relations)
            d.file = file
            guard let line = d.line else { return d }
            guard let o = record(line, lines, table) else {
                d.line = nil
                d.field = [isEntities ? "entities" : "relations", d.field].compactMap { $0 }.joined(separator: ": ")
                return d
            }
            d.line = o.line
            d.field = [o.label, d.field].compactMap { $0 }.joined(separator: ": ")
            // A repeated id or relation names its first copy by the line of the CSV text made
            // here, which the user never saw: name that copy as this file does instead.
            if let first = Diagnostic.firstCopyLine(in: d.message), let f = record(first.line, lines, table) {
                d.message.replaceSubrange(first.range, with: Diagnostic.firstCopy(f))
            }
            if let fix = d.fix { d.fix = fix.replacingOccurrences(of: "entities.csv", with: "the entities") }
            return d
        }
        for d in inner.kept { log.add(origin(d)) }
        log.countHidden(errors: inner.errorCount - inner.errors.count, warnings: inner.warningCount - inner.warnings.count)
        return result?.graph.typingExtraColumns(entities: entities.types, relations: relations.types)
    }
}

extension Graph {
    /// The graph with the types of its extra columns set by name (the loader reads every column
    /// as text; JSON and GraphML say more).
    func typingExtraColumns(entities entityTypes: [String: AttributeType], relations relationTypes: [String: AttributeType]) -> Graph {
        guard !entityTypes.isEmpty || !relationTypes.isEmpty else { return self }
        var e = entities, r = relations
        for k in e.extra.indices { e.extra[k].type = entityTypes[e.extra[k].name] ?? .text }
        for k in r.extra.indices { r.extra[k].type = relationTypes[r.extra[k].name] ?? .text }
        return Graph(
            entities: e, relations: r, outOffsets: outOffsets, inOffsets: inOffsets,
            inRelations: inRelations, idIndex: idIndex)
    }
}
