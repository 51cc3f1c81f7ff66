import Foundation

/// Every sentence `relmap backtest` and `relmap tune` show a user, in English and in Chinese, in
/// one place (so that a localisation table can take them over).
public struct BacktestText: Sendable {
    public let language: Language
    public init(_ language: Language) { self.language = language }
    var zh: Bool { language == .zh }

    // MARK: errors

    public var noClientSince: String {
        zh
            ? "没有任何实体填写 client_since（成为本行客户的日期，即开户日期），无法回测；请在 entities.csv 中为客户和流失客户填写 client_since 列"
            : "no entity has a client_since (the day it became a client, its account opening date), so there is no history to test against; fill the client_since column of entities.csv for clients and former clients"
    }
    func beforeEveryRecord(_ day: Day, earliest: Day) -> String {
        zh
            ? "\(day) 早于所有记录：最早的 client_since 是 \(earliest)，那一天本行还没有客户；请选择 \(earliest) 之后的日期"
            : "\(day) is before every record: the earliest client_since is \(earliest), so the bank had no client on \(day); choose a date after \(earliest)"
    }
    func noWinsAfter(_ day: Day, until: Day?, latest: Day) -> String {
        if let until {
            return zh
                ? "\(day) 到 \(until) 之间没有新增客户（最晚的 client_since 是 \(latest)）；请选择更早的日期或更长的区间"
                : "nobody became a client between \(day) and \(until) (the latest client_since is \(latest)); choose an earlier date or a longer window"
        }
        return zh
            ? "\(day) 之后没有新增客户（最晚的 client_since 是 \(latest)），无从检验；请选择 \(latest) 之前的日期"
            : "nobody became a client after \(day) (the latest client_since is \(latest)), so there is nothing to test against; choose a date before \(latest)"
    }
    func noWinsForRM(_ rm: String, _ day: Day) -> String {
        zh
            ? "客户经理 \(rm) 在 \(day) 之后没有新增的企业客户，无从检验；去掉 --rm 看全行结果"
            : "RM \(rm) won no company after \(day), so there is nothing to test this book against; leave out --rm for the whole bank"
    }
    func noCompanyWins(_ day: Day, _ n: Int) -> String {
        zh
            ? "\(day) 之后的 \(n) 个新增客户都不是企业（机构或个人），而排序只排企业；请选择更早的日期"
            : "the \(n) win(s) after \(day) are all institutions or persons, and the ranking ranks companies only; choose an earlier date"
    }
    var everyCandidateWon: String {
        zh
            ? "所有候选企业后来都成为了客户，排序无法区分；数据可能只含客户"
            : "every candidate became a client later, so no order can be told from another; the data may hold only clients"
    }
    public func trainTestOrder(_ d1: Day, _ d2: Day) -> String {
        zh ? "--train-as-of（\(d1)）必须早于 --test-as-of（\(d2)）" : "--train-as-of (\(d1)) must be before --test-as-of (\(d2))"
    }

    // MARK: notes

    func relationsLeftOut(_ n: Int) -> String {
        zh ? "\(n) 条关系的日期晚于回测日，已剔除" : "\(n) relation(s) dated after the day were left out"
    }
    func outcomesHidden(_ n: Int) -> String {
        zh ? "\(n) 条推荐在回测日尚未成交，结果按“进行中”处理" : "\(n) referral(s) not yet won on the day were read as pending"
    }
    func clientsWithoutDate(_ n: Int) -> String {
        zh
            ? "\(n) 个客户没有 client_since，按回测日已是客户处理（不计为新增）"
            : "\(n) client(s) have no client_since and count as clients on the day (never as wins)"
    }
    func undatedTies(_ n: Int) -> String {
        zh
            ? "\(n) 条没有日期的供应关系连着后来成交的客户；如果它们是成交后才从支付流水挖出的，结果会偏乐观（见 Guides/Backtest.md）"
            : "\(n) undated supplies relation(s) touch a later win; if they were mined from payments after the win, the figures are optimistic (Guides/Backtest.md)"
    }
    func winsNotCandidates(_ n: Int) -> String {
        zh ? "\(n) 个新增客户不是企业（机构或个人），不在候选范围内" : "\(n) win(s) are not companies (institutions, persons) and are not among the candidates"
    }
    func smallBook(_ wins: Int) -> String {
        zh
            ? "只有 \(wins) 个新增客户：数字波动大，差一两个命中就会改变结论（见 Guides/Backtest.md 小样本一节）"
            : "only \(wins) wins: one or two hits more or less change the picture; read the figures as a hint (Guides/Backtest.md, small books)"
    }

    // MARK: table

    public func methodName(_ m: String) -> String {
        guard zh else { return m }
        switch m {
        case "relmap": return "relmap（综合）"
        case "ppr": return "ppr（链上邻近）"
        case "bridge": return "bridge（桥接）"
        case "coverage": return "coverage（覆盖）"
        case "access": return "access（引荐）"
        case "potential": return "potential（潜力）"
        case "degree": return "degree（交易方数）"
        case "size": return "size（规模）"
        case "random": return "random（随机期望）"
        default: return m
        }
    }
    var columns: [String] {
        zh ? ["方法", "命中", "精确率@k", "召回率@k", "AUC", "平均精确率"] : ["method", "hits", "precision@k", "recall@k", "AUC", "avg precision"]
    }
    func heading(asOf: Day, until: Day?, k: Int, candidates: Int, wins: Int, seeds: Int, rm: String?) -> String {
        let window = until.map { zh ? "\(asOf) 至 \(String(describing: $0))" : "\(asOf) to \(String(describing: $0))" }
        if zh {
            return
                "回测：\(asOf) 的排序（\(rm.map { "客户经理 \($0) 的 " } ?? "全行 ")\(seeds) 个客户为种子），对照\(window.map { " " + $0 + " 期间" } ?? "其后")成为客户的企业；\(candidates) 个候选，其中 \(wins) 个后来成交；取前 \(k) 名"
        }
        return
            "Backtest: the ranking on \(asOf) (seeds: \(seeds) clients of \(rm.map { "RM \($0)" } ?? "the whole bank")) against the companies won \(window.map { "between " + $0 } ?? "after it"); \(candidates) candidates, \(wins) won later; top \(k)"
    }
    func bestInTop(_ name: String, hits: Double, k: Int, times: Double) -> String {
        zh
            ? "前 \(k) 名命中最多：\(methodName(name))，\(fmt(hits)) 个，是随机期望的 \(fmt(times)) 倍"
            : "Most wins in the top \(k): \(name), \(fmt(hits)), \(fmt(times))x the random expectation"
    }
    func bestOverall(_ name: String, ap: Double, times: Double) -> String {
        zh
            ? "整体排序最好（平均精确率）：\(methodName(name))，\(fmt3(ap))，是随机的 \(fmt(times)) 倍"
            : "Best over all candidates (average precision): \(name), \(fmt3(ap)), \(fmt(times))x random"
    }
    func versusBaselines(relmap: Double, size: Double, degree: Double, k: Int) -> String {
        zh
            ? "relmap 前 \(k) 名命中 \(fmt(relmap)) 个；按规模挑选 \(fmt(size)) 个；按交易方数挑选 \(fmt(degree)) 个"
            : "relmap found \(fmt(relmap)) in its top \(k); picking by size found \(fmt(size)), by number of trading partners \(fmt(degree))"
    }
    // MARK: tune

    var tunedName: String { zh ? "relmap（调优权重）" : "relmap, tuned weights" }
    var defaultName: String { zh ? "relmap（默认权重）" : "relmap, default weights" }
    var weightsHeading: String { zh ? "调优后的权重" : "Tuned weights" }
    func tuneHeading(train: String, test: String, trainWins: Int, testWins: Int, k: Int) -> String {
        zh
            ? "调优：以 \(train) 的排序对照 \(train) 至 \(test) 间成交的 \(trainWins) 个客户选定权重；以下是样本外结果：\(test) 的排序对照其后成交的 \(testWins) 个客户（前 \(k) 名）"
            : "Tune: weights chosen on the ranking of \(train) against the \(trainWins) clients won between \(train) and \(test); below, out of time: the ranking of \(test) against the \(testWins) clients won after it (top \(k))"
    }
    func tuneVerdict(tunedAP: Double, defaultAP: Double, tunedHits: Double, defaultHits: Double, k: Int) -> String {
        let better = tunedAP > defaultAP
        if zh {
            return
                "样本外：调优权重平均精确率 \(fmt3(tunedAP))，默认权重 \(fmt3(defaultAP))（\(better ? "调优更好" : "调优没有更好，建议保留默认")）；前 \(k) 名命中 \(fmt(tunedHits)) 对 \(fmt(defaultHits))"
        }
        return
            "Out of time: average precision \(fmt3(tunedAP)) with the tuned weights, \(fmt3(defaultAP)) with the defaults (\(better ? "the tuned weights are better" : "tuning did not help; keep the defaults")); hits in the top \(k): \(fmt(tunedHits)) against \(fmt(defaultHits))"
    }
    func inSampleLine(tunedAP: Double, defaultAP: Double) -> String {
        zh
            ? "（样本内，仅供参考，不是结论：训练区间上平均精确率 \(fmt3(tunedAP))，默认 \(fmt3(defaultAP))）"
            : "(In sample, for reference only and not the result: average precision \(fmt3(tunedAP)) on the training window, defaults \(fmt3(defaultAP)))"
    }
    func fileHeader(tunedOn: Day) -> [String] {
        zh
            ? ["relmap tune 于 \(tunedOn) 生成的权重；用法：relmap next DIR --weights 本文件", "所依据的数字："]
            : ["Weights written by relmap tune on \(tunedOn); use with: relmap next DIR --weights THIS_FILE", "The figures they were chosen on:"]
    }

    func byIndustryHeading(minimum: Int, shown: Int) -> String {
        if shown == 0 {
            return zh
                ? "分行业：没有行业在训练区间和检验期都有至少 \(minimum) 个新增客户，不单独列出（数字会被一两个客户左右）"
                : "By industry: no industry has at least \(minimum) wins in both the training window and after the test day, so none is shown on its own (one or two wins would decide its figures)"
        }
        return zh
            ? "分行业（样本外；只列训练区间和检验期各有至少 \(minimum) 个新增客户的行业）："
            : "By industry (out of time; only industries with at least \(minimum) wins in both the training window and after the test day):"
    }
    var industryColumns: [String] {
        zh
            ? ["行业", "候选", "训练期成交", "检验期成交", "命中（调优）", "命中（默认）", "平均精确率（调优）", "平均精确率（默认）"]
            : ["industry", "candidates", "train wins", "test wins", "hits tuned", "hits default", "avg precision tuned", "avg precision default"]
    }

    var notesHeading: String { zh ? "说明" : "Notes" }

    /// Hits: whole numbers as they are, expected (fractional) ones with two significant digits.
    public func fmt(_ v: Double) -> String {
        v == v.rounded() ? String(Int(v)) : v < 1 ? String(format: "%.2g", v) : String(format: v < 10 ? "%.2f" : "%.1f", v)
    }
    func fmt3(_ v: Double) -> String { String(format: "%.3f", v) }
}
