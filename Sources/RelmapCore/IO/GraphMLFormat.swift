import Foundation

/// GraphML, so that networkx, Gephi, yEd and Neo4j exports come in and go out. Node ids are entity
/// ids; every contract field and extra column is a `<data>` element whose key's `attr.name` is the
/// field name. Relations are directed edges; `knows` is symmetric by its type, not by the file.
public enum GraphMLFormat {
    /// Reads a GraphML file into contract tables, streaming (see `XMLTokenizer`): malformed XML,
    /// bytes that are not UTF-8 and refused entities are one error with their line, and nothing
    /// is returned; data problems (a node without an id, a key given twice) are all listed.
    /// - Complexity: O(n) in the file's size; memory O(entities + relations) for the tables.
    public static func read(path: String, log: inout DiagnosticLog) throws -> GraphTables? {
        try read(path: path, log: &log, lang: .fromEnvironment())
    }

    static func read(path: String, log: inout DiagnosticLog, lang: Language) throws -> GraphTables? {
        guard let bytes = TextBytes.mapping(path) ?? GraphLoader.readWhole(path).map(TextBytes.init) else {
            throw RelmapError.io(path: path, reason: lang("cannot be read; check the path and its permissions", "无法读取；请检查路径和权限"))
        }
        return bytes.withUnsafeBufferPointer { parse($0, file: path, log: &log, lang: lang) }
    }

    /// Parses GraphML bytes; `file` names them in diagnostics.
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>, file: String, log: inout DiagnosticLog, lang: Language) -> GraphTables? {
        var reader = Reader(lang: lang)
        var xml = XMLTokenizer(bytes)
        xml.wantText = false
        do {
            while true {
                let event = try xml.next()
                if case .endOfDocument = event { break }
                reader.handle(event, xml: &xml)
                if reader.fatal { break }
            }
        } catch {
            log.error(
                file, line: error.line, lang("not well-formed XML: ", "XML 格式错误：") + error.message.text(lang),
                fix: lang(
                    "nothing was read from this file; fix it at that line (xmllint --noout shows the same)",
                    "本文件未读入任何数据；请在该行修正（xmllint --noout 可核对）"))
            return nil
        }
        for problem in reader.problems { log.error(file, line: problem.line, problem.message, fix: problem.fix) }
        if !reader.problems.isEmpty { return nil }
        adapt(&reader, file: file, log: &log, lang: lang)
        var entities = reader.nodes.table(known: TableLoader.entityColumns, always: ["id"])
        var relations = reader.edges.table(known: TableLoader.relationColumns, always: ["source", "target", "type"])
        for (isNode, known) in [(true, TableLoader.entityColumns), (false, TableLoader.relationColumns)] {
            // Declared types of the extra fields of this element kind, by field name.
            var declared: [String: (type: AttributeType, name: String)] = [:]
            for (id, t) in reader.keyTypes where t.type != .text {
                guard let key = reader.keys[id], key.domain == (isNode ? "node" : "edge") || key.domain == "all",
                    !known.contains(key.name)
                else { continue }
                declared[key.name] = t
            }
            guard !declared.isEmpty else { continue }
            if isNode {
                entities.type(declared, file: file, log: &log, lang: lang)
            } else {
                relations.type(declared, file: file, log: &log, lang: lang)
            }
        }
        return GraphTables(entities: entities, relations: relations)
    }

    /// The tables as GraphML, streamed to `out` element by element (a 1M-entity world is over
    /// 1 GB of XML, which is never held whole).
    /// - Complexity: O(size of the document) time, O(1 MB) memory besides the tables.
    public static func write(_ tables: GraphTables, to out: OutputFile) throws {
        try out.write(
            """
            <?xml version="1.0" encoding="UTF-8"?>
            <graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">

            """)
        let numeric: Set<String> = ["value", "size", "weight", "strength"]
        let integers: Set<String> = ["tier", "stage"]
        let e = tables.entities, r = tables.relations
        // Contract columns by their meaning; extra columns by their type, when every value is
        // one (else string: a value edited since is not lost to a reader that trusts the type).
        func type(_ name: String, _ c: Int, _ t: GraphTables.Table) -> String {
            if numeric.contains(name) { return "double" }
            if integers.contains(name) { return "int" }
            guard let declared = t.types[name] else { return "string" }
            let fits: (String) -> Bool
            switch declared {
            case .text: return "string"
            case .integer: fits = { AttributeType.isJSONInteger($0) && Int64($0) != nil }
            case .number: fits = { AttributeType.number.canonical($0) != nil }
            case .boolean: fits = { $0 == "true" || $0 == "false" }
            }
            guard t.rows.allSatisfy({ $0[c].isEmpty || fits($0[c]) }) else { return "string" }
            // GraphML's int is 32 bits (Java's); long holds every Int64, and past it the digits go as text.
            return declared == .integer ? "long" : declared == .number ? "double" : "boolean"
        }
        let idColumn = e.header.firstIndex(of: "id")!
        let s = r.header.firstIndex(of: "source")!, t = r.header.firstIndex(of: "target")!
        // Data columns with their key ids, resolved once rather than per row.
        let nodeKeys = e.header.indices.filter { $0 != idColumn }
        let edgeKeys = r.header.indices.filter { $0 != s && $0 != t }
        var head = ""
        for (k, c) in nodeKeys.enumerated() {
            head += "  <key id=\"n\(k)\" for=\"node\" attr.name=\"\(escape(e.header[c]))\" attr.type=\"\(type(e.header[c], c, e))\"/>\n"
        }
        for (k, c) in edgeKeys.enumerated() {
            head += "  <key id=\"e\(k)\" for=\"edge\" attr.name=\"\(escape(r.header[c]))\" attr.type=\"\(type(r.header[c], c, r))\"/>\n"
        }
        head += "  <graph id=\"relmap\" edgedefault=\"directed\">\n"
        try out.write(head)
        for row in e.rows {
            var x = "    <node id=\"\(escape(row[idColumn]))\">\n"
            for (k, c) in nodeKeys.enumerated() where !row[c].isEmpty { x += "      <data key=\"n\(k)\">\(escape(row[c]))</data>\n" }
            x += "    </node>\n"
            try out.write(x)
        }
        for row in r.rows {
            var x = "    <edge source=\"\(escape(row[s]))\" target=\"\(escape(row[t]))\">\n"
            for (k, c) in edgeKeys.enumerated() where !row[c].isEmpty { x += "      <data key=\"e\(k)\">\(escape(row[c]))</data>\n" }
            x += "    </edge>\n"
            try out.write(x)
        }
        try out.write("  </graph>\n</graphml>\n")
    }

    static func escape(_ s: String) -> String { Escaping.xml(s) }

    /// Records of one element kind: field names in first-seen order, each record the values it
    /// carries by field index (no dictionary per record: a million nodes read in one pass).
    struct Records {
        var fields: [String] = []
        var index: [String: Int] = [:]
        var values: [[(Int, String)]] = []
        var origins: [(line: Int?, label: String)] = []

        mutating func field(_ name: String) -> Int {
            if let k = index[name] { return k }
            index[name] = fields.count
            fields.append(name)
            return fields.count - 1
        }

        /// Contract columns present (and `always`) in contract order, then the others as first seen.
        func table(known: [String], always: [String]) -> GraphTables.Table {
            var used = [Bool](repeating: false, count: fields.count)
            for r in values { for (k, _) in r { used[k] = true } }
            let present = Set(fields.indices.filter { used[$0] }.map { fields[$0] })
            let header =
                known.filter { present.contains($0) || always.contains($0) }
                + fields.indices.filter { used[$0] && !known.contains(fields[$0]) }.map { fields[$0] }
            let column = Dictionary(uniqueKeysWithValues: header.enumerated().map { ($1, $0) })
            let map = fields.map { column[$0] }
            let rows = values.map { r -> [String] in
                var row = [String](repeating: "", count: header.count)
                for (k, v) in r { if let c = map[k] { row[c] = v } }
                return row
            }
            var t = GraphTables.Table(header: header, rows: rows)
            t.origins = origins
            return t
        }
    }

    /// Turns XML events into node and edge records; keys resolved by `attr.name`.
    struct Reader {
        struct Problem {
            var line: Int?
            var message: String
            var fix: String
        }
        struct Open {
            var isNode: Bool
            var values: [(Int, String)]
            var lines: [Int]
            var line: Int
            var label: String
        }
        let lang: Language
        /// Key id -> field name and the element kind it is for; a drawing key of yEd's without a
        /// name (`yfiles.type`) is read as the element's `label` (the text of its labels) or, for
        /// other drawing keys, not at all (empty name).
        var keys: [String: (name: String, domain: String)] = [:]
        /// Group members (a node inside a group node's nested graph) and their group, with lines.
        var members: [(member: String, group: String, line: Int)] = []
        /// Per edge record: drawn in a graph whose edges are undirected.
        var undirected: [Bool] = []
        private var graphs: [Bool] = []
        /// Each key's `attr.type`, as read and as the GraphML name the file gave.
        var keyTypes: [String: (type: AttributeType, name: String)] = [:]
        var defaults: [(key: String, value: String)] = []
        var nodes = Records()
        var edges = Records()
        var problems: [Problem] = []
        var fatal = false
        private var open: [Open] = []
        private var elements: [String] = []
        private var dataKey: String?
        private var dataLine = 0
        private var inDefault: String?
        private var text: [UInt8] = []
        private var textDepth = 0
        private var edgeCount = 0

        init(lang: Language) { self.lang = lang }

        mutating func handle(_ event: XMLTokenizer.Event, xml: inout XMLTokenizer) {
            switch event {
            case .start(let name, let attributes, let selfClosing):
                let line = xml.currentLine
                func attribute(_ a: String) -> String? { attributes.first { $0.0 == a }?.1 }
                if elements.isEmpty && name != "graphml" {
                    problems.append(Problem(line: line, message: GraphMLMessages.notGraphML(name, lang), fix: GraphMLMessages.notGraphMLFix(lang)))
                    fatal = true
                    return
                }
                if textDepth > 0 {
                    // Inside <data>: nested markup (yEd graphics) contributes its text only.
                    if !selfClosing {
                        textDepth += 1
                        elements.append(name)
                    }
                    return
                }
                switch name {
                case "key":
                    if let id = attribute("id") {
                        let drawing = attribute("yfiles.type")
                        let name =
                            attribute("attr.name")
                            ?? (drawing == "nodegraphics" || drawing == "edgegraphics" ? "label" : drawing != nil ? "" : id)
                        keys[id] = (name, attribute("for") ?? "all")
                        keyTypes[id] = attribute("attr.type").map { (AttributeType(graphML: $0), $0) }
                        inDefault = id
                    }
                case "graph":
                    let inherited = graphs.last ?? false
                    graphs.append(attribute("edgedefault").map { $0 == "undirected" } ?? inherited)
                case "default" where inDefault != nil:
                    startText(&xml)
                case "node":
                    guard let id = attribute("id") else {
                        problems.append(
                            Problem(line: line, message: GraphMLMessages.nodeWithoutId(lang), fix: GraphMLMessages.nodeWithoutIdFix(lang)))
                        open.append(Open(isNode: true, values: [], lines: [], line: line, label: "node ?"))
                        break
                    }
                    // A node inside another node's nested graph: a member of that group (yEd).
                    if let group = open.last, group.isNode, let groupID = group.values.first?.1, !groupID.isEmpty {
                        members.append((id, groupID, line))
                    }
                    var o = Open(isNode: true, values: [], lines: [], line: line, label: "node \(id)")
                    o.values.append((nodes.field("id"), id))
                    o.lines.append(line)
                    open.append(o)
                case "edge":
                    edgeCount += 1
                    var o = Open(isNode: false, values: [], lines: [], line: line, label: "edge \(edgeCount)")
                    o.values.append((edges.field("source"), attribute("source") ?? ""))
                    o.values.append((edges.field("target"), attribute("target") ?? ""))
                    o.lines += [line, line]
                    open.append(o)
                    undirected.append(attribute("directed").map { $0 == "false" } ?? (graphs.last ?? false))
                case "data" where !open.isEmpty:
                    dataKey = attribute("key")
                    dataLine = line
                    startText(&xml)
                default: break
                }
                if selfClosing {
                    end(name, xml: &xml)
                } else {
                    elements.append(name)
                    if name == "data" || name == "default", textDepth == 0, xml.wantText { textDepth = 1 }
                }
            case .text(let bytes):
                if textDepth > 0 { text.append(contentsOf: bytes) }
            case .end(let name):
                elements.removeLast()
                if textDepth > 1 {
                    textDepth -= 1
                    return
                }
                end(name, xml: &xml)
            case .endOfDocument:
                break
            }
        }

        private mutating func startText(_ xml: inout XMLTokenizer) {
            text.removeAll(keepingCapacity: true)
            xml.wantText = true
        }

        private mutating func end(_ name: String, xml: inout XMLTokenizer) {
            switch name {
            case "default" where inDefault != nil:
                let value = String(decoding: text, as: UTF8.self)
                if let k = inDefault {
                    defaults.removeAll { $0.key == k }
                    defaults.append((k, value))
                }
                stopText(&xml)
            case "key":
                inDefault = nil
            case "graph":
                _ = graphs.popLast()
            case "data" where !open.isEmpty:
                var value = String(decoding: text, as: UTF8.self)
                stopText(&xml)
                guard let key = dataKey else { return }
                dataKey = nil
                let isNode = open[open.count - 1].isNode
                let field = keys[key]?.name ?? key
                // networkx writes the node id again as a data field named "id" in some exports;
                // a drawing key of yEd's other than labels carries no data.
                if (isNode && field == "id") || field.isEmpty { return }
                // A drawing's label text comes with the drawing's indentation around it.
                if field == "label" { value = value.trimmingCharacters(in: .whitespacesAndNewlines) }
                let k = isNode ? nodes.field(field) : edges.field(field)
                if let j = open[open.count - 1].values.firstIndex(where: { $0.0 == k }) {
                    problems.append(
                        Problem(
                            line: dataLine,
                            message: GraphMLMessages.duplicateData(field, open[open.count - 1].label, open[open.count - 1].lines[j], lang),
                            fix: GraphMLMessages.duplicateDataFix(lang)))
                    return
                }
                open[open.count - 1].lines.append(dataLine)
                open[open.count - 1].values.append((k, value))
            case "node", "edge":
                guard var o = open.popLast() else { return }
                let kind = o.isNode ? "node" : "edge"
                for d in defaults.sorted(by: { $0.key < $1.key }) {
                    guard let key = keys[d.key], key.domain == kind || key.domain == "all" else { continue }
                    let k = o.isNode ? nodes.field(key.name) : edges.field(key.name)
                    if !o.values.contains(where: { $0.0 == k }) { o.values.append((k, d.value)) }
                }
                if o.isNode {
                    nodes.values.append(o.values)
                    nodes.origins.append((o.line, o.label))
                } else {
                    edges.values.append(o.values)
                    edges.origins.append((o.line, o.label))
                }
            default: break
            }
        }

        private mutating func stopText(_ xml: inout XMLTokenizer) {
            textDepth = 0
            xml.wantText = false
        }
    }
}

extension GraphTables.Table {
    /// Gives extra columns the types their GraphML keys declare, each value put in its type's form
    /// (`True` → `true`, `007` → `7`). A column holding a value that is not of its type stays
    /// text, every value kept as written, with a warning naming the first such value.
    /// - Complexity: O(rows) per typed column.
    mutating func type(
        _ declared: [String: (type: AttributeType, name: String)], file: String,
        log: inout DiagnosticLog, lang: Language
    ) {
        for (c, name) in header.enumerated() {
            guard let d = declared[name] else { continue }
            if let bad = rows.firstIndex(where: { !$0[c].isEmpty && d.type.canonical($0[c]) == nil }) {
                let origin = bad < origins.count ? origins[bad] : (line: nil, label: "")
                log.warning(
                    file, line: origin.line, field: [origin.label, name].filter { !$0.isEmpty }.joined(separator: ": "),
                    GraphMLMessages.notOfType(rows[bad][c], d.type, d.name, lang),
                    fix: GraphMLMessages.notOfTypeFix(name, lang))
                continue
            }
            for r in rows.indices where !rows[r][c].isEmpty { rows[r][c] = d.type.canonical(rows[r][c]) ?? rows[r][c] }
            types[name] = d.type
        }
    }
}

/// What the GraphML reader says about a file's content, in English and Chinese.
enum GraphMLMessages {
    static func notOfType(_ value: String, _ type: AttributeType, _ declared: String, _ l: Language) -> String {
        let what: String
        switch type {
        case .integer: what = l("a whole number", "整数")
        case .number: what = l("a number", "数字")
        case .boolean: what = l("true or false", "true 或 false")
        case .text: what = l("text", "文本")
        }
        return l(
            "'\(value)' is not \(what), as its key's attr.type=\"\(declared)\" says; the column is read as text",
            "'\(value)' 不是\(what)，与其 key 的 attr.type=\"\(declared)\" 不符；该列按文本读入")
    }
    static func notOfTypeFix(_ name: String, _ l: Language) -> String {
        l("correct the value, or declare the key of '\(name)' attr.type=\"string\"", "请更正该值，或将 '\(name)' 的 key 声明为 attr.type=\"string\"")
    }
    static func notGraphML(_ root: String, _ l: Language) -> String {
        l("not a GraphML file: the root element is <\(root)>, not <graphml>", "不是 GraphML 文件：根元素是 <\(root)> 而不是 <graphml>")
    }
    static func notGraphMLFix(_ l: Language) -> String {
        l("export the graph as GraphML, or give a graph folder or a .json file", "请导出为 GraphML，或给出图文件夹或 .json 文件")
    }
    static func nodeWithoutId(_ l: Language) -> String { l("node without an id attribute", "节点缺少 id 属性") }
    static func nodeWithoutIdFix(_ l: Language) -> String { l("give every <node> an id", "请为每个 <node> 加上 id") }
    static func duplicateData(_ field: String, _ label: String, _ first: Int, _ l: Language) -> String {
        l(
            "\(field) given twice in \(label) (first on line \(first)); which one is meant is unknown",
            "\(label) 中 \(field) 出现了两次（第一次在第 \(first) 行），无法判断以哪个为准")
    }
    static func duplicateDataFix(_ l: Language) -> String { l("keep one <data> per key in each element", "每个元素中每个 key 只保留一个 <data>") }
}
