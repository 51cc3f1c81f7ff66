import Foundation
import Testing

@testable import RelmapCore

/// Names are data from the user's files; what they hold must not act on a terminal, a
/// spreadsheet or a Markdown viewer (issue 15).
@Suite struct OutputSafetyTests {
    static let hostile = ["\u{1B}[2J\u{1B}]0;pwned\u{7}甲公司", "乙\r丙", "\u{202E}moc.evil", "<script>alert(1)</script>", "a\nb|c"]

    @Test func terminalTableShowsControlCharactersEscaped() {
        var t = TextTable(columns: ["name"])
        for h in Self.hostile { t.add([h]) }
        let out = t.render(.table)
        #expect(!out.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x0D || $0.value == 0x07 || $0.value == 0x202E })
        #expect(out.contains("\\u{1B}[2J\\u{1B}]0;pwned\\u{7}甲公司"))
        #expect(out.contains("乙\\u{D}丙"))
        #expect(out.split(separator: "\n").count == 2 + Self.hostile.count)
    }

    @Test func csvNeutralisesFormulasButKeepsNumbers() {
        let doc = CSVWriter.document(
            header: ["name", "value"],
            rows: [["=HYPERLINK(\"http://x\")", "-5"], ["@SUM(A1)", "+3.5e2"], ["-cmd|' /C calc'!A0", "1"], ["+86 138", "0"]])
        let lines = doc.split(separator: "\n").map(String.init)
        #expect(lines[1] == "\"'=HYPERLINK(\"\"http://x\"\")\",-5")
        #expect(lines[2] == "'@SUM(A1),+3.5e2")
        #expect(lines[3] == "'-cmd|' /C calc'!A0,1")
        #expect(lines[4] == "'+86 138,0")
    }

    @Test func graphExportCSVKeepsValuesAsTheyAre() throws {
        let g = try TempGraph(entities: "id,name,kind\nA,=1+1,company\nB,乙,company\n", relations: "source,target,type\nA,B,supplies\n")
        let out = g.path + "/out"
        try GraphExport.write(try g.load(), format: .csv, to: out)
        #expect(try String(contentsOfFile: out + "/entities.csv", encoding: .utf8).contains("A,=1+1,company"))
    }

    @Test func markdownEscapesHTMLLinksAndLineBreaks() {
        var t = TextTable(columns: ["name"])
        t.add(["<script>alert(1)</script>"])
        t.add(["[click](javascript:alert(1))"])
        t.add(["a\nb|c\u{1B}"])
        let md = t.render(.markdown)
        #expect(!md.contains("<script>"))
        #expect(md.contains("\\[click\\](javascript:alert(1))"))
        #expect(md.contains("| a b\\|c\\u{1B} |"))
    }
}
