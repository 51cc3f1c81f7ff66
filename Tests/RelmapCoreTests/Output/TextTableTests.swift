import Testing

@testable import RelmapCore

@Suite struct TextTableTests {
    @Test func alignsByDisplayWidth() {
        var t = TextTable(columns: ["name", "count"], numeric: ["count"])
        t.add(["宁德新能", "1"])
        t.add(["Acme", "22"])
        let lines = t.render(.table).split(separator: "\n").map(String.init)
        // Every line is as wide on screen as the header line.
        let widths = Set(lines.filter { !$0.hasPrefix("-") }.map { TextTable.displayWidth($0) })
        #expect(widths.count == 1, "\(lines)")
        #expect(TextTable.displayWidth("宁德") == 4)
        #expect(TextTable.displayWidth("ab") == 2)
    }

    @Test func csvQuotesWhatNeedsIt() {
        var t = TextTable(columns: ["a", "b"])
        t.add(["x,y", "say \"hi\""])
        #expect(t.render(.csv) == "a,b\n\"x,y\",\"say \"\"hi\"\"\"\n")
    }

    @Test func amounts() {
        #expect(AmountFormatting.short(123_000_000, chinese: true) == "1.2亿")
        #expect(AmountFormatting.short(56_000, chinese: true) == "5.6万")
        #expect(AmountFormatting.short(2_500_000, chinese: false) == "2.5M")
    }
}
