import Foundation

extension Language {
    /// A share as a percentage with two decimals: 0.6 is "60.00%".
    public func percent(_ x: Double) -> String { String(format: "%.2f%%", x * 100) }

    func controlKind(_ k: ControlStructure.Kind) -> String {
        switch k {
        case .none: self("none", "无")
        case .majority: self("majority", "绝对控股")
        case .relative: self("relative", "相对控股")
        }
    }
}

extension OwnershipIssue {
    /// The problem as a diagnostic a user can act on, naming every relation involved (the file
    /// and line of each when `lines` knows them).
    public func diagnostic(_ graph: Graph, file: String, lines: [Int: Int] = [:], _ lang: Language = .en) -> Diagnostic {
        let e = graph.entities
        func who(_ v: Int) -> String { "\(e.id(v)) \(e.name(v))" }
        func rel(_ r: Int) -> String {
            let rs = graph.relations
            let share = rs.weight(r).map { lang.percent($0) } ?? lang("no share", "无比例")
            let at = lines[r].map { lang("line \($0): ", "第 \($0) 行: ") } ?? ""
            return "\(at)\(e.id(rs.source(r))) \(lang("owns", "持有")) \(e.id(rs.target(r))) \(share)"
        }
        let ordered = relations.sorted { (lines[$0] ?? .max, $0) < (lines[$1] ?? .max, $1) }
        let listed = ordered.map(rel).joined(separator: "; ")
        let first = ordered.first.flatMap { lines[$0] }
        let message: String, fix: String
        switch kind {
        case .missingShare:
            message = lang(
                "owns relation without a share (\(listed)); left out of shares and control",
                "持股关系没有持股比例 (\(listed)); 不计入持股与控制")
            fix = lang("write the share in weight as a fraction (0.35) or a percentage (35%)", "在 weight 列填写持股比例, 如 0.35 或 35%")
        case .zeroShare:
            message = lang("owns relation with a share of 0 (\(listed)); left out", "持股比例为 0 (\(listed)); 不计入")
            fix = lang("give the real share, or delete the line if the holding was sold", "填写实际比例; 若股份已转让请删除该行")
        case .shareAboveOne:
            message = lang("equity share above 100% (\(listed)); left out", "持股比例超过 100% (\(listed)); 不计入")
            fix = lang("write shares as fractions: 35 percent is 0.35", "比例请写成小数: 35% 即 0.35")
        case .selfHolding:
            message = lang(
                "\(who(entities[0])) holds itself (\(listed)); reported apart as its own shares, not as an owner",
                "\(who(entities[0])) 持有自身股份 (\(listed)); 作为库存股单列, 不算股东")
            fix = lang("check whether another holder was meant", "请核对是否应为其他股东")
        case .oversubscribed:
            message = lang(
                "the direct owners of \(who(entities[0])) add up to \(lang.percent(value ?? 0)), more than 100% (\(listed)); integrated shares are computed as if scaled to 100%, control reads the shares as given",
                "\(who(entities[0])) 的直接股东合计 \(lang.percent(value ?? 0)), 超过 100% (\(listed)); 穿透比例按等比缩至 100% 计算, 控制关系按原比例判断")
            fix = lang("correct the shares or remove holdings that were sold", "请更正持股比例或删除已转让的持股")
        case .closedCycle:
            message = lang(
                "\(entities.map(who).joined(separator: ", ")) own each other entirely with no outside holder (\(listed)); no share exists, the holdings inside the cycle are left out of integrated ownership",
                "\(entities.map(who).joined(separator: ", ")) 相互全资持有, 没有外部股东 (\(listed)); 无法计算穿透比例, 环内持股不计入")
            fix = lang("add the outside holders of these companies, or correct the shares", "请补充这些企业的外部股东或更正持股比例")
        case .controlCycle:
            message = lang(
                "\(entities.map(who).joined(separator: ", ")) control each other round a loop (\(listed)); none of them has an actual controller",
                "\(entities.map(who).joined(separator: ", ")) 相互控制形成环 (\(listed)); 均无实际控制人")
            fix = lang("check the shares: two companies cannot each hold a majority of the other in a real register", "请核对持股比例: 两家企业不可能互相绝对控股")
        }
        return Diagnostic(severity, file: file, line: first, field: "weight", message, fix: fix)
    }
}

/// Finds the lines of `owns` relations in a relations.csv, for diagnostics: the graph keeps no
/// line numbers (a million relations would pay for them), so the file is read again, only when
/// there is something to report.
public enum OwnershipLines {
    /// Line of each relation in `relations` (indices into `graph`), when `path` is a graph folder
    /// whose relations.csv can be read; empty otherwise.
    /// - Complexity: O(size of relations.csv).
    public static func locate(_ relations: [Int], in graph: Graph, path: String) -> [Int: Int] {
        guard !relations.isEmpty else { return [:] }
        let file = (path as NSString).appendingPathComponent("relations.csv")
        guard let data = FileManager.default.contents(atPath: file), let reader = try? CSVReader(bytes: [UInt8](data)) else { return [:] }
        var wanted: [String: [Int]] = [:]
        for r in relations {
            wanted[graph.entities.id(graph.relations.source(r)) + "\u{1}" + graph.entities.id(graph.relations.target(r)), default: []].append(r)
        }
        var header: [String] = []
        var found: [Int: Int] = [:]
        try? reader.forEachRecord { rec in
            if header.isEmpty {
                header = (0..<rec.count).map { rec.string($0).trimmingCharacters(in: .whitespaces).lowercased() }
                return true
            }
            guard let s = header.firstIndex(of: "source"), let t = header.firstIndex(of: "target"),
                let ty = header.firstIndex(of: "type"), max(s, t, ty) < rec.count,
                VocabularyParsing.type(rec.trimmed(ty)) == .owns,
                let rs = wanted[rec.trimmed(s) + "\u{1}" + rec.trimmed(t)]
            else { return true }
            for r in rs where found[r] == nil { found[r] = rec.line }
            return found.count < relations.count
        }
        return found
    }
}
