/// `relmap report dormant` and the dormant page: introducers and ties of a book that went quiet
/// against their own rhythm (`Dormancy`). JSON: `{"as_of", "rms", "items": [...]}`.
public struct DormantAnswer: Answer {
    public var asOf: Day
    /// The books looked at; empty for every book.
    public var rms: [String]
    public var items: [Dormancy.Item]

    public var isFound: Bool { true }

    enum CodingKeys: String, CodingKey { case asOf = "as_of", rms, items }

    public func text(_ format: OutputFormat, _ lang: Language) -> String {
        if format == .csv {
            var t = TextTable(columns: [
                "kind", "id", "name", "via_id", "via_name", "type", "contacts", "last_contact",
                "usual_gap_days", "silent_days", "rms", "referrals", "won", "value_won"
            ])
            for i in items {
                t.add([
                    i.kind.rawValue, i.entity.id, i.entity.name, i.via?.id ?? "", i.via?.name ?? "", i.type, String(i.contacts),
                    i.lastContact.description, String(i.usualGapDays), String(i.silentDays), i.rms.joined(separator: ";"),
                    String(i.referrals), String(i.won), String(i.valueWon)
                ])
            }
            return t.text(.csv)
        }
        let head = [
            lang("kind", "类别"), lang("whom to call", "联系对象"), lang("through", "经由"), lang("tie", "关系"),
            lang("contacts", "接触次数"), lang("last contact", "上次接触"), lang("usual gap (days)", "通常间隔（天）"),
            lang("silent (days)", "沉寂（天）"), lang("won through them", "经其赢得")
        ]
        var t = TextTable(columns: head, numeric: [head[4], head[6], head[7]])
        for i in items {
            let kind = i.kind == .introducer ? lang("introducer", "推介人") : lang("tie", "关系")
            let won =
                i.kind == .introducer
                ? lang("\(i.won) of \(i.referrals), \(lang.amount(i.valueWon))", "\(i.referrals) 次中 \(i.won) 次，\(lang.amount(i.valueWon))") : ""
            t.add([
                kind, "\(i.entity.id) \(i.entity.name)", i.via.map { "\($0.id) \($0.name)" } ?? "",
                RelationType(name: i.type).map { Words.relation($0, lang) } ?? i.type, String(i.contacts),
                i.lastContact.description, String(i.usualGapDays), String(i.silentDays), won
            ])
        }
        let scope = rms.isEmpty ? lang("every book", "全部客户") : rms.joined(separator: ", ")
        let title = lang(
            "Gone quiet as of \(asOf) (\(scope)): silent for at least 8 times their usual gap between contacts\n",
            "截至 \(asOf) 已沉寂（\(scope)）：沉寂时间至少是其通常接触间隔的 8 倍\n")
        if items.isEmpty { return title + lang("nothing has gone quiet\n", "没有沉寂的推介人或关系\n") }
        return title + t.text(format)
    }
}

extension QueryEngine {
    /// Introducers and ties of `rms`' books (nil: every book) silent much longer than usual, as
    /// of `asOf` (default: the decay's day, else today). Logged contacts come from the merged
    /// workspace when there is one.
    public func dormant(rms: Set<String>?, asOf: Day? = nil, lang: Language = .en) throws -> DormantAnswer {
        for rm in rms ?? [] { try checkRM(rm, lang) }
        let day = asOf ?? aging?.decay.asOf ?? .today
        let items = Dormancy(asOf: day).find(in: graph, contacts: merged?.contacts ?? [:], rms: rms)
        return DormantAnswer(asOf: day, rms: (rms ?? []).sorted(), items: items)
    }
}
