import Testing

@testable import RelmapCore

@Suite struct SegmentMapTests {
    func group(_ map: SegmentMap, _ segment: String, side: SegmentMap.Side = .whole) -> SegmentMap.Group? {
        map.groups.first { $0.segment == segment && $0.side == side }
    }

    func ids(_ g: Graph, _ group: SegmentMap.Group?) -> [String] {
        (group?.cards ?? []).map { g.entities.id($0.entity) }
    }

    @Test func segmentsAreColumnsUpstreamToDownstream() throws {
        let g = try chainGraph(upstream: 3, downstream: 2)
        let map = try SegmentMap.extract(g, focus: .industry("电芯"))
        let column = Dictionary(uniqueKeysWithValues: map.groups.map { ($0.segment, $0.column) })
        #expect(column == ["锂矿": 0, "正极": 1, "负极": 1, "电芯": 2, "整车": 3, "车队": 4])
        #expect(map.columnCount == 5)
        #expect(group(map, "电芯")?.isCentre == true)
        #expect(map.entityCount == 3 + 6 + 1 + 2 + 2)
        // One flow per segment pair, with the summed trade and the relation count.
        #expect(map.flows.count == 6)
        let cells = map.groups.firstIndex { $0.segment == "电芯" }!, cars = map.groups.firstIndex { $0.segment == "整车" }!
        let toCars = try #require(map.flows.first { $0.from == cells && $0.to == cars })
        #expect(toCars.volume == 3e7 && toCars.relationCount == 2)
        let mines = map.groups.firstIndex { $0.segment == "锂矿" }!
        let fromMines = map.flows.filter { $0.from == mines }
        #expect(fromMines.map(\.relationCount).reduce(0, +) == 6)
        #expect(fromMines.map(\.volume).reduce(0, +) == 6e5)
        for f in map.flows { #expect(map.groups[f.from].column < map.groups[f.to].column) }
        #expect(map.unplotted == SegmentMap.Unplotted())
        // Largest flow first.
        #expect(map.flows.map(\.volume) == map.flows.map(\.volume).sorted(by: >))
        // Counts in the header: clients among all members.
        #expect(group(map, "正极")?.memberCount == 2 && group(map, "正极")?.clientCount == 1)
    }

    @Test func columnsFoldToTheRowBudgetTargetsFirst() throws {
        let g = try chainGraph(upstream: 40, downstream: 3)
        let u0 = g.index(ofID: "U0")!
        let map = try SegmentMap.extract(g, focus: .industry("电芯"), options: .init(depth: 1, rowsPerColumn: 10, highlights: [u0: 1]))
        let cathode = try #require(group(map, "正极"))
        let anode = try #require(group(map, "负极"))
        // Two segments of 20 share the column's 10 rows: 4 cards and a "+N more" row each.
        #expect(cathode.cards.count == 4 && cathode.foldedCount == 16)
        #expect(anode.cards.count == 4 && anode.foldedCount == 16)
        // The target first, then by trade: U38, U36, U34 are the largest cathode suppliers.
        #expect(ids(g, cathode) == ["U0", "U38", "U36", "U34"])
        #expect(cathode.cards[0].rank == 1)
        let shown: Set<Int> = [0, 38, 36, 34]
        var folded = 0.0
        for i in stride(from: 0, to: 40, by: 2) where !shown.contains(i) { folded += Double(i + 1) * 1e6 }
        #expect(abs(cathode.foldedFigure - folded) < 1)
        #expect(ids(g, group(map, "整车")) == ["D2", "D1", "D0"])
        #expect(group(map, "整车")?.foldedCount == 0)
    }

    @Test func orderByValueUsesSize() throws {
        let g = try chainGraph(upstream: 0, downstream: 4)
        let byValue = try SegmentMap.extract(g, focus: .industry("电芯"), options: .init(depth: 1, order: .value))
        #expect(ids(g, group(byValue, "整车")) == ["D3", "D2", "D1", "D0"])
        #expect(group(byValue, "整车")?.cards.first?.figure == 4e9)
    }

    @Test func downstreamEntityOfAnUpstreamSegmentIsDrawnDownstream() throws {
        // A cathode maker U supplies the cell maker F; F sells scrap to R, another cathode firm.
        var b = CSVChain()
        try b.addEntity(EntityRecord(id: "F", name: "电芯厂", status: .client, industry: "电芯"))
        try b.addEntity(EntityRecord(id: "U", name: "正极厂", industry: "正极"))
        try b.addEntity(EntityRecord(id: "R", name: "回收厂", industry: "正极"))
        try b.addRelation(RelationRecord(source: "U", target: "F", type: .supplies, weight: 1e8))
        try b.addRelation(RelationRecord(source: "F", target: "R", type: .supplies, weight: 1e6))
        let g = b.build()
        let map = try SegmentMap.extract(g, focus: .industry("电芯"), options: .init(depth: 1))
        let up = try #require(group(map, "正极"))
        let down = try #require(group(map, "正极", side: .downstream))
        let centre = try #require(group(map, "电芯"))
        #expect(up.column < centre.column && centre.column < down.column)
        #expect(ids(g, down) == ["R"] && ids(g, up) == ["U"])
        #expect(map.flows.count == 2)
        #expect(map.unplotted == SegmentMap.Unplotted())
        let dot = map.dot(g, style: .init(language: .zh))
        #expect(dot.contains("正极 (下游)"))
    }

    @Test func tradeAgainstTheChainIsCountedNotDrawn() throws {
        // An RM book in two segments (no single centre): the small flow C -> A runs backwards.
        var b = CSVChain()
        try b.addEntity(EntityRecord(id: "A", name: "矿", status: .client, industry: "锂矿", rm: "R1"))
        try b.addEntity(EntityRecord(id: "B", name: "盐", industry: "锂盐"))
        try b.addEntity(EntityRecord(id: "C", name: "正极", status: .client, industry: "正极", rm: "R1"))
        try b.addEntity(EntityRecord(id: "D", name: "正极二", industry: "正极"))
        try b.addRelation(RelationRecord(source: "A", target: "B", type: .supplies, weight: 1e8))
        try b.addRelation(RelationRecord(source: "B", target: "C", type: .supplies, weight: 1e8))
        try b.addRelation(RelationRecord(source: "C", target: "A", type: .supplies, weight: 2e4))
        try b.addRelation(RelationRecord(source: "C", target: "D", type: .supplies, weight: 3e4))
        let g = b.build()
        let map = try SegmentMap.extract(g, focus: .rm("R1"), options: .init(depth: 1))
        #expect(map.groups.map(\.segment) == ["锂矿", "锂盐", "正极"])
        #expect(map.groups.allSatisfy { $0.side == .whole && !$0.isCentre })
        #expect(map.unplotted.backwardCount == 1 && map.unplotted.backwardVolume == 2e4)
        #expect(map.unplotted.withinCount == 1 && map.unplotted.withinVolume == 3e4)
        #expect(map.flows.count == 2)
        // The book's clients come first in their segment and are marked as the centre.
        #expect(map.groups[2].cards.first.map { g.entities.id($0.entity) } == "C")
        #expect(map.groups[2].cards.first?.isCentre == true)
        let zh = map.dot(g, style: .init(language: .zh))
        #expect(zh.contains("未画出的交易: 逆向 1 条 (2万), 同列内 1 条 (3万)"))
        #expect(zh.contains("蓝框 = R1 的客户"))
        let en = map.dot(g, style: .init(language: .en))
        #expect(en.contains("trade not drawn: 1 against the chain (20K), 1 within a column (30K)"))
    }

    @Test func detailFlowsAreTheLargestForwardCompanyFlows() throws {
        let g = try chainGraph(upstream: 3, downstream: 2)
        let map = try SegmentMap.extract(g, focus: .industry("电芯"), options: .init(detail: 3))
        #expect(map.details.map { g.entities.id($0.from) + ">" + g.entities.id($0.to) } == ["F>D1", "F>D0", "U2>F"])
        for d in map.details { #expect(map.groups[d.fromGroup].column < map.groups[d.toGroup].column) }
        let dot = map.dot(g, style: .init(language: .en))
        #expect(dot.contains("\"g3\":\"o0\":e -> \"g4\":\"i"), "detail lines leave a card's right cell for a card's left cell")
    }

    @Test func dotCarriesIdsLinksFooterAndLanguage() throws {
        var b = CSVChain()
        try b.addEntity(EntityRecord(id: "A B/中", name: "华鑫电芯有限公司", status: .client, industry: "电芯", size: 3e9))
        try b.addEntity(EntityRecord(id: "S1", name: "Supplier & <Sons>", industry: "正极"))
        try b.addRelation(RelationRecord(source: "S1", target: "A B/中", type: .supplies, weight: 2.5e8))
        let g = b.build()
        let map = try SegmentMap.extract(g, focus: .industry("电芯"))
        let plain = map.dot(g, style: .init(language: .zh))
        #expect(plain.contains("ID=\"entity-A%20B%2F%E4%B8%AD\""))
        #expect(plain.contains("TARGET=\"_top\""))
        #expect(!plain.contains("HREF"), "no links unless asked")
        #expect(plain.contains(">华鑫电芯</FONT>"), "legal form dropped on the card")
        #expect(plain.contains("Supplier &amp; &lt;Sons&gt;"))
        #expect(plain.contains("电芯 产业链地图") && plain.contains("2.5亿\\n1 条"))
        #expect(!plain.contains("cluster_page"), "no footer without a source")
        let linked = map.dot(
            g, style: .init(language: .en, page: MapPage(paper: .a3, source: "Graphs/x", date: "2026-03-05", linkPrefix: "/entities/")))
        #expect(linked.contains("HREF=\"/entities/A%20B%2F%E4%B8%AD\""))
        #expect(linked.contains("Value chain through 电芯") && linked.contains("250M\\n1 rel."))
        #expect(linked.contains("Data: Graphs/x · 2026-03-05 · made with Relmap"))
        #expect(linked.contains("size=\"14.75,9.91\""))
        #expect(
            linked
                == map.dot(
                    g, style: .init(language: .en, page: MapPage(paper: .a3, source: "Graphs/x", date: "2026-03-05", linkPrefix: "/entities/"))))
    }

    @Test func requestChoosesTheView() throws {
        let g = try chainGraph(upstream: 3, downstream: 2)
        let f = g.index(ofID: "F")!
        #expect(try MapRequest(focus: .entity(f), depth: 2).resolvedView(g) == .company)
        #expect(try MapRequest(focus: .industry("电芯"), depth: 2).resolvedView(g) == .segment)
        #expect(try MapRequest(focus: .rm("RM1"), depth: 1).resolvedView(g) == .segment, "RM1 owns F and U0: a book of two")
        #expect(try MapRequest(focus: .industry("电芯"), depth: 2, view: .company).resolvedView(g) == .company)
        let (dot, view) = try MapRequest(focus: .entity(f), depth: 1, view: .segment).dot(g)
        #expect(view == .segment && dot.hasPrefix("digraph \"segment_map\""))
    }

    @Test func footerDateFromSourceDateEpoch() {
        #expect(MapPage.today(["SOURCE_DATE_EPOCH": "1764633600"]) == "2025-12-02")
    }
}

@Suite struct SegmentMapPagesTests {
    /// Two chains that do not trade with each other, in one RM's book.
    func twoChains() -> Graph {
        var b = CSVChain()
        for (chain, segments) in [("a", ["锂矿", "锂盐", "正极"]), ("b", ["棉花", "纺纱", "成衣"])] {
            for (k, segment) in segments.enumerated() {
                try! b.addEntity(EntityRecord(id: "\(chain)\(k)", name: "\(segment)厂", status: .client, industry: segment, rm: "R1"))
                if k > 0 {
                    try! b.addRelation(
                        RelationRecord(source: "\(chain)\(k - 1)", target: "\(chain)\(k)", type: .supplies, weight: chain == "a" ? 5e8 : 1e8))
                }
            }
        }
        // A stray relation between the chains, far below both chains' flows.
        try! b.addRelation(RelationRecord(source: "a0", target: "b1", type: .supplies, weight: 1e4))
        try! b.addEntity(EntityRecord(id: "z", name: "孤立厂", status: .client, industry: "其他", rm: "R1"))
        return b.build()
    }

    @Test func minorPairsAreCountedNotDrawn() throws {
        let g = twoChains()
        let map = try SegmentMap.extract(g, focus: .rm("R1"), options: .init(depth: 1))
        #expect(map.flows.count == 4)
        #expect(map.unplotted.minorCount == 1 && map.unplotted.minorVolume == 1e4)
    }

    @Test func pagesFollowChainsLargestFirstLooseGroupsLast() throws {
        let g = twoChains()
        let map = try SegmentMap.extract(g, focus: .rm("R1"), options: .init(depth: 1))
        let pages = map.pages()
        #expect(pages.count == 3)
        #expect(pages.map { $0.groups.map(\.segment) } == [["锂矿", "锂盐", "正极"], ["棉花", "纺纱", "成衣"], ["其他"]])
        #expect(pages.map(\.pageNumber) == [1, 2, 3] && pages.allSatisfy { $0.pageCount == 3 })
        #expect(pages[1].groups.map(\.column) == [0, 1, 2], "columns start again at 0 on each page")
        #expect(pages[0].flows.count == 2 && pages[1].flows.count == 2 && pages[2].flows.isEmpty)
        for page in pages { for f in page.flows { #expect(page.groups[f.from].column < page.groups[f.to].column) } }
        let dot = pages[1].dot(g, style: .init(language: .zh))
        #expect(dot.contains("客户经理 R1 的产业地图 (第 2/3 页)"))
        // One chain alone is one page.
        let single = try SegmentMap.extract(g, focus: .industry("锂盐"), options: .init(depth: 1))
        #expect(single.pages().count == 1)
    }

    @Test func printingSplitsOnlyBelowSevenPoints() throws {
        let g = twoChains()
        let drawing = try MapRequest(focus: .rm("R1"), depth: 1).draw(g, style: .init(language: .en))
        #expect(drawing.view == .segment && drawing.pageDOTs.count == 3)
        let a3 = MapPage(paper: .a3)
        // 10 pt text on a 20-inch-wide drawing shrinks to about 7.5 pt on A3: one sheet.
        #expect(!drawing.shouldSplit(width: 20, height: 5, page: a3))
        #expect(drawing.printNote(width: 20, height: 5, page: a3, split: false) == nil)
        #expect(drawing.shouldSplit(width: 30, height: 5, page: a3))
        #expect(drawing.printNote(width: 30, height: 5, page: a3, split: true)?.contains("split into 3 pages") == true)
        #expect(!drawing.shouldSplit(width: 30, height: 5, page: MapPage()), "no paper, no pages")
        let printed = try #require(a3.printedFont(width: 20, height: 5, smallest: 10))
        #expect(abs(printed - 10 * (1190.55 - 56.7 - 72) / (20 * 72)) < 1e-9)
    }
}
