/// Tables and CSV for the ownership answers; JSON is their `Codable` form.
extension OwnersAnswer {
    public func text(_ format: OutputFormat, _ lang: Language) -> String {
        // CSV columns are the JSON keys, the same in every language (a script reads them).
        func col(_ key: String, _ en: String, _ zh: String) -> String { format == .csv ? key : lang(en, zh) }
        func share(_ x: Double) -> String { format == .csv ? String(x) : lang.percent(x) }
        var t = TextTable(
            columns: [
                col("id", "id", "编号"), col("name", "name", "名称"), col("kind", "kind", "类型"), col("share", "share", "穿透比例"),
                col("direct", "direct", "直接比例"), col("path", "strongest chain", "主要持股链")
            ],
            numeric: [col("share", "share", "穿透比例"), col("direct", "direct", "直接比例")])
        for o in owners {
            t.add([
                o.id, o.name, format == .csv ? o.kind : EntityKind(name: o.kind).map { Words.kind($0, lang) } ?? o.kind,
                share(o.share), o.direct > 0 || format == .csv ? share(o.direct) : "", o.paths.first?.joined(separator: " > ") ?? ""
            ])
        }
        if format == .csv { return t.text(.csv) }
        var out = "\(id) \(name)\n"
        if let controller, let controllerName {
            out += lang("actual controller: \(controller) \(controllerName)", "实际控制人: \(controller) \(controllerName)") + "\n"
        } else {
            out +=
                lang(
                    "actual controller: none (nobody holds a majority, nor a relative majority at the control floor)",
                    "实际控制人: 无 (无人绝对控股, 亦无人达到相对控股比例)") + "\n"
        }
        if !controlChain.isEmpty {
            out += lang("control chain: ", "控制链: ") + id
            for link in controlChain {
                out +=
                    " ← \(link.controller) \(link.controllerName) (\(lang.percent(link.share)), \(lang.controlKind(ControlStructure.Kind(name: link.kind))))"
            }
            out += "\n"
        }
        if ubos.isEmpty {
            out += lang("beneficial owners: none found (no person holds the threshold or controls)", "受益所有人: 未发现 (无自然人达到比例或实际控制)") + "\n"
        } else {
            out +=
                lang("beneficial owners: ", "受益所有人: ")
                + ubos.map { u in
                    let why = [u.byShare ? lang("share", "持股") : nil, u.byControl ? lang("control", "控制") : nil].compactMap { $0 }.joined(
                        separator: "+")
                    return "\(u.id) \(u.name) \(lang.percent(u.share)) (\(why))"
                }.joined(separator: "; ") + "\n"
        }
        out += Self.selfLine(selfShare, lang)
        out += lang("owners with an integrated share of \(lang.percent(minShare)) or more", "穿透持股 \(lang.percent(minShare)) 及以上的股东")
        out += Self.hiddenLine(hiddenOwners, lang)
        return Self.compose(out, t, empty: owners.isEmpty, format, lang)
    }
}

extension HoldingsAnswer {
    public func text(_ format: OutputFormat, _ lang: Language) -> String {
        // CSV columns are the JSON keys, the same in every language (a script reads them).
        func col(_ key: String, _ en: String, _ zh: String) -> String { format == .csv ? key : lang(en, zh) }
        func share(_ x: Double) -> String { format == .csv ? String(x) : lang.percent(x) }
        var t = TextTable(
            columns: [
                col("id", "id", "编号"), col("name", "name", "名称"), col("status", "status", "状态"), col("rm", "rm", "客户经理"),
                col("share", "share", "穿透比例"), col("direct", "direct", "直接比例"), col("controlled", "controlled", "控制"),
                col("path", "strongest chain", "主要持股链")
            ],
            numeric: [col("share", "share", "穿透比例"), col("direct", "direct", "直接比例")])
        for h in holdings {
            t.add([
                h.id, h.name, format == .csv ? h.status : Words.status(named: h.status, lang), h.rm, share(h.share),
                h.direct > 0 || format == .csv ? share(h.direct) : "", format == .csv ? String(h.controlled) : h.controlled ? lang("yes", "是") : "",
                h.paths.first?.joined(separator: " > ") ?? ""
            ])
        }
        if format == .csv { return t.text(.csv) }
        var out = "\(id) \(name)\n"
        out += lang("controls \(controls.count) entit\(controls.count == 1 ? "y" : "ies")", "控制 \(controls.count) 家") + "\n"
        out += Self.selfLine(selfShare, lang)
        out += lang(
            "holdings with an integrated share of \(lang.percent(minShare)) or more, and everything it controls",
            "穿透持股 \(lang.percent(minShare)) 及以上及全部控制企业")
        out += Self.hiddenLine(hiddenHoldings, lang)
        return Self.compose(out, t, empty: holdings.isEmpty, format, lang)
    }
}

extension GroupsAnswer {
    public func text(_ format: OutputFormat, _ lang: Language) -> String {
        // CSV columns are the JSON keys, the same in every language (a script reads them).
        func col(_ key: String, _ en: String, _ zh: String) -> String { format == .csv ? key : lang(en, zh) }
        func share(_ x: Double) -> String { format == .csv ? String(x) : lang.percent(x) }
        var t = TextTable(
            columns: [
                col("controller", "controller", "实际控制人"), col("controller_name", "name", "名称"), col("members", "members", "成员数"),
                col("clients", "clients", "本行客户数"), col("value", "value", "价值"), col("uncovered", "not with us", "未在本行"),
                col("rms", "rms", "客户经理")
            ],
            numeric: [
                col("members", "members", "成员数"), col("clients", "clients", "本行客户数"), col("value", "value", "价值"),
                col("uncovered", "not with us", "未在本行")
            ])
        for g in groups {
            let rms = Set(g.clientRMs.values.filter { !$0.isEmpty }).sorted().joined(separator: " ")
            t.add([
                g.controller, g.controllerName, String(g.members.count), String(g.clients.count),
                format == .csv ? String(format: "%.0f", g.value) : lang.amount(g.value),
                String(g.uncovered.count), rms
            ])
        }
        if format == .csv { return t.text(.csv) }
        let head = lang("\(groups.count) group(s) under one actual controller, largest first", "共 \(groups.count) 个集团 (同一实际控制人), 按规模排序")
        return Self.compose(head + ":\n", t, empty: groups.isEmpty, format, lang)
    }
}

extension ControlStructure.Kind {
    init(name: String) { self = name == "majority" ? .majority : name == "relative" ? .relative : .none }
}

extension Answer {
    /// What an entity holds of itself, never counted as an owner; "" when nothing.
    static func selfLine(_ selfShare: Double, _ lang: Language) -> String {
        guard selfShare > 0 else { return "" }
        return lang(
            "held in itself (cross-holdings, treasury shares): \(lang.percent(selfShare)), not an owner",
            "自身持有 (交叉持股, 库存股): \(lang.percent(selfShare)), 不计为股东") + "\n"
    }

    /// The end of a heading over a list cut at `--min-share`.
    static func hiddenLine(_ hidden: Int, _ lang: Language) -> String {
        (hidden > 0 ? lang(" (\(hidden) smaller not shown)", " (另有 \(hidden) 个较小的未列出)") : "") + ":\n"
    }

    /// Lines of text above a table: in Markdown each line is a paragraph of its own.
    static func compose(_ head: String, _ table: TextTable, empty: Bool, _ format: OutputFormat, _ lang: Language) -> String {
        let none = lang("none", "无")
        if format == .md {
            let paragraphs = head.split(separator: "\n").joined(separator: "\n\n")
            return paragraphs + "\n\n" + (empty ? none + "\n" : table.text(.md))
        }
        return head + (empty ? "  " + none + "\n" : table.text(.table))
    }
}
