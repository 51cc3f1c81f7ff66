import Foundation

/// The answer of `relmap tune`: the weights chosen on the training window and how they fared out
/// of time, beside the default weights on the same day. Renders as a table, JSON or Markdown, and
/// as the weights file `relmap next --weights` reads, with the figures as comments.
public struct TuneResult: Answer, Codable {
    public var train: String
    public var test: String
    public var k: Int
    public var weights: RankingWeights
    public var startWeights: RankingWeights
    /// Every method on the test day, the composite with the tuned weights (out of time).
    public var testTuned: BacktestResult
    /// The same day with the starting (default) weights.
    public var testDefault: BacktestResult
    /// The composite on the training window it was chosen on: in-sample, for reference only.
    public var inSample: RankingMetrics
    public var inSampleDefault: RankingMetrics
    public var trainWins: Int
    public var testWins: Int
    /// Tuned against default within each industry with enough wins (`minimumWinsPerIndustry` in
    /// both windows), out of time.
    public var industries: [Industry]
    public var minimumWinsPerIndustry: Int
    /// The accepted search steps, in words.
    public var steps: [String]
    public var timings: [String: Double] = [:]

    enum CodingKeys: String, CodingKey {
        case train = "train_as_of", test = "test_as_of", k, weights, startWeights = "default_weights"
        case testTuned = "test_tuned", testDefault = "test_default", inSample = "in_sample_tuned"
        case inSampleDefault = "in_sample_default", trainWins = "train_wins", testWins = "test_wins", steps
        case industries, minimumWinsPerIndustry = "minimum_wins_per_industry"
    }

    public struct Industry: Sendable, Codable {
        public var name: String
        public var candidates: Int
        public var trainWins: Int
        public var testWins: Int
        public var tuned: RankingMetrics
        public var standard: RankingMetrics

        enum CodingKeys: String, CodingKey {
            case name, candidates, tuned, trainWins = "train_wins", testWins = "test_wins", standard = "default"
        }
    }

    init(
        train: String, test: String, k: Int, weights: RankingWeights, startWeights: RankingWeights,
        test_ tuned: BacktestResult, testDefault: BacktestResult, inSample: RankingMetrics, inSampleDefault: RankingMetrics,
        trainWins: Int, testWins: Int, industries: [Industry], minimumWinsPerIndustry: Int, steps: [String],
        timings: [String: Double]
    ) {
        self.train = train
        self.test = test
        self.k = k
        self.weights = weights
        self.startWeights = startWeights
        self.testTuned = tuned
        self.testDefault = testDefault
        self.inSample = inSample
        self.inSampleDefault = inSampleDefault
        self.trainWins = trainWins
        self.testWins = testWins
        self.industries = industries
        self.minimumWinsPerIndustry = minimumWinsPerIndustry
        self.steps = steps
        self.timings = timings
    }

    /// The rows of the out-of-time comparison: tuned and default composite, then the baselines.
    func rows(_ text: BacktestText) -> [(String, RankingMetrics)] {
        var out: [(String, RankingMetrics)] = []
        if let t = testTuned.methods["relmap"] { out.append((text.tunedName, t)) }
        if let d = testDefault.methods["relmap"] { out.append((text.defaultName, d)) }
        for m in ["size", "degree", "random"] { if let v = testTuned.methods[m] { out.append((text.methodName(m), v)) } }
        return out
    }

    func cells(_ m: RankingMetrics, _ text: BacktestText) -> [String] {
        [
            text.fmt(m.hits), String(format: "%.3f", m.precision), String(format: "%.3f", m.recall),
            String(format: "%.3f", m.auc), String(format: "%.3f", m.averagePrecision)
        ]
    }

    func summary(_ text: BacktestText) -> [String] {
        guard let t = testTuned.methods["relmap"], let d = testDefault.methods["relmap"] else { return [] }
        return [
            text.tuneHeading(train: train, test: test, trainWins: trainWins, testWins: testWins, k: k),
            text.tuneVerdict(tunedAP: t.averagePrecision, defaultAP: d.averagePrecision, tunedHits: t.hits, defaultHits: d.hits, k: k),
            text.inSampleLine(tunedAP: inSample.averagePrecision, defaultAP: inSampleDefault.averagePrecision)
        ]
    }

    public var notes: [String] { testTuned.notes }

    public func text(_ format: OutputFormat, _ lang: Language) -> String {
        switch format {
        case .md: return markdown(lang)
        case .csv:
            let text = BacktestText(lang)
            var t = TextTable(columns: text.columns)
            for (name, m) in rows(text) { t.add([name] + cells(m, text)) }
            return t.render(.csv)
        case .table, .json: return table(lang)
        }
    }

    public func table(_ language: Language = .en) -> String {
        let text = BacktestText(language)
        let s = summary(text)
        var t = TextTable(columns: text.columns, numeric: Set(text.columns.dropFirst()))
        for (name, m) in rows(text) { t.add([name] + cells(m, text)) }
        var out = s[0] + "\n\n" + t.render(.table) + "\n" + s.dropFirst().joined(separator: "\n") + "\n\n"
        out += text.weightsHeading + ": " + WeightsText.line(weights) + "\n"
        out += text.defaultName + ": " + WeightsText.line(startWeights) + "\n\n"
        out += text.byIndustryHeading(minimum: minimumWinsPerIndustry, shown: industries.count) + "\n"
        if !industries.isEmpty {
            var byIndustry = TextTable(columns: text.industryColumns, numeric: Set(text.industryColumns.dropFirst()))
            for i in industries {
                byIndustry.add([
                    i.name, String(i.candidates), String(i.trainWins), String(i.testWins), text.fmt(i.tuned.hits),
                    text.fmt(i.standard.hits), String(format: "%.3f", i.tuned.averagePrecision),
                    String(format: "%.3f", i.standard.averagePrecision)
                ])
            }
            out += "\n" + byIndustry.render(.table)
        }
        return out
    }

    public func markdown(_ language: Language = .en) -> String {
        let text = BacktestText(language)
        let s = summary(text)
        var out = "## " + s[0] + "\n\n| " + text.columns.joined(separator: " | ") + " |\n|---|" + String(repeating: "---:|", count: 5) + "\n"
        for (name, m) in rows(text) { out += "| " + ([name] + cells(m, text)).joined(separator: " | ") + " |\n" }
        out += "\n" + s.dropFirst().map { "- " + $0 }.joined(separator: "\n") + "\n"
        out += "- " + text.weightsHeading + ": `" + WeightsText.line(weights) + "`\n"
        return out
    }

    /// The weights file: YAML that `relmap next --weights` reads, the figures it was chosen on as
    /// comments (in the report's language).
    public func weightsFile(_ language: Language = .en, tunedOn: Day = .today) -> String {
        let text = BacktestText(language)
        var out = text.fileHeader(tunedOn: tunedOn).map { "# " + $0 + "\n" }.joined()
        for line in summary(text) { out += "# " + line + "\n" }
        for (name, m) in rows(text) {
            out += "#   " + name + ": " + zip(text.columns.dropFirst(), cells(m, text)).map { "\($0) \($1)" }.joined(separator: ", ") + "\n"
        }
        let w = weights
        out += """
            ppr: \(w.ppr)
            bridge: \(w.bridge)
            coverage: \(w.coverage)
            access: \(w.access)
            potential: \(w.potential)
            ppr_transform: \(w.transforms.ppr.rawValue)
            bridge_transform: \(w.transforms.bridge.rawValue)
            coverage_transform: \(w.transforms.coverage.rawValue)
            potential_transform: \(w.transforms.potential.rawValue)
            high_potential: \(w.highPotential)
            warm_access: \(w.warmAccess)
            many_client_ties: \(w.manyClientTies)

            """
        return out
    }
}

enum WeightsText {
    static func line(_ w: RankingWeights) -> String {
        let t = w.transforms
        return String(
            format: "ppr %.3f (%@), bridge %.3f (%@), coverage %.3f (%@), access %.3f, potential %.3f (%@)",
            w.ppr, t.ppr.rawValue, w.bridge, t.bridge.rawValue, w.coverage, t.coverage.rawValue, w.access,
            w.potential, t.potential.rawValue)
    }
}
