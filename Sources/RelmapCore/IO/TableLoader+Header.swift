import Foundation

/// Header rows: which column is which contract field.
extension TableLoader {
    /// Maps header names to known fields; extra columns become attributes.
    struct Header {
        /// Known column name -> position. Looked up once per file into `Columns`, never per row.
        var known: [String: Int] = [:]
        var extra: [(name: String, column: Int)] = []
        var width = 0
    }

    /// Reads a header row: contract columns by name or by alias (`ColumnAliases`), other columns as
    /// attributes. Empty cells after the last named column are ignored (Excel saves a sheet's
    /// formatted but empty columns so); an empty cell between named ones is an error.
    static func header(
        _ record: borrowing CSVRecord, known names: [String], aliases: [String: String], required: [String],
        file: String, log: inout DiagnosticLog
    ) -> Header? {
        var h = Header()
        h.width = record.count
        var seen: [String: Int] = [:]
        var lastNamed = -1
        for c in 0..<record.count where !record.trimmed(c).isEmpty { lastNamed = c }
        for c in 0..<record.count {
            let raw = record.trimmed(c)
            let key = raw.lowercased()
            if raw.isEmpty {
                if c < lastNamed {
                    log.error(
                        file, line: record.line, field: "column \(c + 1)", "header has an empty column name", fix: "name the column or delete it")
                }
                continue
            }
            if let first = seen[key] {
                log.error(
                    file, line: record.line, field: raw, "column appears twice (columns \(first + 1) and \(c + 1))",
                    fix: "rename or delete one of them")
                continue
            }
            seen[key] = c
            let column = names.contains(key) ? key : aliases[raw] ?? aliases[key]
            if let column {
                if let other = h.known[column] {
                    log.error(
                        file, line: record.line, field: raw,
                        "columns \(other + 1) and \(c + 1) both mean '\(column)' / 第 \(other + 1) 列和第 \(c + 1) 列都表示“\(column)”",
                        fix: "keep one of them, or rename the other so that it is kept as an attribute")
                } else {
                    h.known[column] = c
                }
            } else {
                h.extra.append((raw, c))
                let candidates = names + aliases.keys.sorted()  // sorted: a tie must not depend on hashing
                if let near = Suggest.closest(to: key, among: candidates), near != key, Suggest.distance(key, near) <= max(1, key.count / 4) {
                    let meant = aliases[near] ?? near
                    log.warning(
                        file, line: record.line, field: raw,
                        "column kept as an attribute; did you mean '\(near)' (\(meant))? / 该列按附加属性读入；是否应为“\(near)”（\(meant)）？",
                        fix: "rename the column to '\(meant)' if it holds that field")
                }
            }
        }
        for name in required where h.known[name] == nil {
            let near = Suggest.closest(to: name, among: h.extra.map { $0.name.lowercased() })
            let also = ColumnAliases.listed(aliases, columns: [name]).first.map { " (or " + $0.aliases.joined(separator: ", ") + ")" } ?? ""
            log.error(
                file, line: record.line, field: name, "required column is missing (found: \(seen.keys.sorted().joined(separator: ", ")))",
                fix: near.map { "rename column '\($0)' to '\(name)'" } ?? "add a '\(name)'\(also) column to the header row")
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
            id = h.known["id"]!
            name = h.known["name"]!
            kind = h.known["kind"]
            status = h.known["status"]
            industry = h.known["industry"]
            region = h.known["region"]
            tier = h.known["tier"]
            rm = h.known["rm"]
            value = h.known["value"]
            size = h.known["size"]
            stage = h.known["stage"]
            clientSince = h.known["client_since"]
        }
    }

    /// Positions of the relation columns, resolved from the header once.
    struct RelationColumns {
        let source: Int, target: Int, type: Int
        let weight: Int?, strength: Int?, date: Int?, outcome: Int?
        init(_ h: Header) {
            source = h.known["source"]!
            target = h.known["target"]!
            type = h.known["type"]!
            weight = h.known["weight"]
            strength = h.known["strength"]
            date = h.known["date"]
            outcome = h.known["outcome"]
        }
    }
}
