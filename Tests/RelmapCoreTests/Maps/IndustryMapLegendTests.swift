import Testing

@testable import RelmapCore

@Suite struct IndustryMapLegendTests {
    @Test func notesWrapIntoLinesInOrder() {
        let notes = [String(repeating: "a", count: 60), String(repeating: "b", count: 60), String(repeating: "c", count: 60), "d"]
        // 60 + 3 + 60 fits 150; the third would not; "d" joins it.
        let lines = MapLegend.noteLines(notes)
        #expect(lines.map { $0.map { String($0.first!) } } == [["a", "b"], ["c", "d"]])
        #expect(lines.flatMap { $0 } == notes, "nothing lost, order kept")
        // A Chinese character counts twice: 40 of them are 80 units, two such notes do not share a line.
        let zh = [String(repeating: "环", count: 40), String(repeating: "节", count: 40)]
        #expect(MapLegend.noteLines(zh).count == 2)
        #expect(MapLegend.noteLines([String(repeating: "x", count: 400)]).count == 1, "a long note stands alone")
        #expect(MapLegend.noteLines([]).isEmpty)
    }

    @Test func legendBreaksNotesWithHTMLLineBreaks() {
        let legend = MapLegend(chinese: false, hasHighlights: false, hasFolds: false)
        let html = legend.html(title: "t", notes: [String(repeating: "a", count: 100), String(repeating: "b", count: 100)])
        #expect(html.contains(String(repeating: "a", count: 100) + "<BR/>" + String(repeating: "b", count: 100)))
    }

    @Test func segmentSummaryIsShortInBothLanguages() {
        let en = MapLegend(chinese: false, hasHighlights: false, hasFolds: false)
        let zh = MapLegend(chinese: true, hasHighlights: false, hasFolds: false)
        #expect(en.segmentSummary(members: 826, clients: 92, trade: 65.2e9) == "826 firms · 92 clients · 65.2B")
        #expect(en.segmentSummary(members: 1, clients: 1, trade: 0) == "1 firm · 1 client")
        #expect(zh.segmentSummary(members: 826, clients: 92, trade: 65.23e9) == "826 家 · 本行 92 · 652.3亿")
        // The legend says what the three figures are.
        let notes = en.segmentNotes(focus: .industry("x"), order: .trade, markCentre: false, hasDetails: false)
        #expect(notes[0].contains("firms · clients · trade"))
        #expect(zh.segmentNotes(focus: .industry("x"), order: .trade, markCentre: false, hasDetails: false)[0].contains("企业数 · 本行客户数 · 交易额"))
    }
}
