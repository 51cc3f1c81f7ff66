import Foundation
import Testing

@Suite struct MapCommandTests {
    @Test func industryDefaultsToTheSegmentViewWithAnchorsAndAskedLinks() throws {
        let plain = try RelmapProcess.run(["map", "Graphs/battery-chain", "--industry", "电芯", "--lang", "en", "--format", "svg"])
        #expect(plain.status == 0)
        // Graphviz writes "-" in ids as &#45; (the DOM reads a_entity-CEL01).
        #expect(plain.stdout.contains("id=\"a_entity&#45;CEL01\""))
        #expect(plain.stdout.contains("Value chain through 电芯"))
        #expect(!plain.stdout.contains("xlink:href"), "no links unless asked")
        let linked = try RelmapProcess.run([
            "map", "Graphs/battery-chain", "--industry", "电芯", "--lang", "zh", "--format", "svg",
            "--link-prefix", "/entities/"
        ])
        #expect(linked.stdout.contains("xlink:href=\"/entities/CEL01\""))
        #expect(linked.stdout.contains("电芯 产业链地图") && linked.stdout.contains("数据来源 Graphs/battery"))
        let company = try RelmapProcess.run(["map", "Graphs/battery-chain", "--industry", "电芯", "--depth", "1", "--view", "company"])
        #expect(company.stdout.hasPrefix("digraph \"industry_map\""))
    }

    @Test func pdfSplitsIntoPagesAndSaysSo() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("relmap-map-\(UUID().uuidString).pdf").path
        defer { try? FileManager.default.removeItem(atPath: out) }
        let run = try RelmapProcess.run(["map", "Graphs/battery-chain", "--rm", "RM01", "--lang", "en", "--paper", "a4", "--out", out])
        #expect(run.status == 0)
        #expect(run.stderr.contains("split into 2 pages"))
        let pdf = try String(decoding: Data(contentsOf: URL(fileURLWithPath: out)), as: UTF8.self)
        #expect(pdf.hasPrefix("%PDF-") && pdf.contains("/Count 2"))
    }

    @Test func badMapOptionsAreUsageErrors() throws {
        let detail = try RelmapProcess.run(["map", "Graphs/battery-chain", "--industry", "电芯", "--detail", "-1"])
        #expect(detail.status == 2 && detail.stderr.contains("--detail"))
        let view = try RelmapProcess.run(["map", "Graphs/battery-chain", "--industry", "电芯", "--view", "tree"])
        #expect(view.status == 2 && view.stderr.contains("segment"))
    }
}
