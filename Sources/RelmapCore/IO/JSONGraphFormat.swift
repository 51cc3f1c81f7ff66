import Foundation

/// One JSON document: `{"entities": [{...}], "relations": [{...}]}` with the contract's field
/// names; numbers may be JSON numbers or strings, empty fields are left out.
public enum JSONGraphFormat {
    /// Reads the document into contract tables.
    public static func read(path: String, log: inout DiagnosticLog) throws -> GraphTables? {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw RelmapError.io(path: path, reason: "cannot be read")
        }
        let object: Any
        do { object = try JSONSerialization.jsonObject(with: data) } catch {
            let detail = (error as NSError).userInfo["NSDebugDescription"] as? String ?? "\(error)"
            log.error(path, "not valid JSON: \(detail)", fix: "check the file with a JSON validator")
            return nil
        }
        var longNumbers: [Int] = []
        let duplicates = data.withUnsafeBytes { JSONDuplicateKeys.scan($0.bindMemory(to: UInt8.self), limit: 50, longNumbers: &longNumbers) }
        if !duplicates.isEmpty || !longNumbers.isEmpty {
            let l = Language.fromEnvironment()
            for d in duplicates {
                log.error(
                    path, line: d.line, field: d.key, l("key appears twice in one object; which value is meant is unknown", "同一对象中键出现了两次，无法判断以哪个值为准"),
                    fix: l("keep one of them", "请只保留一个"))
            }
            let digits = JSONDuplicateKeys.exactDigits
            for line in longNumbers {
                log.error(
                    path, line: line, l("a number with more than \(digits) digits, which cannot be read exactly", "数字超过 \(digits) 位，无法精确读入"),
                    fix: l("write it as a string, in quotes (an account or id number is text)", "请加引号写成字符串（账号、编号是文本）"))
            }
            return nil
        }
        guard let root = object as? [String: Any] else {
            log.error(path, "the document is not a JSON object", fix: "write {\"entities\": [...], \"relations\": [...]}")
            return nil
        }
        func table(_ key: String, known: [String], required: [String]) -> GraphTables.Table? {
            guard let items = root[key] as? [Any] else {
                log.error(path, field: key, "missing '\(key)' array", fix: "add \"\(key)\": [...] at the top level")
                return nil
            }
            // A set beside the ordered header: a record with 100,000 keys took minutes with
            // `header.contains` (quadratic).
            var header: [String] = [], inHeader = Set<String>()
            var rows: [[String: String]] = []
            var origins: [(line: Int?, label: String)] = []
            // The JSON type all values of a field share (null says nothing), for extra columns.
            var types: [String: AttributeType] = [:]
            for (k, item) in items.enumerated() {
                guard let dict = item as? [String: Any] else {
                    log.error(path, field: "\(key)[\(k)]", "not an object", fix: "each item is an object such as {\"id\": \"C1\", \"name\": \"...\"}")
                    continue
                }
                var row: [String: String] = [:]
                for (field, value) in dict {
                    if inHeader.insert(field).inserted { header.append(field) }
                    let type: AttributeType
                    switch value {
                    case let s as String:
                        row[field] = s
                        type = .text
                    case is NSNull:
                        row[field] = ""
                        continue
                    case let b as Bool where String(cString: (value as! NSNumber).objCType) == "c":
                        row[field] = b ? "true" : "false"
                        type = .boolean
                    case let n as NSNumber:
                        let (text, numberType) = number(n)
                        row[field] = text
                        type = numberType
                    default:
                        log.error(path, field: "\(key)[\(k)].\(field)", "nested value", fix: "use a string or a number")
                        continue
                    }
                    types[field] = types[field].map { $0.joined(with: type) } ?? type
                }
                rows.append(row)
                origins.append((nil, "\(key)[\(k)]"))
            }
            // No items: the required columns still make a header, so that a graph with no
            // relations (valid in CSV) reads back instead of being "empty".
            if items.isEmpty { header = required }
            // Contract columns first, in contract order; others in order of first appearance.
            let knownSet = Set(known)
            let ordered = known.filter { inHeader.contains($0) || header.contains($0) } + header.filter { !knownSet.contains($0) }.sorted()
            var t = GraphTables.Table(header: ordered, rows: rows.map { r in ordered.map { r[$0] ?? "" } })
            t.origins = origins
            t.types = types.filter { !knownSet.contains($0.key) && $0.value != .text }
            return t
        }
        guard let e = table("entities", known: TableLoader.entityColumns, required: ["id", "name"]),
            let r = table("relations", known: TableLoader.relationColumns, required: ["source", "target", "type"])
        else { return nil }
        return GraphTables(entities: e, relations: r)
    }

    /// A JSON number as exact text, and whether it was written as an integer. Integers come as
    /// Int64 or UInt64 and numbers past them (or with more digits than a double holds) as
    /// NSDecimalNumber, whose text is exact but whose `doubleValue` is not correctly rounded
    /// (0.30000000000000004 came back as 0.3000000000000001): its text is kept, and parsed
    /// later as every CSV number is.
    static func number(_ n: NSNumber) -> (String, AttributeType) {
        if n is NSDecimalNumber {
            let s = n.stringValue
            return (s, s.utf8.contains { $0 == 0x2E || $0 == 0x65 || $0 == 0x45 } ? .number : .integer)
        }
        switch String(cString: n.objCType) {
        case "d", "f": return (NumberFormatting.plain(n.doubleValue), .number)
        default: return (n.stringValue, .integer)
        }
    }

    /// The graph as one JSON document, streamed to `out`; fields that are empty are left out,
    /// keys sorted, numbers of the numeric fields written as JSON numbers (whole ones without a
    /// fraction). Written record by record through `OutputFile`'s buffer, never held whole:
    /// JSONSerialization needed over a minute for a 200k-entity world.
    /// - Complexity: O(size of the document) time, O(1 MB) memory besides the tables.
    public static func write(_ tables: GraphTables, to out: OutputFile) throws {
        func objects(_ t: GraphTables.Table, numeric: Set<String>) throws {
            let order = t.header.indices.sorted { t.header[$0] < t.header[$1] }
            let keys = t.header.map { "      " + quoted($0) + " : " }
            let isNumeric = t.header.map { numeric.contains($0) }
            let types = t.header.map { t.types[$0] ?? .text }
            guard !t.rows.isEmpty else {
                try out.write("[]")
                return
            }
            try out.write("[\n")
            for (r, row) in t.rows.enumerated() {
                var o = "    {\n"
                var first = true
                for k in order where !row[k].isEmpty {
                    if !first { o += ",\n" }
                    first = false
                    o += keys[k]
                    if isNumeric[k], let v = Double(row[k]), v.isFinite {
                        o += v == v.rounded() && abs(v) < 1e15 ? String(Int64(v)) : "\(v)"
                    } else {
                        o += literal(row[k], types[k])
                    }
                }
                o += first ? "    }" : "\n    }"
                o += r + 1 < t.rows.count ? ",\n" : "\n"
                try out.write(o)
            }
            try out.write("  ]")
        }
        try out.write("{\n  \"entities\" : ")
        try objects(tables.entities, numeric: ["tier", "value", "size", "stage"])
        try out.write(",\n  \"relations\" : ")
        try objects(tables.relations, numeric: ["weight", "strength"])
        try out.write("\n}\n")
    }

    /// An extra attribute's value as its type is written in JSON: integers as they are (every
    /// digit, past 2^53 too: JSON sets no limit and `read` keeps them exact), numbers with a
    /// fraction or an exponent so that they read back as numbers and not integers, booleans as
    /// `true`/`false`. A value that is not of its column's type (an edit since) is a string.
    static func literal(_ value: String, _ type: AttributeType) -> String {
        switch type {
        case .integer where AttributeType.isJSONInteger(value):
            return value
        case .number where AttributeType.isJSONNumber(value):
            return AttributeType.isJSONInteger(value) ? value + ".0" : value
        case .boolean where value == "true" || value == "false":
            return value
        default:
            return quoted(value)
        }
    }

    /// A JSON string literal: quotes, backslashes and control characters escaped.
    static func quoted(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where u.value < 0x20:
                let hex = String(u.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(u)
            }
        }
        return out + "\""
    }
}
