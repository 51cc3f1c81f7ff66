import Foundation

/// The language of everything a person reads: command output, reports and pages. RMs read
/// simplified Chinese; English is for head-office staff and auditors. Each user-visible sentence is
/// written in both, side by side, where it is made (`lang("…", "…")`), so none is left in one.
public enum Language: String, Sendable, Codable, CaseIterable {
    case zh, en

    /// Picks the sentence for this language: `lang("3 clients", "3 个客户")`, English first.
    public func callAsFunction(_ english: String, _ chinese: String) -> String {
        self == .zh ? chinese : english
    }

    /// From the environment, as a terminal program should: LC_ALL, then LC_MESSAGES, then LANG;
    /// Chinese when the first one set starts with `zh`, English otherwise.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> Language {
        for key in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            if let v = environment[key], !v.isEmpty { return v.lowercased().hasPrefix("zh") ? .zh : .en }
        }
        return .en
    }

    /// The best match for an HTTP `Accept-Language` header (`zh-CN,zh;q=0.9,en;q=0.8`); nil when it
    /// names neither language.
    public static func negotiate(acceptLanguage header: String?) -> Language? {
        guard let header else { return nil }
        var best: (Language, Double)?
        for part in header.split(separator: ",") {
            let fields = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            guard let tag = fields.first else { continue }
            let q = fields.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
            let lang: Language? = tag.hasPrefix("zh") ? .zh : tag.hasPrefix("en") ? .en : nil
            if let lang, q > 0, q > (best?.1 ?? -1) { best = (lang, q) }
        }
        return best?.0
    }

    /// An amount as RMs read it: 万 and 亿 in Chinese, K, M and B in English.
    public func amount(_ v: Double) -> String { AmountFormatting.short(v, chinese: self == .zh) }

    /// A whole number with thousands grouped.
    public func count(_ n: Int) -> String {
        let digits = String(abs(n))
        var out = ""
        for (k, ch) in digits.enumerated() {
            if k > 0 && (digits.count - k) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return (n < 0 ? "-" : "") + out
    }
}
