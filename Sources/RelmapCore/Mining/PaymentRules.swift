import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Which payments are not trade: memo keywords and counterparty name patterns, each rule naming
/// the reason counted in the mining report.
///
/// A `--rules` file (YAML or JSON) has the same shape:
/// ```yaml
/// replace_defaults: false        # true: only the file's rules apply
/// include_individuals: false     # true: keep payments to and from persons
/// keep: [货款, 材料款]            # memo words that mark trade even when an exclusion word matches
/// rules:
///   - reason: payroll
///     memo: [代发, 工资, salary, payroll]
///     counterparty: []
/// ```
/// A file rule with the same reason as a default rule replaces it; others are added.
/// Matching is substring, case-insensitive for Latin letters.
public struct PaymentRules: Codable, Sendable, Equatable {
    public struct Rule: Codable, Sendable, Equatable {
        public var reason: String
        public var memo: [String]
        public var counterparty: [String]

        public init(reason: String, memo: [String] = [], counterparty: [String] = []) {
            self.reason = reason
            self.memo = memo
            self.counterparty = counterparty
        }

        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            reason = try c.decode(String.self, forKey: .reason)
            memo = try c.decodeIfPresent([String].self, forKey: .memo) ?? []
            counterparty = try c.decodeIfPresent([String].self, forKey: .counterparty) ?? []
        }
    }

    public var rules: [Rule]
    public var keep: [String]
    public var includeIndividuals: Bool
    public var replaceDefaults: Bool

    enum CodingKeys: String, CodingKey {
        case rules, keep
        case includeIndividuals = "include_individuals"
        case replaceDefaults = "replace_defaults"
    }

    public init(rules: [Rule], keep: [String] = [], includeIndividuals: Bool = false, replaceDefaults: Bool = false) {
        self.rules = rules
        self.keep = keep
        self.includeIndividuals = includeIndividuals
        self.replaceDefaults = replaceDefaults
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        rules = try c.decodeIfPresent([Rule].self, forKey: .rules) ?? []
        keep = try c.decodeIfPresent([String].self, forKey: .keep) ?? []
        includeIndividuals = try c.decodeIfPresent(Bool.self, forKey: .includeIndividuals) ?? false
        replaceDefaults = try c.decodeIfPresent(Bool.self, forKey: .replaceDefaults) ?? false
    }

    /// The default exclusions. `税` alone would also catch `含税货款` (goods, tax included), hence
    /// the `keep` words, checked first.
    public static let defaults = PaymentRules(
        rules: [
            Rule(reason: "payroll", memo: ["代发", "工资", "薪酬", "奖金", "salary", "payroll", "wages"]),
            Rule(reason: "tax and fees", memo: ["税", "国库", "规费", "tax"], counterparty: ["国库", "税务局", "税务", "财政局", "tax bureau", "treasury"]),
            Rule(
                reason: "social insurance and housing fund", memo: ["社保", "社会保险", "公积金", "social insurance", "housing fund"],
                counterparty: ["社会保险", "社保", "公积金管理中心", "医疗保障局"]),
            Rule(reason: "loan principal and interest", memo: ["贷款", "还款", "利息", "结息", "loan", "interest", "repayment"]),
            Rule(reason: "refund or reversal", memo: ["退款", "退货款", "冲正", "退回", "refund", "reversal"])
        ], keep: ["货款", "材料款", "采购款", "加工费", "含税", "goods", "invoice"])

    /// The defaults overlaid with `file`: same-reason rules replaced, new ones added, unless the
    /// file says `replace_defaults: true`.
    public func overlaid(with file: PaymentRules) -> PaymentRules {
        if file.replaceDefaults { return file }
        var merged = rules
        for r in file.rules {
            if let k = merged.firstIndex(where: { $0.reason == r.reason }) { merged[k] = r } else { merged.append(r) }
        }
        return PaymentRules(
            rules: merged, keep: file.keep.isEmpty ? keep : file.keep,
            includeIndividuals: file.includeIndividuals || includeIndividuals)
    }

    /// Decodes a JSON rules file (the CLI decodes YAML with Yams into the same struct).
    public static func decodeJSON(_ data: Data) throws -> PaymentRules {
        try JSONDecoder().decode(PaymentRules.self, from: data)
    }

    /// The index of the first rule whose counterparty pattern matches `name`, or nil.
    public func counterpartyReason(_ name: String) -> Int? {
        counterpartyPatterns().reason(name)
    }

    /// The counterparty patterns lowered once, for matching many names.
    func counterpartyPatterns() -> CounterpartyPatterns {
        CounterpartyPatterns(byRule: rules.map { $0.counterparty.filter { !$0.isEmpty }.map { $0.lowercased() } })
    }
}

/// Counterparty name patterns per rule, lowered.
struct CounterpartyPatterns: Sendable {
    let byRule: [[String]]

    /// The index of the first rule with a pattern in `name` (case-insensitive), or nil.
    func reason(_ name: String) -> Int? {
        let lowered = name.lowercased()
        return byRule.firstIndex { $0.contains { lowered.contains($0) } }
    }
}

/// The memo rules compiled to lowered byte patterns, searched with `memmem`.
struct MemoMatcher {
    private let patterns: [(rule: Int, bytes: [UInt8])]
    private let keep: [[UInt8]]
    private var scratch: [UInt8] = []

    init(_ rules: PaymentRules) {
        var p: [(Int, [UInt8])] = []
        for (k, r) in rules.rules.enumerated() {
            for w in r.memo where !w.isEmpty { p.append((k, Array(w.lowercased().utf8))) }
        }
        patterns = p
        keep = rules.keep.filter { !$0.isEmpty }.map { Array($0.lowercased().utf8) }
    }

    /// The rule index that excludes a payment with this memo, or -1 when it is trade.
    mutating func reason(_ memo: UnsafeBufferPointer<UInt8>) -> Int {
        guard memo.count > 0 else { return -1 }
        scratch.removeAll(keepingCapacity: true)
        for b in memo { scratch.append(b >= 0x41 && b <= 0x5A ? b | 0x20 : b) }
        let found = scratch.withUnsafeBytes { s -> Int in
            func has(_ p: [UInt8]) -> Bool {
                p.withUnsafeBytes { pb in MemoMatcher.contains(s, pb) }
            }
            if keep.contains(where: has) { return -1 }
            for (rule, p) in patterns where has(p) { return rule }
            return -1
        }
        return found
    }

    /// Whether `needle` occurs in `haystack` (memchr on the first byte, memcmp on the rest).
    static func contains(_ haystack: UnsafeRawBufferPointer, _ needle: UnsafeRawBufferPointer) -> Bool {
        let m = needle.count, n = haystack.count
        guard m > 0, m <= n, let h = haystack.baseAddress, let nd = needle.baseAddress else { return m == 0 }
        let first = Int32(needle[0])
        var i = 0
        while i + m <= n {
            guard let hit = memchr(h + i, first, n - m - i + 1) else { return false }
            let at = UnsafeRawPointer(hit) - h
            if memcmp(h + at, nd, m) == 0 { return true }
            i = at + 1
        }
        return false
    }
}
