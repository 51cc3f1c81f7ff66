/// Turns the two contract tables (as CSV text) into a validated `Graph`.
///
/// One pass over entities fills the columns and the id index; one pass over relations resolves
/// endpoints by hashing the id bytes in place, with no `String` per field on the hot path. Every
/// problem is logged with file, line and field; loading goes on after an error so that one run
/// reports all of them.
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
    static func load(entities: Input, relations: Input, log: inout DiagnosticLog,
                     pieces: Int = ProcessInfo.processInfo.activeProcessorCount) -> (graph: Graph, encodings: [String: String])? {
        var builder = GraphBuilder()
        var encodings: [String: String] = [:]
        var clock = PhaseClock()
        // The two files are checked (every byte, for UTF-8) or converted side by side.
        let opened = [entities, relations].concurrentMap(open)
        guard let entityReader = reader(opened[0], entities.label, log: &log),
              let relationReader = reader(opened[1], relations.label, log: &log) else { return nil }
        encodings[entities.label] = entityReader.encoding.rawValue
        encodings[relations.label] = relationReader.encoding.rawValue
        clock.lap("decoding")
        // Cutting relations.csv into pieces is a serial pass over the whole file that needs
        // nothing from the entities: it runs while entities.csv is read.
        let relationPieces = Background { relationReader.splitRecords(parts: pieces) }
        guard let index = readEntities(entityReader, file: entities.label, into: &builder, log: &log, pieces: pieces) else { return nil }
        clock.lap("entities")
        readRelations(relationReader, file: relations.label, pieces: relationPieces.value, index: index,
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
            log.error(label, "file is empty", fix: "it needs a header row, e.g. " + (label.hasSuffix("relations.csv") ? "source,target,type" : "id,name,kind,status"))
        case .undecodable(let error):
            let (message, fix) = error.message(.fromEnvironment())
            log.error(label, line: error.line, message, fix: fix)
        }
        return nil
    }

    /// Maps header names to known fields; extra columns become attributes.
    struct Header {
        /// Known column name -> position. Looked up once per file into `Columns`, never per row.
        var known: [String: Int] = [:]
        var extra: [(name: String, column: Int)] = []
        var width = 0
    }

    private static func header(_ record: borrowing CSVRecord, known names: [String], required: [String],
                               file: String, log: inout DiagnosticLog) -> Header? {
        var h = Header()
        h.width = record.count
        var seen: [String: Int] = [:]
        for c in 0..<record.count {
            let raw = record.trimmed(c)
            let key = raw.lowercased()
            if raw.isEmpty {
                log.error(file, line: record.line, field: "column \(c + 1)", "header has an empty column name", fix: "name the column or delete it")
                continue
            }
            if let first = seen[key] {
                log.error(file, line: record.line, field: raw, "column appears twice (columns \(first + 1) and \(c + 1))", fix: "rename or delete one of them")
                continue
            }
            seen[key] = c
            if names.contains(key) { h.known[key] = c } else { h.extra.append((raw, c)) }
        }
        for name in required where h.known[name] == nil {
            let near = Suggest.closest(to: name, among: h.extra.map { $0.name.lowercased() })
            log.error(file, line: record.line, field: name, "required column is missing (found: \(seen.keys.sorted().joined(separator: ", ")))",
                      fix: near.map { "rename column '\($0)' to '\(name)'" } ?? "add a '\(name)' column to the header row")
        }
        return required.allSatisfy({ h.known[$0] != nil }) ? h : nil
    }

    /// Whether bytes hold a C0 control other than tab, CR and LF (which quoting allows), or DEL.
    static func hasControl(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        bytes.contains { ($0 < 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D) || $0 == 0x7F }
    }

    /// Positions of the entity columns, resolved from the header once.
    struct EntityColumns {
        let id: Int, name: Int
        let kind: Int?, status: Int?, industry: Int?, region: Int?, tier: Int?, rm: Int?, value: Int?, size: Int?, stage: Int?, clientSince: Int?
        init(_ h: Header) {
            id = h.known["id"]!; name = h.known["name"]!
            kind = h.known["kind"]; status = h.known["status"]; industry = h.known["industry"]; region = h.known["region"]
            tier = h.known["tier"]; rm = h.known["rm"]; value = h.known["value"]; size = h.known["size"]; stage = h.known["stage"]
            clientSince = h.known["client_since"]
        }
    }

    /// Positions of the relation columns, resolved from the header once.
    struct RelationColumns {
        let source: Int, target: Int, type: Int
        let weight: Int?, strength: Int?, date: Int?, outcome: Int?
        init(_ h: Header) {
            source = h.known["source"]!; target = h.known["target"]!; type = h.known["type"]!
            weight = h.known["weight"]; strength = h.known["strength"]; date = h.known["date"]; outcome = h.known["outcome"]
        }
    }

    // MARK: Entities

    private static func readEntities(_ reader: CSVReader, file: String, into builder: inout GraphBuilder,
                                     log: inout DiagnosticLog, pieces: Int) -> IDIndex? {
        var h: Header?
        var headerSeen = false
        var unclosed: CSVReader.UnclosedQuote?
        do {
            try reader.forEachRecord { rec in
                headerSeen = true
                h = header(rec, known: entityColumns, required: ["id", "name"], file: file, log: &log)
                return false
            }
        } catch let error as CSVReader.UnclosedQuote { unclosed = error } catch {}
        guard let h, unclosed == nil else {
            if let unclosed { logUnclosed(unclosed, file: file, log: &log) }
            if !headerSeen { log.error(file, "file is empty", fix: "it needs a header row: id,name,kind,status,...") }
            return nil
        }
        // Rows are parsed in pieces on all cores, as relations.csv is. Ids are indexed afterwards
        // in file order, so duplicates and every diagnostic come out exactly as from one
        // sequential read (each piece remembers whether a row's problems came before or after its
        // id was checked).
        var clock = PhaseClock(label: "entities")
        let parts = reader.splitRecords(parts: pieces)
        clock.lap("split")
        let limit = log.limit
        let results = parts.concurrentMap { part in
            parseEntities(reader, range: part.range, startLine: part.line, header: h, file: file, limit: limit)
        }
        clock.lap("parse")
        // A quoted field left open ends the read where it begins: later pieces are inside it.
        var chunks: [EntityChunk] = []
        for chunk in results {
            chunks.append(chunk)
            if chunk.unclosed != nil { break }
        }

        var e = Entities()
        var lines: [Int32] = []
        var extraColumns = Array(repeating: StringColumn(), count: h.extra.count)
        for chunk in chunks {
            e.append(contentsOf: chunk.entities)
            lines += chunk.lines
            for k in extraColumns.indices { extraColumns[k].append(contentsOf: chunk.extra[k]) }
        }
        clock.lap("join")
        var index = IDIndex(capacityFor: e.ids.count)
        var row = 0
        for chunk in chunks {
            var next = 0   // the chunk's next diagnostic to pass on
            func pass(through record: Int32, idChecked: Bool) {
                while next < chunk.notes.count {
                    let note = chunk.notes[next]
                    guard note.record < record || (note.record == record && (idChecked || !note.afterID)) else { break }
                    log.add(note.diagnostic)
                    next += 1
                }
            }
            for record in chunk.idRecords {
                pass(through: record, idChecked: false)
                if let first = e.ids.withBytes(row, { index.insert($0, row: UInt32(row), in: e.ids) }) {
                    log.error(file, line: Int(lines[row]), field: "id",
                              "duplicate id '\(e.ids[row])'" + Diagnostic.firstCopy(line: Int(lines[Int(first)])),
                              fix: "ids must be unique: rename one, or merge the two rows")
                }
                row += 1
            }
            pass(through: .max, idChecked: true)
            log.countHidden(errors: chunk.hiddenErrors, warnings: chunk.hiddenWarnings)
            if let unclosed = chunk.unclosed { logUnclosed(unclosed, file: file, log: &log) }
        }
        // After an unclosed quote the rest of the file was not read; relations are still checked
        // against the entities read so far, so that one run shows the problems of both files.
        // (Rows with a repeated id stay in the table: the load fails on them anyway, and relations
        // resolve the id to its first row.)
        clock.lap("index")
        clock.report()
        if e.count == 0 { log.error(file, line: 2, "no entity rows below the header", fix: "add one row per client, prospect, introducer or person") }
        e.extra = zip(h.extra, extraColumns).map { AttributeColumn(name: $0.0.name, values: $0.1) }
        builder.entities = e
        return index
    }

    private static func logUnclosed(_ error: CSVReader.UnclosedQuote, file: String, log: inout DiagnosticLog) {
        log.error(file, line: error.line, field: "field \(error.field)", "quoted field never closed",
                  fix: "close the quote or remove the stray \" on this line")
    }

    /// What one worker read from its piece of entities.csv: the rows that have an id (whether or
    /// not it repeats), and the diagnostics of every record in order.
    struct EntityChunk: Sendable {
        var entities = Entities()
        var lines: [Int32] = []
        var extra: [StringColumn]
        /// The record (counted within the piece) of each row kept.
        var idRecords: [Int32] = []
        /// Diagnostics in record order, each marked by whether it was found after the id check,
        /// so that a duplicate-id error can be slotted in where a sequential read reports it.
        var notes: [(record: Int32, afterID: Bool, diagnostic: Diagnostic)] = []
        var hiddenErrors = 0, hiddenWarnings = 0
        var unclosed: CSVReader.UnclosedQuote?
        let limit: Int
        private var keptErrors = 0, keptWarnings = 0

        init(extraColumns: Int, limit: Int) {
            extra = Array(repeating: StringColumn(), count: extraColumns)
            self.limit = limit
        }

        /// Keeps a record's diagnostics up to the log's limit per severity (the log keeps no more
        /// than that either), counting the rest.
        mutating func note(_ log: DiagnosticLog, record: Int32, afterID: Bool) {
            for d in log.kept {
                switch d.severity {
                case .error:
                    if keptErrors < limit { notes.append((record, afterID, d)); keptErrors += 1 } else { hiddenErrors += 1 }
                case .warning:
                    if keptWarnings < limit { notes.append((record, afterID, d)); keptWarnings += 1 } else { hiddenWarnings += 1 }
                }
            }
        }
    }

    private static func parseEntities(_ reader: CSVReader, range: Range<Int>, startLine: Int, header h: Header,
                                      file: String, limit: Int) -> EntityChunk {
        var chunk = EntityChunk(extraColumns: h.extra.count, limit: limit)
        let c = EntityColumns(h)
        var record: Int32 = 0
        do {
            try reader.forEachRecord(in: range, startLine: startLine) { rec in
                defer { record += 1 }
                let line = rec.line
                // Problems found before and after the id is checked (the check itself, for
                // uniqueness, happens when the pieces are joined).
                var before = DiagnosticLog(limit: Int.max), after = DiagnosticLog(limit: Int.max)
                defer {
                    chunk.note(before, record: record, afterID: false)
                    chunk.note(after, record: record, afterID: true)
                }
                if rec.count > h.width && !(h.width..<rec.count).allSatisfy({ rec.isBlank($0) }) {
                    before.error(file, line: line, "row has \(rec.count) fields but the header has \(h.width)",
                                 fix: "quote values that contain a comma, e.g. \"Acme, Inc.\"")
                }
                // id: required; trimmed so that stray spaces do not make two ids. Every field is
                // checked even when the row cannot be kept, so one run reports all of a row's problems.
                let hasID = !rec.isBlank(c.id)
                if hasID {
                    rec.append(c.id, to: &chunk.entities.ids)
                } else {
                    before.error(file, line: line, field: "id", "empty id", fix: "give every entity a unique, non-empty id")
                }
                if rec.isBlank(c.name) {
                    let id = hasID ? chunk.entities.ids[chunk.entities.ids.count - 1] : ""
                    after.error(file, line: line, field: "name", "empty name for '\(id)'", fix: "give the entity a display name")
                }
                // A NUL or another control character in an id or a name: invisible on screen, so two
                // entities would look the same and a lookup by the shown name would fail.
                for (column, field) in [(c.id, "id"), (c.name, "name")] where column < rec.count && TableLoader.hasControl(rec.rawBytes(column)) {
                    let l = Language.fromEnvironment()
                    after.error(file, line: line, field: field, l("holds a control character (NUL, ESC ...) that cannot be seen", "含有看不见的控制字符（NUL、ESC 等）"),
                                fix: l("remove it; the export that wrote it may be damaged", "请删除；写出该文件的导出可能有损坏"))
                }
                var kind = EntityKind.company
                if let k = c.kind, !rec.isBlank(k) {
                    if let fast = fastKind(rec.rawBytes(k)) { kind = fast } else if let parsed = VocabularyParsing.kind(rec.string(k)) { kind = parsed } else {
                        let s = rec.string(k)
                        let (msg, fix) = VocabularyParsing.unknown(s, what: "kind", valid: EntityKind.allCases.map(\.name))
                        after.error(file, line: line, field: "kind", msg, fix: fix)
                    }
                }
                var status = EntityStatus.prospect
                if let k = c.status, !rec.isBlank(k) {
                    if let fast = fastStatus(rec.rawBytes(k)) { status = fast } else if let parsed = VocabularyParsing.status(rec.string(k)) { status = parsed } else {
                        let s = rec.string(k)
                        let (msg, fix) = VocabularyParsing.unknown(s, what: "status", valid: EntityStatus.allCases.map(\.name))
                        after.error(file, line: line, field: "status", msg, fix: fix)
                    }
                }
                let tier = integer(rec, c.tier, "tier", 1...4, "1 (strategic) to 4", file, line, &after)
                let stage = integer(rec, c.stage, "stage", 1...6, "1 to 6", file, line, &after)
                let value = amount(rec, c.value, "value", file, line, &after)
                let size = amount(rec, c.size, "size", file, line, &after)
                let since = clientSince(rec, c.clientSince, status: status, file, line, &after)
                guard hasID else { return true }
                chunk.idRecords.append(record)
                chunk.lines.append(Int32(line))
                rec.append(c.name, to: &chunk.entities.names)
                chunk.entities.kinds.append(kind)
                chunk.entities.statuses.append(status)
                chunk.entities.industries.append(c.industry.map { rec.trimmed($0) } ?? "")
                chunk.entities.regions.append(c.region.map { rec.trimmed($0) } ?? "")
                chunk.entities.rms.append(c.rm.map { rec.trimmed($0) } ?? "")
                chunk.entities.tiers.append(UInt8(tier ?? 0))
                chunk.entities.stages.append(UInt8(stage ?? 0))
                chunk.entities.values.append(value ?? .nan)
                chunk.entities.sizes.append(size ?? .nan)
                chunk.entities.clientSince.append(since ?? Relations.noDate)
                for (k, x) in h.extra.enumerated() { rec.append(x.column, to: &chunk.extra[k]) }
                return true
            }
        } catch let error as CSVReader.UnclosedQuote {
            chunk.unclosed = error
        } catch {}
        return chunk
    }

    /// `client_since`: a date, not after today, and only on a client or a former client (a
    /// prospect that "became a client" on a day is a contradiction a backtest would trust).
    private static func clientSince(_ rec: borrowing CSVRecord, _ column: Int?, status: EntityStatus,
                                    _ file: String, _ line: Int, _ log: inout DiagnosticLog) -> Int32? {
        guard let column, !rec.isBlank(column) else { return nil }
        let text = rec.trimmed(column)
        guard let day = ValueParsing.parseDay(bytes: rec.rawBytes(column)) ?? ValueParsing.parseDay(text) else {
            log.error(file, line: line, field: "client_since", "'\(text)' is not a date",
                      fix: "write the day the entity became a client as an ISO date such as 2024-03-05, or leave it empty")
            return nil
        }
        let today = Day.today
        guard day <= today else {
            log.error(file, line: line, field: "client_since", "\(day) is in the future (today is \(today))",
                      fix: "write the day the account was opened; a client cannot have been won after today")
            return nil
        }
        guard status == .client || status == .former else {
            log.error(file, line: line, field: "client_since", "\(day) given, but only clients and former clients have a client_since (status is \(status.name))",
                      fix: "set status to client (or former, for a client who left), or clear client_since")
            return nil
        }
        return day.daysSince1970
    }

    private static func integer(_ rec: borrowing CSVRecord, _ column: Int?, _ field: String, _ range: ClosedRange<Int>,
                                _ words: String, _ file: String, _ line: Int, _ log: inout DiagnosticLog) -> Int? {
        guard let column, !rec.isBlank(column) else { return nil }
        if let v = number(rec, column), let i = ValueParsing.integer(v, in: range) { return i }
        let s = rec.trimmed(column)
        log.error(file, line: line, field: field, "'\(s)' is not a whole number from \(words)", fix: "write a number from \(range.lowerBound) to \(range.upperBound) or leave it empty")
        return nil
    }

    /// Field `column` as `ValueParsing.parseNumber` reads its trimmed text; straight from the
    /// bytes when they are plain (no quotes, no surrounding space), without making a `String`:
    /// a million rows, a few such fields each.
    private static func number(_ rec: borrowing CSVRecord, _ column: Int) -> Double? {
        if let clean = rec.cleanBytes(column) { return ValueParsing.parseNumber(bytes: clean) }
        return ValueParsing.parseNumber(rec.trimmed(column))
    }

    private static func amount(_ rec: borrowing CSVRecord, _ column: Int?, _ field: String,
                               _ file: String, _ line: Int, _ log: inout DiagnosticLog) -> Double? {
        guard let column, !rec.isBlank(column) else { return nil }
        let parsed = rec.needsUnescape(column) ? ValueParsing.parseNumber(rec.string(column)) : ValueParsing.parseNumber(bytes: rec.rawBytes(column))
        guard let v = parsed else {
            log.error(file, line: line, field: field, "'\(rec.trimmed(column))' is not a number", fix: "write digits such as 1200000 or 1,200,000, or leave it empty")
            return nil
        }
        guard v.isFinite else {
            log.error(file, line: line, field: field, "'\(rec.trimmed(column))' is not a finite number", fix: "write a real amount or leave it empty")
            return nil
        }
        guard v >= 0 else {
            log.error(file, line: line, field: field, "negative \(field) \(rec.trimmed(column))", fix: "amounts are yearly magnitudes and cannot be negative")
            return nil
        }
        return v
    }

    // MARK: Relations

    /// - Parameter parts: the records after the header cut into pieces (`CSVReader.splitRecords`).
    private static func readRelations(_ reader: CSVReader, file: String, pieces parts: [(range: Range<Int>, line: Int)],
                                      index: IDIndex, into builder: inout GraphBuilder, log: inout DiagnosticLog) {
        var h: Header?
        var headerEnd = 0
        do {
            try reader.forEachRecord { rec in
                h = header(rec, known: relationColumns, required: ["source", "target", "type"], file: file, log: &log)
                headerEnd = rec.end
                return false
            }
        } catch let error as CSVReader.UnclosedQuote {
            log.error(file, line: error.line, field: "field \(error.field)", "quoted field never closed",
                      fix: "close the quote or remove the stray \" on this line")
            return
        } catch { return }
        guard let h else {
            if headerEnd == 0 { log.error(file, "file is empty", fix: "it needs a header row: source,target,type,...") }
            return
        }
        // Rows are independent once entities are indexed, so the file is cut at record boundaries
        // and the pieces are parsed on all cores; results are joined in file order, so relations,
        // diagnostics and merge decisions are exactly those of a sequential read.
        let entities = builder.entities
        let limit = log.limit
        let pieces = parts.concurrentMap { part in
            parseRelations(reader, range: part.range, startLine: part.line, header: h, file: file, index: index,
                           entities: entities, limit: limit)
        }
        var extraColumns = Array(repeating: StringColumn(), count: h.extra.count)
        builder.append(pieces: pieces.map { ($0.relations, $0.lines) })
        for chunk in pieces {
            for k in extraColumns.indices { extraColumns[k].append(contentsOf: chunk.extra[k]) }
            log.merge(chunk.log)
        }
        if !h.extra.isEmpty {
            builder.setRelationExtra(zip(h.extra, extraColumns).map { AttributeColumn(name: $0.0.name, values: $0.1) })
        }
    }

    /// What one worker read from its piece of relations.csv.
    struct RelationChunk: Sendable {
        var relations = Relations()
        var lines: [Int32] = []
        var extra: [StringColumn]
        var log: DiagnosticLog
    }

    private static func parseRelations(_ reader: CSVReader, range: Range<Int>, startLine: Int, header h: Header,
                                       file: String, index: IDIndex, entities: Entities, limit: Int) -> RelationChunk {
        var chunk = RelationChunk(extra: Array(repeating: StringColumn(), count: h.extra.count), log: DiagnosticLog(limit: limit))
        let cols = RelationColumns(h)
        let ids = entities.ids
        var unknownSuggestions = 0
        var nameLookup: [String: Int]?
        // Exports list a source's relations together (a generated world always does), so most
        // rows repeat the previous row's source: comparing its bytes with the last ones found
        // spares a random probe of the id index (tens of MB, a cache miss) per row.
        var lastSource: (bytes: UnsafeBufferPointer<UInt8>, row: UInt32)?
        do {
            try reader.forEachRecord(in: range, startLine: startLine) { rec in
                let line = rec.line
                var rowOK = true
                if rec.count > h.width && !(h.width..<rec.count).allSatisfy({ rec.isBlank($0) }) {
                    chunk.log.error(file, line: line, "row has \(rec.count) fields but the header has \(h.width)",
                              fix: "quote values that contain a comma")
                    rowOK = false
                }
                func endpoint(_ field: String, _ c: Int) -> Int? {
                    if rec.isBlank(c) {
                        chunk.log.error(file, line: line, field: field, "empty \(field)", fix: "give the id of an entity in entities.csv")
                        return nil
                    }
                    var found: UInt32?
                    if !rec.needsUnescape(c) {
                        let raw = rec.rawBytes(c)
                        if raw.first != 0x20 && raw.last != 0x20 {
                            if c == cols.source, let last = lastSource, IDIndex.equal(last.bytes, raw) {
                                found = last.row
                            } else {
                                found = index.find(raw, in: ids)
                                if c == cols.source, let found { lastSource = (raw, found) }
                            }
                        }
                    }
                    if found == nil {
                        var id = rec.trimmed(c)
                        found = id.withUTF8 { index.find($0, in: ids) }
                    }
                    if let found { return Int(found) }
                    let id = rec.trimmed(c)
                    var fix = "add '\(id)' to entities.csv or correct the id"
                    if unknownSuggestions < 20 {
                        unknownSuggestions += 1
                        if nameLookup == nil {
                            var lookup: [String: Int] = [:]
                            for i in 0..<entities.count { lookup[entities.names[i]] = i }
                            nameLookup = lookup
                        }
                        if let byName = nameLookup?[id] {
                            fix = "'\(id)' is the name of entity \(ids[byName]); use its id"
                        } else if ids.count <= 200_000, id.count >= 3, let near = nearestID(id, ids) {
                            fix = "did you mean '\(near)'? otherwise add '\(id)' to entities.csv"
                        }
                    }
                    chunk.log.error(file, line: line, field: field, "unknown entity '\(id)'", fix: fix)
                    return nil
                }
                let source = endpoint("source", cols.source), target = endpoint("target", cols.target)
                var type: RelationType?
                let typeColumn = cols.type
                if rec.isBlank(typeColumn) {
                    chunk.log.error(file, line: line, field: "type", "empty type", fix: "valid: " + RelationType.allCases.map(\.name).joined(separator: ", "))
                } else {
                    type = fastType(rec.rawBytes(typeColumn)) ?? VocabularyParsing.type(rec.string(typeColumn))
                    if type == nil {
                        let (msg, fix) = VocabularyParsing.unknown(rec.string(typeColumn), what: "relation type", valid: RelationType.allCases.map(\.name))
                        chunk.log.error(file, line: line, field: "type", msg, fix: fix)
                    }
                }
                var weight = Double.nan
                if let c = cols.weight, !rec.isBlank(c) {
                    let parsed = rec.needsUnescape(c) ? ValueParsing.parseNumber(rec.string(c)) : ValueParsing.parseNumber(bytes: rec.rawBytes(c))
                    let text = { rec.trimmed(c) }
                    if let v = parsed, v.isFinite, v >= 0 {
                        if type == .owns && v > 1 {
                            chunk.log.error(file, line: line, field: "weight", "equity share \(text()) is above 1",
                                      fix: v <= 100 ? "write shares as fractions: \(text()) percent is \(v / 100) (or write \(text())%)" : "an equity share is between 0 and 1")
                            rowOK = false
                        } else { weight = v }
                    } else {
                        let what = parsed == nil ? "'\(text())' is not a number" : (parsed!.isFinite ? "negative weight \(text())" : "'\(text())' is not a finite number")
                        chunk.log.error(file, line: line, field: "weight", what, fix: "write a volume, share or amount >= 0, or leave it empty")
                        rowOK = false
                    }
                }
                var strength = Double.nan
                if let c = cols.strength, !rec.isBlank(c) {
                    if let v = number(rec, c), v > 0, v <= 1 { strength = v } else {
                        chunk.log.error(file, line: line, field: "strength", "'\(rec.trimmed(c))' is outside (0, 1]",
                                  fix: "tie strength is a number above 0 and at most 1 (1 = strongest); leave it empty for the default")
                        rowOK = false
                    }
                }
                var date = Relations.noDate
                if let c = cols.date, !rec.isBlank(c) {
                    if let d = ValueParsing.parseDay(bytes: rec.rawBytes(c)) ?? ValueParsing.parseDay(rec.trimmed(c)) { date = d.daysSince1970 } else {
                        chunk.log.error(file, line: line, field: "date", "'\(rec.trimmed(c))' is not a date", fix: "write an ISO date such as 2025-03-05")
                        rowOK = false
                    }
                }
                var outcome = ReferralOutcome.none
                if let c = cols.outcome, !rec.isBlank(c) {
                    let s = rec.trimmed(c)
                    if let o = VocabularyParsing.outcome(s) {
                        outcome = o
                        if let type, type != .refers {
                            chunk.log.warning(file, line: line, field: "outcome", "outcome '\(s)' on a \(type.name) relation", fix: "only refers relations use it; kept as given")
                        }
                    } else {
                        chunk.log.error(file, line: line, field: "outcome", "'\(s)' is not a referral outcome", fix: "valid: won, pending, lost, or empty")
                        rowOK = false
                    }
                }
                guard rowOK, let source, let target, let type else { return true }
                if source == target {
                    chunk.log.warning(file, line: line, field: "source,target", "relation from '\(ids[source])' to itself", fix: "kept; check whether another entity was meant")
                }
                chunk.relations.append(source: UInt32(source), target: UInt32(target), type: type, weight: weight,
                                       strength: strength, date: date, outcome: outcome)
                chunk.lines.append(Int32(truncatingIfNeeded: line))
                for (k, x) in h.extra.enumerated() { rec.append(x.column, to: &chunk.extra[k]) }
                return true
            }
        } catch let error as CSVReader.UnclosedQuote {
            chunk.log.error(file, line: error.line, field: "field \(error.field)", "quoted field never closed",
                            fix: "close the quote or remove the stray \" on this line")
        } catch {}
        return chunk
    }

    @inline(__always)
    private static func fastKind(_ raw: UnsafeBufferPointer<UInt8>) -> EntityKind? {
        if equal(raw, "company") { return .company }
        if equal(raw, "person") { return .person }
        if equal(raw, "institution") { return .institution }
        return nil
    }

    @inline(__always)
    private static func fastStatus(_ raw: UnsafeBufferPointer<UInt8>) -> EntityStatus? {
        if equal(raw, "prospect") { return .prospect }
        if equal(raw, "client") { return .client }
        if equal(raw, "other_bank") { return .otherBank }
        if equal(raw, "former") { return .former }
        return nil
    }

    /// The relation type from exact lowercase ASCII bytes, without making a `String`.
    @inline(__always)
    private static func fastType(_ raw: UnsafeBufferPointer<UInt8>) -> RelationType? {
        guard let first = raw.first else { return nil }
        switch (first, raw.count) {
        case (0x73, 8): return equal(raw, "supplies") ? .supplies : nil
        case (0x6F, 4): return equal(raw, "owns") ? .owns : nil
        case (0x67, 10): return equal(raw, "guarantees") ? .guarantees : nil
        case (0x72, 6): return equal(raw, "refers") ? .refers : nil
        case (0x6B, 5): return equal(raw, "knows") ? .knows : nil
        case (0x77, 8): return equal(raw, "works_at") ? .worksAt : nil
        case (0x6D, 9): return equal(raw, "member_of") ? .memberOf : nil
        default: return nil
        }
    }

    private static func equal(_ raw: UnsafeBufferPointer<UInt8>, _ word: StaticString) -> Bool {
        guard raw.count == word.utf8CodeUnitCount else { return false }
        let w = word.utf8Start
        for k in 0..<raw.count where raw[k] != w[k] { return false }
        return true
    }

    /// The id nearest to `id` by edit distance, for "did you mean" on an unknown endpoint.
    private static func nearestID(_ id: String, _ ids: StringColumn) -> String? {
        let limit = max(1, id.count / 4)
        var best: (Int, Int)?
        for i in 0..<ids.count {
            let candidate = ids[i]
            if abs(candidate.utf8.count - id.utf8.count) > limit { continue }
            let d = Suggest.distance(id, candidate, limit: limit)
            if d <= limit && (best == nil || d < best!.1) { best = (i, d) }
        }
        return best.map { ids[$0.0] }
    }
}

/// Phase timings, printed to standard error when RELMAP_TRACE is set: where a load's time goes.
struct PhaseClock {
    private let label: String
    private var last = DispatchTime.now()
    private var laps: [(String, Double)] = []
    private let enabled = ProcessInfo.processInfo.environment["RELMAP_TRACE"] != nil

    init(label: String = "load") { self.label = label }

    mutating func lap(_ name: String) {
        guard enabled else { return }
        let now = DispatchTime.now()
        laps.append((name, Double(now.uptimeNanoseconds - last.uptimeNanoseconds) / 1e9))
        last = now
    }

    func report() {
        guard enabled else { return }
        let text = laps.map { "\($0.0) \(String(format: "%.3f", $0.1)) s" }.joined(separator: ", ")
        FileHandle.standardError.write(Data("\(label): \(text)\n".utf8))
    }
}
