/// A group (集团, the entities under one actual controller) drawn as one cluster: the controller
/// on top, holdings downward, each `owns` edge labelled with its share, bold when the holder
/// controls the company; fill by status as on the industry map (green banks with us), so the
/// members not with us stand out. Holders outside the group that hold a member are drawn outside
/// the cluster, dashed, so the picture shows who else sits at the table.
public enum GroupMapDOT {
    /// - Complexity: O(g + h) for the g members and their h holdings and holders.
    public static func dot(
        _ state: OwnershipState, group: OwnershipGroups.Group, _ lang: Language,
        fontname: String = "Noto Sans CJK SC"
    ) -> String {
        let net = state.network, e = net.graph.entities
        let inside = Set(group.members + [group.controller])
        func node(_ v: Int) -> String { "n\(v)" }
        func label(_ v: Int) -> String {
            var s = e.name(v) + "\n" + e.id(v)
            if e.status(v) == .client && !e.rm(v).isEmpty { s += " · " + e.rm(v) }
            return s
        }
        let top = group.controller
        var w = DOTWriter(name: "group " + e.id(top))
        let font = DOTWriter.Value.plain(fontname)
        let title = lang(
            "Group of \(e.name(top)) (\(e.id(top))): \(group.members.count) members, \(group.clients.count) bank with us, \(group.uncovered.count) do not",
            "\(e.name(top))（\(e.id(top))）旗下集团：共 \(group.members.count) 家，\(group.clients.count) 家在本行开户，\(group.uncovered.count) 家尚未开户")
        w.defaults("graph", [("rankdir", .plain("TB")), ("fontname", font), ("label", .text(title)), ("labelloc", .plain("t"))])
        w.defaults("node", [("fontname", font), ("fontsize", .plain("11")), ("style", .plain("filled"))])
        w.defaults("edge", [("fontname", font), ("fontsize", .plain("9")), ("color", .plain("#546E7A"))])
        func attributes(_ v: Int) -> [(String, DOTWriter.Value)] {
            [("label", .text(label(v))), ("shape", .plain(MapLegend.shape(e.kind(v)))), ("fillcolor", .plain(MapLegend.fill(e.status(v))))]
        }
        w.subgraph("cluster_group") { c in
            c.attribute("label", .text(lang("group", "集团")))
            c.attribute("color", .plain("#1565C0"))
            c.node(node(top), attributes(top) + [("penwidth", .plain("2"))])
            for v in group.members where v != top { c.node(node(v), attributes(v)) }
        }
        var outside: Set<Int> = []
        for v in ([top] + group.members) where v != top || e.kind(top) != .person {
            for h in net.holders(of: v) where !inside.contains(h.entity) && outside.insert(h.entity).inserted {
                w.node(node(h.entity), attributes(h.entity) + [("style", .plain("filled,dashed"))])
            }
        }
        for v in [top] + group.members {
            for h in net.holders(of: v) where inside.contains(h.entity) || outside.contains(h.entity) {
                let controls = state.control.controller[v] == Int32(h.entity)
                var a: [(String, DOTWriter.Value)] = [("label", .text(lang.percent(h.share)))]
                if controls {
                    a.append(("penwidth", .plain("2.2")))
                    a.append(("color", .plain("#1565C0")))
                }
                if !inside.contains(h.entity) { a.append(("style", .plain("dashed"))) }
                w.edge(node(h.entity), node(v), a)
            }
        }
        return w.finish()
    }
}
