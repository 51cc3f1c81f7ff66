/// A referral tree as Graphviz DOT, drawn with the industry map's vocabulary: fill by status,
/// the introducer at the top, each referral an arrow labelled with its date and outcome (dashed
/// while pending, red when lost). The HTML report renders it through Graphviz when it can.
extension ReferralReport.Tree {
    /// - Complexity: O(members).
    public func dot(fontname: String = "Noto Sans CJK SC") -> String {
        var w = DOTWriter(name: "referrals")
        w.attribute("rankdir", .plain("TB"))
        w.attribute("nodesep", .plain("0.25"))
        w.attribute("ranksep", .plain("0.45"))
        w.attribute("bgcolor", .plain("transparent"))
        w.defaults(
            "node",
            [
                ("shape", .plain("box")), ("style", .plain("rounded,filled")), ("fontname", .plain(fontname)),
                ("fontsize", .plain("11")), ("color", .plain("#546E7A")), ("margin", .plain("0.12,0.05"))
            ])
        w.defaults(
            "edge",
            [
                ("fontname", .plain(fontname)), ("fontsize", .plain("9")), ("color", .plain("#78909C")),
                ("fontcolor", .plain("#37474F")), ("arrowsize", .plain("0.6"))
            ])
        for (k, m) in members.enumerated() {
            var label = m.name
            if !m.rm.isEmpty { label += "\n" + m.rm }
            let status = EntityStatus(name: m.status) ?? .prospect
            var attributes: [(String, DOTWriter.Value)] = [("label", .text(label)), ("fillcolor", .plain(MapLegend.fill(status)))]
            if k == 0 { attributes += [("penwidth", .plain("2")), ("color", .plain("#1A237E"))] }
            w.node("m\(k)", attributes)
        }
        for (k, m) in members.enumerated() {
            guard let parent = m.parent else { continue }
            var attributes: [(String, DOTWriter.Value)] = [("label", .text([m.date ?? "", m.outcome].filter { !$0.isEmpty }.joined(separator: " ")))]
            switch m.outcome {
            case "pending": attributes.append(("style", .plain("dashed")))
            case "lost": attributes += [("color", .plain("#C62828")), ("fontcolor", .plain("#C62828"))]
            default: break
            }
            w.edge("m\(parent)", "m\(k)", attributes)
        }
        return w.finish()
    }
}
