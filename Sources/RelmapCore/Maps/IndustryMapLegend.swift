/// The words and colours of an industry map: status fills, column headings and the legend, in
/// Chinese when the data is Chinese and in English otherwise.
struct MapLegend {
    let chinese: Bool
    let hasHighlights: Bool
    let hasFolds: Bool

    /// Fill by status: green banks with us, yellow is open ground, red banks elsewhere, grey left.
    static func fill(_ status: EntityStatus) -> String {
        switch status {
        case .client: "#A5D6A7"
        case .prospect: "#FFF59D"
        case .otherBank: "#EF9A9A"
        case .former: "#CFD8DC"
        }
    }

    static func shape(_ kind: EntityKind) -> String {
        switch kind {
        case .company: "box"
        case .person: "ellipse"
        case .institution: "hexagon"
        }
    }

    func statusName(_ status: EntityStatus) -> String {
        switch status {
        case .client: chinese ? "本行客户" : "Client"
        case .prospect: chinese ? "潜在客户" : "Prospect"
        case .otherBank: chinese ? "他行客户" : "Other bank"
        case .former: chinese ? "流失客户" : "Former client"
        }
    }

    func title(_ focus: IndustryMap.Focus, graph: Graph) -> String {
        switch focus {
        case .entity(let v):
            chinese ? "\(graph.entities.name(v)) 产业地图" : "Industry map: \(graph.entities.name(v))"
        case .industry(let name):
            chinese ? "\(name) 产业链地图" : "Value chain through \(name)"
        case .rm(let name):
            chinese ? "客户经理 \(name) 的产业地图" : "Industry map of RM \(name)'s book"
        }
    }

    /// Column heading for a tier, with the number of entities found there before folding.
    func tierHeading(_ tier: Int, focus: IndustryMap.Focus, count: Int) -> String {
        let numerals = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"]
        let k = abs(tier)
        let name: String
        if tier == 0 {
            switch focus {
            case .entity: name = chinese ? "核心企业" : "Focus"
            case .industry(let industry): name = industry
            case .rm(let rm): name = chinese ? "\(rm) 的客户" : "\(rm)'s book"
            }
        } else if chinese {
            name = (tier < 0 ? "上游" : "下游") + (k < numerals.count ? numerals[k] : String(k)) + "级"
        } else {
            name = (tier < 0 ? "Upstream" : "Downstream") + " tier \(k)"
        }
        return name + (chinese ? "\n(\(count) 家)" : "\n(\(count))")
    }

    func foldLabel(count: Int, volume: Double) -> String {
        let first = chinese ? "另 \(count) 家" : "+\(count) more"
        guard volume > 0 else { return first }
        return first + "\n(" + (chinese ? "合计 " : "total ") + AmountFormatting.short(volume, chinese: chinese) + ")"
    }

    /// The title and a one-row legend as an HTML-like table: drawn as the graph label above the
    /// map, so it never takes part in the layout.
    func html(title: String, fontname: String) -> String {
        func cell(_ text: String, fill: String? = nil) -> String {
            "<TD" + (fill.map { " BGCOLOR=\"\($0)\" BORDER=\"1\"" } ?? "") + ">" + DOTWriter.htmlEscaped(text) + "</TD>"
        }
        var row = EntityStatus.allCases.map { cell(statusName($0), fill: MapLegend.fill($0)) }
        row.append(cell(chinese ? "方框 公司 · 椭圆 个人 · 六边形 机构" : "box company · ellipse person · hexagon institution"))
        row.append(cell(chinese ? "线宽 = 年交易额 (对数)" : "line width = yearly trade (log)"))
        if hasHighlights { row.append(cell(chinese ? "★n = 拓客目标排名" : "★n = target rank")) }
        if hasFolds { row.append(cell(chinese ? "虚线框 = 折叠的较小企业" : "dashed = smaller entities folded")) }
        return "<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"4\" CELLPADDING=\"4\">"
            + "<TR><TD COLSPAN=\"\(row.count)\"><FONT POINT-SIZE=\"22\">" + DOTWriter.htmlEscaped(title) + "</FONT></TD></TR>"
            + "<TR>" + row.joined() + "</TR></TABLE>"
    }
}
