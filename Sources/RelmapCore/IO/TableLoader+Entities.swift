import Foundation

/// entities.csv rows, in parallel pieces joined in file order.
extension TableLoader {
    static func readEntities(
        _ reader: CSVReader, file: String, into builder: inout GraphBuilder,
        log: inout DiagnosticLog, pieces: Int
    ) -> IDIndex? {
        var h: Header?
        var headerSeen = false
        var unclosed: CSVReader.UnclosedQuote?
        do {
            try reader.forEachRecord { rec in
                headerSeen = true
                h = header(rec, known: entityColumns, aliases: ColumnAliases.entities, required: ["id", "name"], file: file, log: &log)
                return false
            }
        } catch let error as CSVReader.UnclosedQuote { unclosed = error } catch {}
        guard let h, unclosed == nil else {
            if let unclosed { unclosed.log(file, into: &log) }
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
            var next = 0  // the chunk's next diagnostic to pass on
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
                    log.error(
                        file, line: Int(lines[row]), field: "id",
                        "duplicate id '\(e.ids[row])'" + Diagnostic.firstCopy(line: Int(lines[Int(first)])),
                        fix: "ids must be unique: rename one, or merge the two rows")
                }
                row += 1
            }
            pass(through: .max, idChecked: true)
            log.countHidden(errors: chunk.hiddenErrors, warnings: chunk.hiddenWarnings)
            if let unclosed = chunk.unclosed { unclosed.log(file, into: &log) }
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
                    if keptErrors < limit {
                        notes.append((record, afterID, d))
                        keptErrors += 1
                    } else {
                        hiddenErrors += 1
                    }
                case .warning:
                    if keptWarnings < limit {
                        notes.append((record, afterID, d))
                        keptWarnings += 1
                    } else {
                        hiddenWarnings += 1
                    }
                }
            }
        }
    }

    static func parseEntities(
        _ reader: CSVReader, range: Range<Int>, startLine: Int, header h: Header,
        file: String, limit: Int
    ) -> EntityChunk {
        var chunk = EntityChunk(extraColumns: h.extra.count, limit: limit)
        let c = EntityColumns(h)
        var record: Int32 = 0
        do {
            try reader.forEachRecord(in: range, startLine: startLine) { rec in
                defer { record += 1 }
                // A row of empty fields (Excel saves the sheet's formatted but empty rows so) holds nothing.
                if (0..<rec.count).allSatisfy({ rec.isBlank($0) }) { return true }
                let line = rec.line
                // Problems found before and after the id is checked (the check itself, for
                // uniqueness, happens when the pieces are joined).
                var before = DiagnosticLog(limit: Int.max), after = DiagnosticLog(limit: Int.max)
                defer {
                    chunk.note(before, record: record, afterID: false)
                    chunk.note(after, record: record, afterID: true)
                }
                if rec.count > h.width && !(h.width..<rec.count).allSatisfy({ rec.isBlank($0) }) {
                    before.error(
                        file, line: line, "row has \(rec.count) fields but the header has \(h.width)",
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
                    after.error(
                        file, line: line, field: field, l("holds a control character (NUL, ESC ...) that cannot be seen", "含有看不见的控制字符（NUL、ESC 等）"),
                        fix: l("remove it; the export that wrote it may be damaged", "请删除；写出该文件的导出可能有损坏"))
                }
                var kind = EntityKind.company
                if let k = c.kind, !rec.isBlank(k) {
                    if let fast = fastKind(rec.rawBytes(k)) {
                        kind = fast
                    } else if let parsed = VocabularyParsing.kind(rec.string(k)) {
                        kind = parsed
                    } else {
                        let s = rec.string(k)
                        let (msg, fix) = VocabularyParsing.unknown(s, what: "kind", valid: EntityKind.allCases.map(\.name))
                        after.error(file, line: line, field: "kind", msg, fix: fix)
                    }
                }
                var status = EntityStatus.prospect
                if let k = c.status, !rec.isBlank(k) {
                    if let fast = fastStatus(rec.rawBytes(k)) {
                        status = fast
                    } else if let parsed = VocabularyParsing.status(rec.string(k)) {
                        status = parsed
                    } else {
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
    static func clientSince(
        _ rec: borrowing CSVRecord, _ column: Int?, status: EntityStatus,
        _ file: String, _ line: Int, _ log: inout DiagnosticLog
    ) -> Int32? {
        guard let column, !rec.isBlank(column) else { return nil }
        let text = rec.trimmed(column)
        guard let day = ValueParsing.parseDay(bytes: rec.rawBytes(column)) ?? ValueParsing.parseDay(text) else {
            log.error(
                file, line: line, field: "client_since", "'\(text)' is not a date",
                fix: "write the day the entity became a client as an ISO date such as 2024-03-05, or leave it empty")
            return nil
        }
        let today = Day.today
        guard day <= today else {
            log.error(
                file, line: line, field: "client_since", "\(day) is in the future (today is \(today))",
                fix: "write the day the account was opened; a client cannot have been won after today")
            return nil
        }
        guard status == .client || status == .former else {
            log.error(
                file, line: line, field: "client_since",
                "\(day) given, but only clients and former clients have a client_since (status is \(status.name))",
                fix: "set status to client (or former, for a client who left), or clear client_since")
            return nil
        }
        return day.daysSince1970
    }

    static func integer(
        _ rec: borrowing CSVRecord, _ column: Int?, _ field: String, _ range: ClosedRange<Int>,
        _ words: String, _ file: String, _ line: Int, _ log: inout DiagnosticLog
    ) -> Int? {
        guard let column, !rec.isBlank(column) else { return nil }
        if let v = number(rec, column), let i = ValueParsing.integer(v, in: range) { return i }
        let s = rec.trimmed(column)
        log.error(
            file, line: line, field: field, "'\(s)' is not a whole number from \(words)",
            fix: "write a number from \(range.lowerBound) to \(range.upperBound) or leave it empty")
        return nil
    }

    /// Field `column` as `ValueParsing.parseNumber` reads its trimmed text; straight from the
    /// bytes when they are plain (no quotes, no surrounding space), without making a `String`:
    /// a million rows, a few such fields each.
    static func number(_ rec: borrowing CSVRecord, _ column: Int) -> Double? {
        if let clean = rec.cleanBytes(column) { return ValueParsing.parseNumber(bytes: clean) }
        return ValueParsing.parseNumber(rec.trimmed(column))
    }

    static func amount(
        _ rec: borrowing CSVRecord, _ column: Int?, _ field: String,
        _ file: String, _ line: Int, _ log: inout DiagnosticLog
    ) -> Double? {
        guard let column, !rec.isBlank(column) else { return nil }
        let parsed = rec.needsUnescape(column) ? ValueParsing.parseNumber(rec.string(column)) : ValueParsing.parseNumber(bytes: rec.rawBytes(column))
        guard let v = parsed else {
            log.error(
                file, line: line, field: field, "'\(rec.trimmed(column))' is not a number",
                fix: "write digits such as 1200000 or 1,200,000, or leave it empty")
            return nil
        }
        guard v.isFinite else {
            log.error(file, line: line, field: field, "'\(rec.trimmed(column))' is not a finite number", fix: "write a real amount or leave it empty")
            return nil
        }
        guard v >= 0 else {
            log.error(
                file, line: line, field: field, "negative \(field) \(rec.trimmed(column))",
                fix: "amounts are yearly magnitudes and cannot be negative")
            return nil
        }
        return v
    }
}
