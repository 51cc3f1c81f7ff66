import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// GraphML, so that networkx, Gephi, yEd and Neo4j exports come in and go out. Node ids are entity
/// ids; every contract field and extra column is a `<data>` element whose key's `attr.name` is the
/// field name. Relations are directed edges; `knows` is symmetric by its type, not by the file.
public enum GraphMLFormat {
    public static func read(path: String, log: inout DiagnosticLog) throws -> GraphTables? {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw RelmapError.io(path: path, reason: "cannot be read")
        }
        let reader = Reader()
        let parser = XMLParser(data: data)
        parser.delegate = reader
        reader.parser = parser
        if !parser.parse() {
            let line = parser.lineNumber
            log.error(path, line: line > 0 ? line : nil, "not well-formed GraphML: \(parser.parserError.map { "\($0.localizedDescription)" } ?? "parse error")",
                      fix: "check the XML, e.g. with xmllint")
            return nil
        }
        for problem in reader.problems { log.error(path, line: problem.line, problem.message, fix: problem.fix) }
        if reader.problems.count > 0 { return nil }
        func table(_ records: [Reader.Record], known: [String], idField: String?) -> GraphTables.Table {
            var header = known.filter { k in records.contains { $0.fields[k] != nil } }
            if let idField, !header.contains(idField) { header.insert(idField, at: 0) }
            var extra: [String] = []
            for r in records { for k in r.order where !known.contains(k) && !extra.contains(k) { extra.append(k) } }
            header += extra
            var t = GraphTables.Table(header: header, rows: records.map { r in header.map { r.fields[$0] ?? "" } })
            t.origins = records.map { ($0.line, $0.label) }
            return t
        }
        let entities = table(reader.nodes, known: TableLoader.entityColumns, idField: "id")
        let relations = table(reader.edges, known: TableLoader.relationColumns, idField: nil)
        return GraphTables(entities: entities, relations: relations)
    }

    public static func write(_ tables: GraphTables) -> String {
        var out = """
            <?xml version="1.0" encoding="UTF-8"?>
            <graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">

            """
        let numeric: Set<String> = ["value", "size", "weight", "strength"]
        let integers: Set<String> = ["tier", "stage"]
        func type(_ name: String) -> String { numeric.contains(name) ? "double" : integers.contains(name) ? "int" : "string" }
        let nodeKeys = tables.entities.header.filter { $0 != "id" }
        let edgeKeys = tables.relations.header.filter { $0 != "source" && $0 != "target" }
        for (k, name) in nodeKeys.enumerated() {
            out += "  <key id=\"n\(k)\" for=\"node\" attr.name=\"\(escape(name))\" attr.type=\"\(type(name))\"/>\n"
        }
        for (k, name) in edgeKeys.enumerated() {
            out += "  <key id=\"e\(k)\" for=\"edge\" attr.name=\"\(escape(name))\" attr.type=\"\(type(name))\"/>\n"
        }
        out += "  <graph id=\"relmap\" edgedefault=\"directed\">\n"
        let e = tables.entities
        let idColumn = e.header.firstIndex(of: "id")!
        for row in e.rows {
            out += "    <node id=\"\(escape(row[idColumn]))\">\n"
            for (k, name) in nodeKeys.enumerated() {
                let v = row[e.header.firstIndex(of: name)!]
                if !v.isEmpty { out += "      <data key=\"n\(k)\">\(escape(v))</data>\n" }
            }
            out += "    </node>\n"
        }
        let r = tables.relations
        let s = r.header.firstIndex(of: "source")!, t = r.header.firstIndex(of: "target")!
        for row in r.rows {
            out += "    <edge source=\"\(escape(row[s]))\" target=\"\(escape(row[t]))\">\n"
            for (k, name) in edgeKeys.enumerated() {
                let v = row[r.header.firstIndex(of: name)!]
                if !v.isEmpty { out += "      <data key=\"e\(k)\">\(escape(v))</data>\n" }
            }
            out += "    </edge>\n"
        }
        out += "  </graph>\n</graphml>\n"
        return out
    }

    static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for c in s.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\n": out += "&#10;"
            case "\r": out += "&#13;"
            case "\t": out += "&#9;"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    /// SAX reader collecting nodes and edges with their data; keys resolved by `attr.name`.
    final class Reader: NSObject, XMLParserDelegate {
        struct Record {
            var fields: [String: String] = [:]
            var order: [String] = []
            var line: Int
            var label: String
            mutating func set(_ k: String, _ v: String) {
                if fields[k] == nil { order.append(k) }
                fields[k] = v
            }
        }
        struct Problem { var line: Int?; var message: String; var fix: String }
        weak var parser: XMLParser?
        var keys: [String: String] = [:]   // key id -> attr.name
        var keyDefaults: [String: (domain: String, value: String)] = [:]
        var nodes: [Record] = []
        var edges: [Record] = []
        var problems: [Problem] = []
        private var current: Record?
        private var currentIsNode = false
        private var dataKey: String?
        private var text = ""
        private var defaultFor: String?
        private var edgeCount = 0

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) {
            let line = parser.lineNumber
            switch name {
            case "key":
                if let id = attributes["id"] {
                    keys[id] = attributes["attr.name"] ?? id
                    defaultFor = id
                }
            case "default":
                text = ""
            case "node":
                guard let id = attributes["id"] else {
                    problems.append(Problem(line: line, message: "node without an id attribute", fix: "give every <node> an id"))
                    return
                }
                var r = Record(line: line, label: "node \(id)")
                r.set("id", id)
                current = r
                currentIsNode = true
            case "edge":
                edgeCount += 1
                var r = Record(line: line, label: "edge \(edgeCount)")
                r.set("source", attributes["source"] ?? "")
                r.set("target", attributes["target"] ?? "")
                current = r
                currentIsNode = false
            case "data":
                dataKey = attributes["key"]
                text = ""
            default: break
            }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            switch name {
            case "default":
                if let k = defaultFor { keyDefaults[k] = ("", text) }
            case "key":
                defaultFor = nil
            case "data":
                if let key = dataKey, current != nil {
                    let field = keys[key] ?? key
                    // networkx writes the node id again as a data field named "id" in some exports.
                    if !(currentIsNode && field == "id") { current!.set(field, text) }
                }
                dataKey = nil
            case "node", "edge":
                guard var r = current else { return }
                for (k, d) in keyDefaults.sorted(by: { $0.key < $1.key }) {
                    let field = keys[k] ?? k
                    if r.fields[field] == nil { r.set(field, d.value) }
                }
                if name == "node" { nodes.append(r) } else { edges.append(r) }
                current = nil
            default: break
            }
        }
    }
}
