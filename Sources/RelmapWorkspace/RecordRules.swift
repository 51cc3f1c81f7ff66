import Foundation
import GRDB
import RelmapCore

/// The field rules every record passes before anything is written (see `Records.swift`). Pure
/// functions of the submitted values, except `requireKnown`, which also asks the workspace for
/// recorded entities (`ws-N`). Each failure is a `WorkspaceError.invalidRecord` naming the field
/// by its API name, in English and Chinese.
enum RecordRules {
    /// An entity id, an RM id, a role: long enough for any real id, short enough to refuse junk.
    static let maximumShortLength = 200
    /// More people than this at one meeting is a conference, not a contact worth a tie each.
    static let maximumPeople = 50
    /// A date before this is a typing mistake (0026 for 2026), not a relationship's history.
    static let earliestDay = Day(year: 1900, month: 1, day: 1)!

    static func invalid(_ field: String, _ english: String, _ chinese: String) -> WorkspaceError {
        .invalidField(field, english, chinese)
    }

    /// A one-line text (outcome, next step, role, name): trimmed, at most `maximum` characters, no
    /// control characters (a line break or an ESC would break tables, CSV and terminals).
    static func line(_ value: String, field: String, maximum: Int, required: Bool = false) throws -> String {
        let v = value.trimmingCharacters(in: .whitespacesAndNewlines)
        if required && v.isEmpty { throw invalid(field, "is empty", "不能为空") }
        if v.count > maximum {
            throw invalid(
                field, "has \(v.count) characters, at most \(maximum) are allowed; shorten it",
                "有 \(v.count) 个字符，最多允许 \(maximum) 个；请缩短")
        }
        if let c = v.unicodeScalars.first(where: isForbiddenInLine) {
            throw invalid(
                field, "holds the control character \(codePoint(c)); use one line of printable text",
                "含有控制字符 \(codePoint(c))；请只填写一行可打印文字")
        }
        return v
    }

    /// A note: several lines allowed (tab and line breaks), at most `maximum` characters, no other
    /// control character. Checked by its length first, so a 10 MB note is refused without a scan.
    static func note(
        _ value: String, field: String = "note", maximum: Int = Workspace.maximumNoteLength,
        required: Bool = false
    ) throws -> String {
        // utf8.count costs nothing for a native string, and a character takes at least one
        // byte and rarely more than four: a huge note is refused before it is counted.
        if value.utf8.count > 4 * maximum || value.count > maximum {
            throw invalid(
                field, "is longer than \(maximum) characters; shorten it (keep documents elsewhere and note where)",
                "超过 \(maximum) 个字符；请缩短（文件请另存，并在备注中写明存放位置）")
        }
        let v = value.trimmingCharacters(in: .whitespacesAndNewlines)
        if required && v.isEmpty { throw invalid(field, "is empty; say why", "不能为空；请写明原因") }
        if let c = v.unicodeScalars.first(where: { isForbiddenInLine($0) && !["\n", "\r", "\t"].contains($0) }) {
            throw invalid(
                field, "holds the control character \(codePoint(c)); use printable text and line breaks only",
                "含有控制字符 \(codePoint(c))；请只使用可打印文字和换行")
        }
        return v
    }

    /// An entity id as typed: trimmed, not empty, one line, not too long. Whether it exists is
    /// `requireKnown`'s question.
    static func entityID(_ value: String, field: String) throws -> String {
        try line(value, field: field, maximum: maximumShortLength, required: true)
    }

    /// The day of an activity or a relation: what happened, so not more than a day ahead (a day
    /// of slack for time zones: RMs are on Beijing time, the server may be on UTC). Plans belong
    /// in the pipeline's due date.
    static func pastDay(_ day: Day, field: String, today: Day = .today) throws {
        try plausibleDay(day, field: field)
        if day > today.adding(days: 1) {
            throw invalid(
                field, "\(day) is in the future; record what happened, and put plans in the pipeline's next step and due date",
                "\(day) 是将来的日期；请记录已发生的事，计划请写在营销进展的下一步和到期日中")
        }
    }

    static func plausibleDay(_ day: Day, field: String) throws {
        if day < earliestDay {
            throw invalid(field, "\(day) is before 1900; check the year", "\(day) 早于 1900 年；请检查年份")
        }
    }

    static func stage(_ stage: Int) throws {
        guard (1...6).contains(stage) else {
            throw invalid(
                "stage", "\(stage) is not a relationship stage; use 1 to 6 (Guides/Workspace.md says what each means)",
                "\(stage) 不是关系阶段；请使用 1 到 6（各阶段含义见 Guides/Workspace.md）")
        }
    }

    /// Strength of a tie: (0, 1], as in the base files.
    static func strength(_ value: Double?) throws {
        guard let value else { return }
        guard value.isFinite, value > 0, value <= 1 else {
            throw invalid(
                "strength", "\(value) is outside (0, 1]; use a number above 0 and at most 1 (1 = very close)",
                "\(value) 不在 (0, 1] 之内；请填写大于 0、不超过 1 的数（1 表示非常紧密）")
        }
    }

    static func weight(_ value: Double?) throws {
        guard let value else { return }
        guard value.isFinite, value >= 0 else {
            throw invalid("weight", "\(value) is not a number of 0 or more", "\(value) 不是大于或等于 0 的数")
        }
    }

    /// Relation-specific rules: no relation of an entity with itself; an outcome only on a
    /// referral (`refers`), a role only on `works_at`.
    static func relationShape(source: String, target: String, type: RelationType, outcome: ReferralOutcome, role: String) throws {
        if source == target {
            throw invalid(
                "target", "is the same entity as the source (\(source)); a relation joins two entities",
                "与来源主体（\(source)）相同；关系须连接两个不同的主体")
        }
        if outcome != .none && type != .refers {
            throw invalid(
                "outcome", "only a referral (type refers) has an outcome; leave it out for \(type.name)",
                "只有转介绍（refers）才有结果；\(type.name) 关系请不要填写")
        }
        if !role.isEmpty && type != .worksAt {
            throw invalid(
                "role", "only works_at has a role (a person's position at a company); leave it out for \(type.name)",
                "只有任职关系（works_at）才有职务；\(type.name) 关系请不要填写")
        }
    }

    /// Throws `.unknownEntity` for the first id that is neither in the graph (`exists`) nor a
    /// recorded entity of this workspace.
    static func requireKnown(_ ids: [String], exists: EntityExists, _ db: Database) throws {
        for id in ids where !exists(id) {
            guard let number = recordedEntityNumber(id),
                try Bool.fetchOne(db, sql: "SELECT COUNT(*) > 0 FROM recordedEntity WHERE id = ?", arguments: [number]) == true
            else { throw WorkspaceError.unknownEntity(id) }
        }
    }

    /// N of `ws-N`, nil for any other id.
    static func recordedEntityNumber(_ id: String) -> Int64? {
        guard id.hasPrefix(recordedEntityPrefix) else { return nil }
        let digits = id.dropFirst(recordedEntityPrefix.count)
        guard !digits.isEmpty, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber) else { return nil }
        return Int64(digits)
    }

    static let recordedEntityPrefix = "ws-"

    private static func isForbiddenInLine(_ c: Unicode.Scalar) -> Bool {
        // Control characters, and the invisible direction overrides that make text read
        // differently from what it holds.
        c.properties.generalCategory == .control || (0x202A...0x202E).contains(c.value) || (0x2066...0x2069).contains(c.value)
    }

    private static func codePoint(_ c: Unicode.Scalar) -> String {
        let hex = String(c.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }
}
