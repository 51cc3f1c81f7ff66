import Foundation

/// How an answer is written out: a table for a terminal, CSV for a spreadsheet, JSON for tools
/// (the same shape the web API returns), Markdown for a document.
public enum OutputFormat: String, Sendable, CaseIterable, Codable {
    case table, csv, json, md
}

/// One question's answer, as every front end receives it: the command line prints it, the web
/// server returns its JSON or fills a page with it. The answer renders itself, so a command is
/// only "parse options, ask, emit" and the CLI and the API cannot drift apart.
public protocol Answer: Sendable, Encodable {
    /// The text for a person or a spreadsheet (`table`, `csv`, `md`); JSON comes from `Encodable`.
    func text(_ format: OutputFormat, _ lang: Language) -> String
    /// False when the question found nothing to show (no path, no rows): front ends exit 1.
    var isFound: Bool { get }
    /// What qualifies the answer (estimates, left-out data), for standard error or a page notice.
    var notes: [String] { get }
}

extension Answer {
    public var isFound: Bool { true }
    public var notes: [String] { [] }

    /// The answer in `format`; JSON as the API sends it (sorted keys, one trailing newline).
    public func rendered(_ format: OutputFormat, _ lang: Language) throws -> String {
        format == .json ? try JSONRendering.encode(self) : text(format, lang)
    }
}

public enum JSONRendering {
    /// Pretty, key-sorted JSON with a trailing newline: stable output for diffs and tests.
    public static func encode<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
    }
}

extension TextTable {
    /// This table in an answer's text format (JSON is not a table's to write).
    public func text(_ format: OutputFormat) -> String {
        switch format {
        case .csv: render(TextTable.Format.csv)
        case .md: render(TextTable.Format.markdown)
        case .table, .json: render(TextTable.Format.table)
        }
    }
}

/// Words of the data contract as a person reads them, in either language.
public enum Words {
    public static func status(_ s: EntityStatus, _ lang: Language) -> String {
        switch s {
        case .client: lang("client", "本行客户")
        case .prospect: lang("prospect", "潜在客户")
        case .otherBank: lang("other bank", "他行客户")
        case .former: lang("former client", "流失客户")
        }
    }

    public static func status(named name: String, _ lang: Language) -> String {
        EntityStatus(name: name).map { status($0, lang) } ?? name
    }

    public static func quadrant(_ q: Quadrant, _ lang: Language) -> String {
        switch q {
        case .quickWin: lang("quick win", "速赢")
        case .cultivate: lang("cultivate", "培育")
        case .lowPriority: lang("low priority", "低优先")
        case .drop: lang("drop", "暂缓")
        }
    }

    public static func kind(_ k: EntityKind, _ lang: Language) -> String {
        switch k {
        case .company: lang("company", "企业")
        case .person: lang("person", "个人")
        case .institution: lang("institution", "机构")
        }
    }

    /// The six relationship stages (Guides/Workspace.md says what each means and what moves a
    /// target on).
    public static func stage(_ n: Int, _ lang: Language) -> String {
        let names: [(String, String)] = [
            ("getting to know us", "认识了解"), ("understanding its business", "业务了解"),
            ("goodwill", "建立好感"), ("mining its resources", "挖掘资源"),
            ("win-win loyalty", "合作共赢"), ("intermediary who brings others", "拓展中介")
        ]
        guard (1...6).contains(n) else { return String(n) }
        return "\(n) " + lang(names[n - 1].0, names[n - 1].1)
    }

    /// A pipeline status: approaching, won, lost, paused.
    public static func pipelineStatus(_ status: String, _ lang: Language) -> String {
        switch status {
        case "approaching": return lang("approaching", "跟进中")
        case "won": return lang("won", "已赢得")
        case "lost": return lang("lost", "未成功")
        case "paused": return lang("paused", "暂停")
        default: return status
        }
    }

    /// An activity kind: visit, call, meeting, event, referral request.
    public static func activity(_ kind: String, _ lang: Language) -> String {
        switch kind {
        case "visit": return lang("visit", "拜访")
        case "call": return lang("call", "电话")
        case "meeting": return lang("meeting", "会谈")
        case "event": return lang("event", "活动")
        case "referral_request": return lang("referral request", "请求推介")
        default: return kind
        }
    }

    /// How long ago a tie was last in contact, as a person says it: "met 14 months ago",
    /// "上次接触 14 个月前".
    public static func age(days: Int, _ lang: Language) -> String {
        if days < 1 { return lang("in contact today", "今天接触过") }
        if days < 60 { return lang("last contact \(days) day\(days == 1 ? "" : "s") ago", "上次接触 \(days) 天前") }
        let months = Int((Double(days) / 30.44).rounded())
        if months < 24 { return lang("last contact \(months) months ago", "上次接触 \(months) 个月前") }
        let years = Double(days) / 365.25
        return lang("last contact \(String(format: "%.1f", years)) years ago", "上次接触 \(String(format: "%.1f", years)) 年前")
    }

    /// A relation type: in English the contract's own word (`works_at`), which users also write.
    public static func relation(_ t: RelationType, _ lang: Language) -> String {
        guard lang == .zh else { return t.name }
        switch t {
        case .supplies: return "供货"
        case .owns: return "持股"
        case .guarantees: return "担保"
        case .refers: return "推介"
        case .knows: return "认识"
        case .worksAt: return "任职"
        case .memberOf: return "成员"
        }
    }
}
