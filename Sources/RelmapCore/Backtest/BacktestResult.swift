import Foundation

/// The answer of `relmap backtest`: every method's metrics on the same candidates, with what the
/// reader must know to trust them. Renders itself as a table, JSON or Markdown, in English or
/// Chinese.
public struct BacktestResult: Answer, Codable {
    public var asOf: String
    /// End of the window of wins, when it has one (tune's training); nil: every later win.
    public var until: String?
    public var k: Int
    public var candidates: Int
    public var wonAfter: Int
    public var seeds: Int
    public var rm: String?
    /// Keyed by method: `relmap` (the composite), the five signals, `degree`, `size`, `random`.
    public var methods: [String: RankingMetrics]
    public var weights: RankingWeights
    public var notes: [String]
    /// Seconds per stage (not encoded).
    public var timings: [String: Double] = [:]

    enum CodingKeys: String, CodingKey {
        case asOf = "as_of", until, k, candidates, wonAfter = "won_after", seeds, rm, methods, weights, notes, best
    }

    public init(
        asOf: String, until: String?, k: Int, candidates: Int, wonAfter: Int, seeds: Int, rm: String?,
        methods: [String: RankingMetrics], weights: RankingWeights, notes: [String]
    ) {
        self.asOf = asOf
        self.until = until
        self.k = k
        self.candidates = candidates
        self.wonAfter = wonAfter
        self.seeds = seeds
        self.rm = rm
        self.methods = methods
        self.weights = weights
        self.notes = notes
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        asOf = try c.decode(String.self, forKey: .asOf)
        until = try c.decodeIfPresent(String.self, forKey: .until)
        k = try c.decode(Int.self, forKey: .k)
        candidates = try c.decode(Int.self, forKey: .candidates)
        wonAfter = try c.decode(Int.self, forKey: .wonAfter)
        seeds = try c.decode(Int.self, forKey: .seeds)
        rm = try c.decodeIfPresent(String.self, forKey: .rm)
        methods = try c.decode([String: RankingMetrics].self, forKey: .methods)
        weights = try c.decode(RankingWeights.self, forKey: .weights)
        notes = try c.decode([String].self, forKey: .notes)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(asOf, forKey: .asOf)
        try c.encodeIfPresent(until, forKey: .until)
        try c.encode(k, forKey: .k)
        try c.encode(candidates, forKey: .candidates)
        try c.encode(wonAfter, forKey: .wonAfter)
        try c.encode(seeds, forKey: .seeds)
        try c.encodeIfPresent(rm, forKey: .rm)
        try c.encode(methods, forKey: .methods)
        try c.encode(weights, forKey: .weights)
        try c.encode(notes, forKey: .notes)
        try c.encode(["top_k": bestInTop, "overall": bestOverall], forKey: .best)
    }

    /// The method with the most hits in the top k (ties: the earlier in `Backtest.methods`).
    public var bestInTop: String { best { $0.hits } }
    /// The method with the highest average precision.
    public var bestOverall: String { best { $0.averagePrecision } }

    private func best(_ key: (RankingMetrics) -> Double) -> String {
        var winner = "relmap"
        for m in Backtest.methods where m != "random" {
            if let v = methods[m], let w = methods[winner], key(v) > key(w) { winner = m }
        }
        return winner
    }

    /// Sentences saying which method did best and by how much, and the composite against the
    /// baselines an RM would use without Relmap.
    public func verdict(_ language: Language) -> [String] {
        let text = BacktestText(language)
        guard let random = methods["random"], let top = methods[bestInTop], let overall = methods[bestOverall],
            let relmap = methods["relmap"], let size = methods["size"], let degree = methods["degree"]
        else { return [] }
        return [
            text.bestInTop(bestInTop, hits: top.hits, k: k, times: random.hits > 0 ? top.hits / random.hits : 0),
            text.bestOverall(
                bestOverall, ap: overall.averagePrecision,
                times: random.averagePrecision > 0 ? overall.averagePrecision / random.averagePrecision : 0),
            text.versusBaselines(relmap: relmap.hits, size: size.hits, degree: degree.hits, k: k)
        ]
    }

    public func heading(_ text: BacktestText) -> String {
        text.heading(asOf: Day.parse(asOf), until: until.map(Day.parse), k: k, candidates: candidates, wins: wonAfter, seeds: seeds, rm: rm)
    }

    func rows(_ text: BacktestText) -> [[String]] {
        Backtest.methods.compactMap { m in
            methods[m].map { v in
                [
                    text.methodName(m), text.fmt(v.hits), String(format: "%.3f", v.precision), String(format: "%.3f", v.recall),
                    String(format: "%.3f", v.auc), String(format: "%.3f", v.averagePrecision)
                ]
            }
        }
    }

    public func text(_ format: OutputFormat, _ lang: Language) -> String {
        switch format {
        case .md: return markdown(lang)
        case .csv:
            let text = BacktestText(lang)
            var t = TextTable(columns: ["method"] + text.columns.dropFirst())
            for (m, r) in zip(Backtest.methods.filter { methods[$0] != nil }, rows(text)) { t.add([m] + r.dropFirst()) }
            return t.render(.csv)
        case .table, .json: return table(lang)
        }
    }

    /// An aligned text table with the verdict (the notes go to standard error, as every answer's).
    public func table(_ language: Language = .en) -> String {
        let text = BacktestText(language)
        var t = TextTable(columns: text.columns, numeric: Set(text.columns.dropFirst()))
        for r in rows(text) { t.add(r) }
        var out = heading(text) + "\n\n" + t.render(.table) + "\n"
        for line in verdict(language) { out += line + "\n" }
        return out
    }

    /// The same as a Markdown section (a lead's report, a wiki page).
    public func markdown(_ language: Language = .en) -> String {
        let text = BacktestText(language)
        var out = "## " + heading(text) + "\n\n"
        out +=
            "| " + text.columns.joined(separator: " | ") + " |\n|" + text.columns.indices.map { $0 == 0 ? "---" : "---:" }.joined(separator: "|")
            + "|\n"
        for r in rows(text) { out += "| " + r.joined(separator: " | ") + " |\n" }
        out += "\n" + verdict(language).map { "- " + $0 }.joined(separator: "\n") + "\n"
        if !notes.isEmpty { out += "\n**" + text.notesHeading + "**\n\n" + notes.map { "- " + $0 }.joined(separator: "\n") + "\n" }
        return out
    }
}

extension Day {
    /// A day written by `description` (YYYY-MM-DD); 1970-01-01 for anything else.
    static func parse(_ s: String) -> Day { ValueParsing.parseDay(s) ?? Day(daysSince1970: 0) }
}
