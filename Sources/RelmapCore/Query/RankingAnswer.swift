import Foundation

/// `relmap next` and `GET /api/next`: the ranked targets and how they were found. Its JSON is the
/// list of rows (`RankedCandidate`), the shape `relmap next --format json` has always printed.
public struct RankingAnswer: Answer {
    public var rows: [RankedCandidate]
    /// Candidates after filters, before `top`.
    public var candidateCount: Int
    public var seedCount: Int
    /// Whose clients the ranking starts from, in words ("RM01's book").
    public var seedsLabel: String
    public var notes: [String]
    /// Whether ppr was estimated by the local push (one RM's book on a large graph).
    public var approximate: Bool
    /// Whether the table carries each row's reasons below it.
    public var explain: Bool
    /// Seconds per stage, for `--timings`.
    public var timings: [String: Double]

    public init(_ result: ExpansionRanking.Result, seeds: ExpansionRanking.SeedSelection, explain: Bool, lang: Language) {
        rows = result.candidates
        candidateCount = result.candidateCount
        seedCount = result.seeds.count
        notes = result.notes
        approximate = result.pprErrorBound != nil
        self.explain = explain
        timings = result.timings
        switch seeds {
        case .allClients: seedsLabel = lang("all clients", "全部本行客户")
        case .rm(let rm): seedsLabel = lang("\(rm)'s book", "客户经理 \(rm) 名下客户")
        case .clients: seedsLabel = lang("the named clients", "指定客户")
        }
    }

    public var isFound: Bool { !rows.isEmpty }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rows)
    }

    public func text(_ format: OutputFormat, _ lang: Language) -> String {
        func f(_ v: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", v) }
        func g(_ v: Double) -> String { v == 0 ? "0" : String(format: "%.3g", v) }
        if format == .csv {
            // Column names are the JSON keys: a spreadsheet or script reads them in any language.
            var t = TextTable(columns: [
                "rank", "id", "name", "status", "industry", "region", "score", "ppr", "bridge",
                "bridge_error", "coverage", "coverage_volume", "access", "potential", "quadrant", "reasons"
            ])
            for (k, r) in rows.enumerated() {
                t.add([
                    String(k + 1), r.id, r.name, r.status, r.industry, r.region, String(r.score), String(r.signals.ppr),
                    String(r.signals.bridge), r.bridgeError.map { String($0) } ?? "", String(r.signals.coverage),
                    String(r.coverageVolume), String(r.signals.access), String(r.signals.potential),
                    r.quadrant.rawValue, r.reasons.joined(separator: "; ")
                ])
            }
            return t.text(.csv)
        }
        let head = [
            "#", "id", lang("name", "名称"), lang("status", "状态"), lang("industry", "行业"), lang("score", "得分"),
            "ppr", "bridge", lang("cover", "覆盖"), lang("access", "引荐"), lang("potential", "潜力"), lang("quadrant", "象限")
        ]
        var t = TextTable(columns: head, numeric: Set([head[0], head[5], head[6], head[7], head[8], head[9], head[10]]))
        for (k, r) in rows.enumerated() {
            let bridge = r.bridgeError.map { g(r.signals.bridge) + "±" + g($0) } ?? g(r.signals.bridge)
            t.add([
                String(k + 1), r.id, r.name, Words.status(named: r.status, lang), r.industry, f(r.score, 3), g(r.signals.ppr), bridge,
                String(r.signals.coverage), f(r.signals.access, 2), f(r.signals.potential, 2), Words.quadrant(r.quadrant, lang)
            ])
        }
        var text = t.text(format)
        if explain {
            text += "\n"
            for (k, r) in rows.enumerated() {
                let line = lang(
                    "\(k + 1). \(r.name) (\(r.id)): \(Words.quadrant(r.quadrant, lang)), score \(f(r.score, 3))",
                    "\(k + 1). \(r.name)（\(r.id)）：\(Words.quadrant(r.quadrant, lang))，得分 \(f(r.score, 3))")
                text += (format == .md ? TextTable.markdownCell(line) : line) + "\n"
                for reason in r.reasons { text += "   - \(format == .md ? TextTable.markdownCell(reason) : reason)\n" }
            }
        }
        text +=
            "\n"
            + lang(
                "\(rows.count) of \(candidateCount) candidates, ranked from \(seedCount) seed clients (\(seedsLabel))",
                "共 \(candidateCount) 个候选，列出 \(rows.count) 个；以 \(seedCount) 个种子客户（\(seedsLabel)）为起点排序") + "\n"
        return text
    }
}
