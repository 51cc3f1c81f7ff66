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

    /// The title and the legend as an HTML-like table: drawn as the graph label above the map, so
    /// it never takes part in the layout. `notes` (segment view) go in a second row of cells.
    func html(title: String, fontname: String? = nil, notes: [String]? = nil) -> String {
        func cell(_ text: String, fill: String? = nil) -> String {
            "<TD" + (fill.map { " BGCOLOR=\"\($0)\" BORDER=\"1\"" } ?? "") + ">" + DOTWriter.htmlEscaped(text) + "</TD>"
        }
        var row = EntityStatus.allCases.map { cell(statusName($0), fill: MapLegend.fill($0)) }
        if notes != nil {
            if hasHighlights { row.append(cell(chinese ? "★n 红框 = 拓客目标排名" : "★n red border = target rank")) }
        } else {
            row.append(cell(chinese ? "方框 公司 · 椭圆 个人 · 六边形 机构" : "box company · ellipse person · hexagon institution"))
            row.append(cell(chinese ? "线宽 = 年交易额 (对数)" : "line width = yearly trade (log)"))
            if hasHighlights { row.append(cell(chinese ? "★n = 拓客目标排名" : "★n = target rank")) }
            if hasFolds { row.append(cell(chinese ? "虚线框 = 折叠的较小企业" : "dashed = smaller entities folded")) }
        }
        let span = max(row.count, 1)
        var table =
            "<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"4\" CELLPADDING=\"3\">"
            + "<TR><TD COLSPAN=\"\(span)\"><FONT POINT-SIZE=\"20\">" + DOTWriter.htmlEscaped(title) + "</FONT></TD></TR>"
            + "<TR>" + row.joined() + "</TR>"
        if let notes, !notes.isEmpty {
            // One cell spanning the row, notes side by side, wrapped into lines: on one line the
            // English notes of a detail map were 1,500 pt wide, wider than the map under them.
            table +=
                "<TR><TD COLSPAN=\"\(span)\"><FONT POINT-SIZE=\"10\" COLOR=\"#37474F\">"
                + MapLegend.noteLines(notes).map { $0.map(DOTWriter.htmlEscaped).joined(separator: " · ") }.joined(separator: "<BR/>")
                + "</FONT></TD></TR>"
        }
        return table + "</TABLE>"
    }

    /// Notes gathered into lines of at most `width` units (a CJK character 2, anything else 1:
    /// about 5 pt a unit at 10 pt), a note longer than that alone on its line; order kept.
    static func noteLines(_ notes: [String], width: Int = 150) -> [[String]] {
        func units(_ s: String) -> Int { s.unicodeScalars.reduce(0) { $0 + ($1.value >= 0x2E80 ? 2 : 1) } }
        var lines: [[String]] = []
        var used = 0
        for note in notes {
            let w = units(note)
            if let last = lines.indices.last, used + 3 + w <= width {
                lines[last].append(note)
                used += 3 + w
            } else {
                lines.append([note])
                used = w
            }
        }
        return lines
    }

    /// "数据来源 Graphs/x · 2026-03-05 · Relmap": the footer, or nil when the page has no source.
    func footer(_ page: MapPage) -> String? {
        guard let source = page.source else { return nil }
        let parts = [(chinese ? "数据来源 " : "Data: ") + source, page.date].compactMap { $0 }
        return (parts + [chinese ? "Relmap 生成" : "made with Relmap"]).joined(separator: " · ")
    }

    // MARK: segment view

    func segmentName(_ segment: String, side: SegmentMap.Side) -> String {
        let name = segment.isEmpty ? (chinese ? "未分类" : "Unclassified") : segment
        switch side {
        case .whole: return name
        case .upstream: return name + (chinese ? " (上游)" : " (upstream)")
        case .downstream: return name + (chinese ? " (下游)" : " (downstream)")
        }
    }

    /// " (第 2/3 页)" after the title of a page of a split map.
    func pageSuffix(_ page: Int, of count: Int) -> String {
        chinese ? " (第 \(page)/\(count) 页)" : " (page \(page) of \(count))"
    }

    /// Why and how a map was cut into pages, or why it prints small: a note for standard error.
    func printNote(printedFont: Double, paper: MapPage.Paper, pages: Int, view: MapView, depth: Int = 2, detail: Int = 0) -> String {
        let size = LogScale.format(printedFont).dropLast()
        let name = paper.rawValue.uppercased()
        if pages > 1 {
            return chinese
                ? "地图整页打印在 \(name) 横向上字号仅 \(size) pt (低于 7 pt): 已分为 \(pages) 页, 每页一组相连的产业链环节"
                : "the map would print at \(size) pt on \(name) landscape (below 7 pt): split into \(pages) pages, one connected group of segments a page"
        }
        // Only what would change this map: a suggestion already taken is noise.
        var fixes: [String] = []
        if depth > 1 { fixes.append("--depth 1") }
        if paper == .a4 { fixes.append("--paper a3") }
        if view == .company { fixes.append("--view segment") } else if detail > 0 { fixes.append("--detail 0") }
        fixes.append(chinese ? "或 --format svg 在屏幕上缩放阅读" : "or --format svg to zoom on screen")
        return chinese
            ? "地图打印在 \(name) 横向上字号仅 \(size) pt (低于 7 pt); 可试 " + fixes.joined(separator: ", ")
            : "the map prints at \(size) pt on \(name) landscape (below 7 pt); try " + fixes.joined(separator: ", ")
    }

    /// The header of a column's merged minor segments: "其他 3 个环节: 芯片 ..." (first two named).
    func mergedName(_ segments: [String]) -> String {
        let named = segments.prefix(2).map { $0.isEmpty ? (chinese ? "未分类" : "Unclassified") : $0 }.joined(separator: chinese ? "、" : ", ")
        let more = segments.count > 2 ? (chinese ? " 等" : " ...") : ""
        return chinese
            ? "其他 \(segments.count) 个环节: \(named)\(more)" : "\(segments.count) other segment\(segments.count == 1 ? "" : "s"): \(named)\(more)"
    }

    /// "12 家 · 本行 3 · 4.5亿" ("12 firms · 3 clients · 450M") under a segment's name; the legend
    /// says what the figures are (`segmentNotes`). The widest line of most segment boxes: "826
    /// companies · 92 clients · trade 65.2B" made every column of the largest RM book of a 1M
    /// world 45 pt wider, and the map printed at 5.8 pt on A3 instead of 7.2.
    func segmentSummary(members: Int, clients: Int, trade: Double) -> String {
        var parts = [
            chinese ? "\(members) 家" : "\(members) \(members == 1 ? "firm" : "firms")",
            chinese ? "本行 \(clients)" : "\(clients) \(clients == 1 ? "client" : "clients")"
        ]
        if trade > 0 { parts.append(AmountFormatting.short(trade, chinese: chinese)) }
        return parts.joined(separator: " · ")
    }

    /// A segment arrow's label: yearly trade and relations.
    func flowLabel(volume: Double, count: Int) -> String {
        let relations = chinese ? "\(count) 条" : "\(count) rel."
        // Two short lines: the label column between two segments stays narrow.
        return volume > 0 ? AmountFormatting.short(volume, chinese: chinese) + "\n" + relations : relations
    }

    func segmentNotes(focus: IndustryMap.Focus, order: SegmentMap.CardOrder, markCentre: Bool, hasDetails: Bool) -> [String] {
        var notes = [
            chinese ? "列 = 产业链环节, 上游在左; 环节下注 企业数 · 本行客户数 · 交易额" : "columns = chain segments, upstream left, each with firms · clients · trade",
            chinese ? "箭头 = 环节间年交易额 和 关系数" : "arrows = yearly trade and relations between segments",
            order == .trade
                ? (chinese ? "卡片按图内交易额排序" : "cards ordered by trade on the map")
                : (chinese ? "卡片按规模排序" : "cards ordered by size")
        ]
        if markCentre {
            switch focus {
            case .rm(let rm): notes.append(chinese ? "蓝框 = \(rm) 的客户" : "blue border = \(rm)'s book")
            default: notes.append(chinese ? "蓝框 = 核心企业" : "blue border = the focus")
            }
        }
        if hasDetails {
            notes.append(
                chinese
                    ? "虚线 = 最大的企业间交易 (金额见卡片与提示), 有虚线的卡片按连线排列以减少交叉"
                    : "dashed = largest company-to-company trade (amounts in cards and tooltips); cards with lines placed to keep them apart")
        }
        return notes
    }

    /// Trade left out so that no arrow runs against the chain, or nil when there is none.
    func unplottedNote(_ u: SegmentMap.Unplotted) -> String? {
        var parts: [String] = []
        if u.backwardCount > 0 {
            parts.append(
                chinese
                    ? "逆向 \(u.backwardCount) 条 (\(AmountFormatting.short(u.backwardVolume, chinese: true)))"
                    : "\(u.backwardCount) against the chain (\(AmountFormatting.short(u.backwardVolume, chinese: false)))")
        }
        if u.withinCount > 0 {
            parts.append(
                chinese
                    ? "同列内 \(u.withinCount) 条 (\(AmountFormatting.short(u.withinVolume, chinese: true)))"
                    : "\(u.withinCount) within a column (\(AmountFormatting.short(u.withinVolume, chinese: false)))")
        }
        if u.offChainCount > 0 {
            parts.append(
                chinese
                    ? "最外层企业之间 \(u.offChainCount) 条 (\(AmountFormatting.short(u.offChainVolume, chinese: true)))"
                    : "\(u.offChainCount) among firms of the outermost tier (\(AmountFormatting.short(u.offChainVolume, chinese: false)))")
        }
        if u.minorCount > 0 {
            parts.append(
                chinese
                    ? "小额环节间 \(u.minorCount) 条 (\(AmountFormatting.short(u.minorVolume, chinese: true)))"
                    : "\(u.minorCount) in minor segment pairs (\(AmountFormatting.short(u.minorVolume, chinese: false)))")
        }
        if u.betweenPagesCount > 0 {
            parts.append(
                chinese
                    ? "与其他页之间 \(u.betweenPagesCount) 条 (\(AmountFormatting.short(u.betweenPagesVolume, chinese: true)))"
                    : "\(u.betweenPagesCount) to other pages (\(AmountFormatting.short(u.betweenPagesVolume, chinese: false)))")
        }
        guard !parts.isEmpty else { return nil }
        return (chinese ? "未画出的交易: " : "trade not drawn: ") + parts.joined(separator: ", ")
    }

    /// "A → B: 3.2亿", the tooltip of a detail line.
    func detailTooltip(_ graph: Graph, _ d: SegmentMap.DetailFlow) -> String {
        graph.entities.name(d.from) + " → " + graph.entities.name(d.to) + ": " + AmountFormatting.short(d.volume, chinese: chinese)
    }

    /// The tooltip of a card: id, status, segment, RM, size and value, target rank.
    func cardTooltip(_ graph: Graph, _ v: Int, rank: Int?, page: MapPage = MapPage()) -> String {
        let e = graph.entities
        var parts = [e.name(v), e.id(v), statusName(e.status(v)), e.industry(v)]
        if !e.rm(v).isEmpty { parts.append((chinese ? "客户经理 " : "RM ") + e.rm(v)) }
        let size = e.sizes[v], value = e.values[v]
        if !size.isNaN { parts.append((chinese ? "规模 " : "size ") + AmountFormatting.short(size, chinese: chinese)) }
        if !value.isNaN { parts.append((chinese ? "年贡献 " : "value ") + AmountFormatting.short(value, chinese: chinese)) }
        if let rank { parts.append(chinese ? "拓客目标第 \(rank) 名" : "target #\(rank)") }
        return page.tooltip(parts, id: e.id(v))
    }

    /// A company name without its legal form (有限公司, Co., Ltd.): cards stay narrow; the full
    /// name is in the tooltip.
    static func shortName(_ name: String) -> String {
        let suffixes = ["股份有限公司", "有限责任公司", "有限公司", " Co., Ltd.", " Co., Ltd", " Ltd.", " Ltd", " Inc."]
        for suffix in suffixes where name.hasSuffix(suffix) && name.count > suffix.count + 1 {
            return String(name.dropLast(suffix.count))
        }
        return name
    }
}
