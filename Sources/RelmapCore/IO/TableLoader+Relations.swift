import Foundation

/// relations.csv rows: endpoints resolved through the id index, in parallel pieces.
extension TableLoader {
    /// - Parameter parts: the records after the header cut into pieces (`CSVReader.splitRecords`).
    static func readRelations(
        _ reader: CSVReader, file: String, pieces parts: [(range: Range<Int>, line: Int)],
        index: IDIndex, into builder: inout GraphBuilder, log: inout DiagnosticLog
    ) {
        var h: Header?
        var headerEnd = 0
        do {
            try reader.forEachRecord { rec in
                h = header(
                    rec, known: relationColumns, aliases: ColumnAliases.relations, required: ["source", "target", "type"], file: file, log: &log)
                headerEnd = rec.end
                return false
            }
        } catch let error as CSVReader.UnclosedQuote {
            error.log(file, into: &log)
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
            parseRelations(
                reader, range: part.range, startLine: part.line, header: h, file: file, index: index,
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

    static func parseRelations(
        _ reader: CSVReader, range: Range<Int>, startLine: Int, header h: Header,
        file: String, index: IDIndex, entities: Entities, limit: Int
    ) -> RelationChunk {
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
                if (0..<rec.count).allSatisfy({ rec.isBlank($0) }) { return true }
                let line = rec.line
                var rowOK = true
                if rec.count > h.width && !(h.width..<rec.count).allSatisfy({ rec.isBlank($0) }) {
                    chunk.log.error(
                        file, line: line, "row has \(rec.count) fields but the header has \(h.width)",
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
                    chunk.log.error(
                        file, line: line, field: "type", "empty type", fix: "valid: " + RelationType.allCases.map(\.name).joined(separator: ", "))
                } else {
                    type = fastType(rec.rawBytes(typeColumn)) ?? VocabularyParsing.type(rec.string(typeColumn))
                    if type == nil {
                        let (msg, fix) = VocabularyParsing.unknown(
                            rec.string(typeColumn), what: "relation type", valid: RelationType.allCases.map(\.name))
                        chunk.log.error(file, line: line, field: "type", msg, fix: fix)
                    }
                }
                var weight = Double.nan
                if let c = cols.weight, !rec.isBlank(c) {
                    let parsed = rec.needsUnescape(c) ? ValueParsing.parseNumber(rec.string(c)) : ValueParsing.parseNumber(bytes: rec.rawBytes(c))
                    let text = { rec.trimmed(c) }
                    if let v = parsed, v.isFinite, v >= 0 {
                        if type == .owns && v > 1 {
                            chunk.log.error(
                                file, line: line, field: "weight", "equity share \(text()) is above 1",
                                fix: v <= 100
                                    ? "write shares as fractions: \(text()) percent is \(v / 100) (or write \(text())%)"
                                    : "an equity share is between 0 and 1")
                            rowOK = false
                        } else {
                            weight = v
                        }
                    } else {
                        let what =
                            parsed == nil
                            ? "'\(text())' is not a number" : (parsed!.isFinite ? "negative weight \(text())" : "'\(text())' is not a finite number")
                        chunk.log.error(file, line: line, field: "weight", what, fix: "write a volume, share or amount >= 0, or leave it empty")
                        rowOK = false
                    }
                }
                var strength = Double.nan
                if let c = cols.strength, !rec.isBlank(c) {
                    if let v = number(rec, c), v > 0, v <= 1 {
                        strength = v
                    } else {
                        chunk.log.error(
                            file, line: line, field: "strength", "'\(rec.trimmed(c))' is outside (0, 1]",
                            fix: "tie strength is a number above 0 and at most 1 (1 = strongest); leave it empty for the default")
                        rowOK = false
                    }
                }
                var date = Relations.noDate
                if let c = cols.date, !rec.isBlank(c) {
                    if let d = ValueParsing.parseDay(bytes: rec.rawBytes(c)) ?? ValueParsing.parseDay(rec.trimmed(c)) {
                        date = d.daysSince1970
                    } else {
                        chunk.log.error(
                            file, line: line, field: "date", "'\(rec.trimmed(c))' is not a date", fix: "write an ISO date such as 2025-03-05")
                        rowOK = false
                    }
                }
                var outcome = ReferralOutcome.none
                if let c = cols.outcome, !rec.isBlank(c) {
                    let s = rec.trimmed(c)
                    if let o = VocabularyParsing.outcome(s) {
                        outcome = o
                        if let type, type != .refers {
                            chunk.log.warning(
                                file, line: line, field: "outcome", "outcome '\(s)' on a \(type.name) relation",
                                fix: "only refers relations use it; kept as given")
                        }
                    } else {
                        chunk.log.error(
                            file, line: line, field: "outcome", "'\(s)' is not a referral outcome", fix: "valid: won, pending, lost, or empty")
                        rowOK = false
                    }
                }
                guard rowOK, let source, let target, let type else { return true }
                if source == target {
                    chunk.log.warning(
                        file, line: line, field: "source,target", "relation from '\(ids[source])' to itself",
                        fix: "kept; check whether another entity was meant")
                }
                chunk.relations.append(
                    source: UInt32(source), target: UInt32(target), type: type, weight: weight,
                    strength: strength, date: date, outcome: outcome)
                chunk.lines.append(Int32(truncatingIfNeeded: line))
                for (k, x) in h.extra.enumerated() { rec.append(x.column, to: &chunk.extra[k]) }
                return true
            }
        } catch let error as CSVReader.UnclosedQuote {
            error.log(file, into: &chunk.log)
        } catch {}
        return chunk
    }
}
