/// What other tools put where the contract has its own fields, read as the contract means it.
/// Each tool writes GraphML its own way (Guides/Refusals.md and the README's "from other tools"):
/// - yEd keeps a node's name only in its drawing (the text of its `NodeLabel`, read as `label`)
///   and groups nodes by nesting a graph inside a group node: a member is `member_of` its group;
/// - Neo4j (APOC `export.graphml`) gives a node's kind in its `labels` (`:Company:Client`) and a
///   relationship's type in its `label` (`SUPPLIES`), in capitals;
/// - Gephi names nodes by `label` and adds drawing keys (`size`, `r`, `g`, `b`, `x`, `y`) and a
///   weight of 1.0 on every edge: Relmap's `size` is revenue and `weight` trade volume, so those are
///   dropped with a warning rather than read as data;
/// - networkx writes an undirected graph with `edgedefault="undirected"`: a directed type then
///   takes its direction from the order of source and target, which the user is told to check.
extension GraphMLFormat {
    static func adapt(_ reader: inout Reader, file: String, log: inout DiagnosticLog, lang: Language) {
        var nodes = reader.nodes, edges = reader.edges
        func value(_ record: [(Int, String)], _ field: Int) -> String? {
            record.first { $0.0 == field && !$0.1.isEmpty }?.1
        }
        // yEd groups: each member relates to its group.
        if !reader.members.isEmpty {
            let s = edges.field("source"), t = edges.field("target"), type = edges.field("type")
            for m in reader.members {
                edges.values.append([(s, m.member), (t, m.group), (type, "member_of")])
                edges.origins.append((m.line, "node \(m.member) in group \(m.group)"))
                reader.undirected.append(false)
            }
        }
        // A label and no name: the label is the name (yEd, Gephi).
        if let label = nodes.index["label"] {
            let name = nodes.field("name")
            for i in nodes.values.indices where value(nodes.values[i], name) == nil {
                if let text = value(nodes.values[i], label) { nodes.values[i].append((name, text)) }
            }
        }
        // Neo4j's labels: the first that names a kind is the kind, the first that names a status
        // the status (`:Company:Client`).
        if let labels = nodes.index["labels"] {
            let kind = nodes.field("kind"), status = nodes.field("status")
            for i in nodes.values.indices {
                guard let text = value(nodes.values[i], labels) else { continue }
                let words = text.split(whereSeparator: { $0 == ":" || $0 == "," || $0 == " " }).map(String.init)
                if value(nodes.values[i], kind) == nil, let k = words.first(where: { VocabularyParsing.kind($0) != nil }) {
                    nodes.values[i].append((kind, k))
                }
                if value(nodes.values[i], status) == nil, let w = words.first(where: { VocabularyParsing.status($0) != nil }) {
                    nodes.values[i].append((status, w))
                }
            }
        }
        // An edge's label that names a relation type is its type when it has none (Neo4j, yEd;
        // Gephi calls it "Edge Label").
        for label in ["label", "Edge Label"].compactMap({ edges.index[$0] }) {
            let type = edges.field("type")
            for i in edges.values.indices where value(edges.values[i], type) == nil {
                if let text = value(edges.values[i], label), VocabularyParsing.type(text) != nil { edges.values[i].append((type, text)) }
            }
        }
        // Gephi: its drawing keys are not data.
        let drawing = ["r", "g", "b", "x", "y"]
        if drawing.allSatisfy({ nodes.index[$0] != nil }) {
            var dropped = (drawing + ["z", "size"]).filter { nodes.index[$0] != nil }
            let drop = Set(dropped.compactMap { nodes.index[$0] })
            for i in nodes.values.indices { nodes.values[i].removeAll { drop.contains($0.0) } }
            if let weight = edges.index["weight"],
                edges.values.allSatisfy({ r in value(r, weight).map { ValueParsing.parseNumber($0) == 1 } ?? true })
            {
                for i in edges.values.indices { edges.values[i].removeAll { $0.0 == weight } }
                dropped.append("weight 1.0")
            }
            log.warning(
                file,
                lang(
                    "written by Gephi: its drawing keys (\(dropped.joined(separator: ", "))) are not revenue or trade volume and were not read",
                    "由 Gephi 导出：其绘图字段（\(dropped.joined(separator: ", "))）不是营业收入或交易额，未读入"),
                fix: lang(
                    "give revenue as size and yearly trade as weight from the bank's own data if you have them",
                    "如有本行数据，请以 size 填写营业收入、以 weight 填写年交易额"))
        }
        // Undirected edges of a directed type.
        if reader.undirected.contains(true), let type = edges.index["type"] {
            var counts: [String: Int] = [:]
            for (i, r) in edges.values.enumerated() where i < reader.undirected.count && reader.undirected[i] {
                if let text = value(r, type), let t = VocabularyParsing.type(text), !t.isSymmetric { counts[t.name, default: 0] += 1 }
            }
            if !counts.isEmpty {
                let list = counts.sorted { $0.key < $1.key }.map { "\($0.key) (\($0.value))" }.joined(separator: ", ")
                log.warning(
                    file,
                    lang(
                        "the edges are undirected (edgedefault=\"undirected\", as networkx writes an undirected graph); the direction of \(list) was taken from the order of source and target",
                        "文件中的边是无向的（edgedefault=\"undirected\"，networkx 导出无向图时如此）；\(list) 的方向按 source、target 的先后确定"),
                    fix: lang(
                        "check the direction (for supplies, the source sells to the target), or write the graph as directed (networkx: nx.DiGraph)",
                        "请核对方向（供应关系中 source 向 target 供货），或以有向图导出（networkx：nx.DiGraph）"))
            }
        }
        reader.nodes = nodes
        reader.edges = edges
    }
}
