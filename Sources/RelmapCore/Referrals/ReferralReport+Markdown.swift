/// The referral report as Markdown, for pasting into notes; shared formatting helpers.
extension ReferralReport {
    /// Rows shown per table in Markdown and HTML; the JSON and CSV outputs hold every row.
    public static let displayLimit = 50

    /// Whether names are mostly Chinese: amounts then read 万/亿 rather than K/M.
    var chinese: Bool {
        AmountFormatting.looksChinese(introducers.prefix(100).map(\.name) + trees.prefix(100).map(\.rootName))
    }

    func money(_ v: Double) -> String { AmountFormatting.short(v, chinese: chinese) }
    static func percent(_ x: Double) -> String { String(Int((x * 100).rounded())) + "%" }

    var scopeLine: String {
        var parts = ["as of \(summary.asOf)"]
        if let since = summary.since { parts.append("referrals since \(since)") }
        if let rm = summary.rm { parts.append("RM \(rm)'s book") } else { parts.append("the whole bank") }
        parts.append("dormant after \(summary.dormantDays) days")
        return parts.joined(separator: " · ")
    }

    /// The report as Markdown.
    public func markdown() -> String {
        let cell = TextTable.markdownCell
        func table(_ header: [String], _ rows: [[String]], total: Int? = nil) -> String {
            var out = "| " + header.joined(separator: " | ") + " |\n|" + header.map { _ in "---|" }.joined() + "\n"
            for r in rows { out += "| " + r.map(cell).joined(separator: " | ") + " |\n" }
            if let total, total > rows.count { out += "\n_\(total - rows.count) more rows in the CSV or JSON output._\n" }
            return out
        }
        let s = summary
        var md = "# Referral report\n\n\(scopeLine)\n\n## Summary\n\n"
        md += "- \(s.referrals) referrals by \(s.introducers) introducers: \(s.won) won, \(s.pending) pending, \(s.lost) lost"
        md += s.noOutcome > 0 ? ", \(s.noOutcome) without outcome\n" : "\n"
        md += "- Conversion \(Self.percent(s.conversionRate)); value won \(money(s.valueWon))\n"
        md +=
            "- \(s.trees) referral trees; the largest holds \(s.largestTree) referred entities, the deepest runs \(s.deepestTree) introductions deep\n"
        md += "- \(dormant.count) dormant introducers to re-activate\n"
        if s.undatedExcluded > 0 { md += "- \(s.undatedExcluded) undated referrals left out by --since\n" }

        md += "\n## Largest referral trees\n\n"
        md += table(
            ["root", "name", "referred", "depth", "won", "value brought", "RMs"],
            trees.prefix(Self.displayLimit).map {
                [$0.root, $0.rootName, String($0.size), String($0.depth), String($0.won), money($0.valueBrought), $0.rms.joined(separator: ", ")]
            },
            total: trees.count)
        for tree in trees.prefix(min(diagramCount, 3)) {
            md += "\n### \(cell(tree.rootName)) (\(cell(tree.root)))\n\n"
            for m in tree.members.prefix(60) {
                let indent = String(repeating: "  ", count: m.depth)
                var line = "\(indent)- \(cell(m.name)) (\(cell(m.id)))"
                if m.parent != nil {
                    line += ": \(m.outcome.isEmpty ? "no outcome" : m.outcome)"
                    if let d = m.date { line += " \(d)" }
                    if m.outcome == "won", let v = m.value { line += ", value \(money(v))" }
                }
                md += line + "\n"
            }
            if tree.members.count > 60 { md += "- … \(tree.members.count - 60) more\n" }
        }

        md += "\n## Introducers\n\n"
        md += table(
            ["id", "name", "kind", "referred", "won", "pending", "lost", "conversion", "value brought", "downstream", "last referral"],
            introducers.prefix(Self.displayLimit).map(introducerRow), total: introducers.count)

        md += "\n## Dormant introducers to re-activate\n\nProductive once, no referral for \(s.dormantDays) days or more.\n\n"
        md +=
            dormant.isEmpty
            ? "None.\n"
            : table(
                ["id", "name", "kind", "referred", "won", "pending", "lost", "conversion", "value brought", "downstream", "last referral"],
                dormant.prefix(Self.displayLimit).map(introducerRow), total: dormant.count)

        md += "\n## Chains per RM\n\n"
        md +=
            rms.isEmpty
            ? "No referral chains touch an RM's book.\n"
            : table(
                ["RM", "trees", "won in book", "value in book", "largest chains (roots)"],
                rms.prefix(Self.displayLimit).map {
                    [
                        $0.rm, String($0.trees.count), String($0.wonInBook), money($0.valueInBook),
                        $0.trees.prefix(5).map { trees[$0].rootName }.joined(separator: ", ")
                    ]
                }, total: rms.count)

        md += "\n## Anomalies\n\n"
        md += anomalyLines().map { "- \(cell($0))\n" }.joined()
        return md
    }

    func introducerRow(_ i: Introducer) -> [String] {
        [
            i.id, i.name, i.kind, String(i.referred), String(i.won), String(i.pending), String(i.lost), Self.percent(i.conversionRate),
            money(i.valueBrought), money(i.valueDownstream), i.lastReferral ?? ""
        ]
    }

    func anomalyLines() -> [String] {
        var lines: [String] = []
        let a = anomalies
        if a.cycles.isEmpty { lines.append("No referral cycles.") }
        for c in a.cycles.prefix(Self.displayLimit) {
            lines.append("Referral cycle: " + (c + [c[0]]).joined(separator: " → ") + " (broken at its latest referral to draw the trees)")
        }
        if a.cycles.count > Self.displayLimit { lines.append("… \(a.cycles.count - Self.displayLimit) more cycles") }
        if a.future.isEmpty { lines.append("No referrals dated after \(summary.asOf).") }
        for f in a.future.prefix(Self.displayLimit) {
            lines.append("Dated in the future: \(f.introducer) → \(f.referred) on \(f.date ?? "")")
        }
        if a.future.count > Self.displayLimit { lines.append("… \(a.future.count - Self.displayLimit) more future-dated referrals") }
        if !a.multipleIntroducers.isEmpty {
            lines.append(
                "\(a.multipleIntroducers.count) entities referred by more than one introducer (each introducer is credited; the tree follows the earliest), e.g. "
                    + a.multipleIntroducers.prefix(5).map { "\($0[0]) by \($0.dropFirst().joined(separator: ", "))" }.joined(separator: "; "))
        }
        if a.undated > 0 { lines.append("\(a.undated) referrals without a date (counted; they cannot show when an introducer was last active).") }
        lines.append("Referrals to unknown entities: \(a.unknownEntitiesNote).")
        return lines
    }
}
