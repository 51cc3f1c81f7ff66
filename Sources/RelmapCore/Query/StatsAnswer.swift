import Foundation

/// `relmap stats`: what is in a graph. Its JSON is `GraphStatistics` as it has always been.
public struct StatsAnswer: Answer {
    public var statistics: GraphStatistics

    public init(_ statistics: GraphStatistics) { self.statistics = statistics }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(statistics)
    }

    public func text(_ format: OutputFormat, _ lang: Language) -> String {
        let s = statistics
        let head =
            format == .csv
            ? ["section", "key", "count", "detail"]
            : [lang("section", "类别"), lang("key", "项目"), lang("count", "数量"), lang("detail", "说明")]
        var t = TextTable(columns: head, numeric: [head[2]])
        let total = lang("total", "合计")
        t.add([total, lang("entities", "主体"), String(s.entities), ""])
        t.add([total, lang("relations", "关系"), String(s.relations), ""])
        for c in s.byKind { t.add([lang("kind", "类型"), EntityKind(name: c.key).map { Words.kind($0, lang) } ?? c.key, String(c.count), ""]) }
        for c in s.byStatus { t.add([lang("status", "状态"), Words.status(named: c.key, lang), String(c.count), ""]) }
        for c in s.byType {
            t.add([lang("relation type", "关系类型"), RelationType(name: c.key).map { Words.relation($0, lang) } ?? c.key, String(c.count), ""])
        }
        let region = lang("region", "地区"), industry = lang("industry", "行业"), book = lang("RM book", "客户经理名下")
        for c in s.byRegion.prefix(15) { t.add([region, c.key, String(c.count), ""]) }
        if s.byRegion.count > 15 { t.add([region, lang("(\(s.byRegion.count - 15) more)", "（另有 \(s.byRegion.count - 15) 个）"), "", ""]) }
        for c in s.byIndustry.prefix(20) { t.add([industry, c.key, String(c.count), ""]) }
        if s.byIndustry.count > 20 { t.add([industry, lang("(\(s.byIndustry.count - 20) more)", "（另有 \(s.byIndustry.count - 20) 个）"), "", ""]) }
        for b in s.books.prefix(30) { t.add([book, b.rm, String(b.clients), lang("value ", "价值 ") + lang.amount(b.value)]) }
        if s.books.count > 30 { t.add([book, lang("(\(s.books.count - 30) more RMs)", "（另有 \(s.books.count - 30) 个客户经理）"), "", ""]) }
        let vc = s.valueChain, chain = lang("value chain", "产业链")
        t.add([
            chain, lang("components", "连通片"), String(vc.count),
            lang("largest \(vc.largest) entities, \(vc.clientsInLargest) clients", "最大的有 \(vc.largest) 个主体、\(vc.clientsInLargest) 个客户")
        ])
        let d = s.degrees, degree = lang("degree", "度数")
        t.add([degree, lang("mean", "平均"), String(format: "%.2f", d.mean), lang("median \(d.median), p99 \(d.p99)", "中位数 \(d.median)，p99 \(d.p99)")])
        t.add([degree, lang("max", "最大"), String(d.max), d.maxEntity])
        t.add([degree, lang("isolated", "孤立"), String(d.isolated), lang("entities with no relation", "没有任何关系的主体")])
        let mem = s.memory
        t.add([
            lang("memory", "内存"), lang("bytes/relation", "字节/关系"), String(format: "%.1f", mem.bytesPerRelation),
            String(
                format: lang("relations %.1f MB (%.1f B each), entities %.1f MB", "关系 %.1f MB（每条 %.1f B），主体 %.1f MB"),
                Double(mem.relationBytes) / 1e6, mem.relationSideBytesPerRelation, Double(mem.entityBytes) / 1e6)
        ])
        return t.text(format)
    }
}

/// `relmap validate`: every problem in reading order, and the verdict.
public struct ValidationAnswer: Answer {
    public var source: String
    public var valid: Bool
    public var entities: Int
    public var relations: Int
    public var errorCount: Int
    public var warningCount: Int
    /// Problems kept verbatim (up to the limit of each severity), file by file, line by line.
    public var diagnostics: [Diagnostic]
    public var seconds: Double
    /// Leave out the closing line when the data is valid (`validate --quiet`: only problems).
    public var quiet = false

    public init(source: String, graph: Graph?, log: DiagnosticLog, seconds: Double) {
        self.source = source
        valid = graph != nil
        entities = graph?.entityCount ?? 0
        relations = graph?.relationCount ?? 0
        errorCount = log.errorCount
        warningCount = log.warningCount
        self.seconds = seconds
        // In reading order: file by file (entities before relations), line by line.
        var fileOrder: [String: Int] = [:]
        for d in log.kept where fileOrder[d.file] == nil { fileOrder[d.file] = fileOrder.count }
        diagnostics = log.kept.enumerated().sorted {
            (fileOrder[$0.element.file]!, $0.element.line ?? 0, $0.offset) < (fileOrder[$1.element.file]!, $1.element.line ?? 0, $1.offset)
        }.map(\.element)
    }

    public var isFound: Bool { valid }

    public func text(_ format: OutputFormat, _ lang: Language) -> String {
        if format == .csv {
            var t = TextTable(columns: ["severity", "file", "line", "field", "message", "fix"])
            for d in diagnostics { t.add([d.severity.rawValue, d.file, d.line.map(String.init) ?? "", d.field ?? "", d.message, d.fix ?? ""]) }
            return t.text(.csv)
        }
        var out = diagnostics.map { format == .md ? "- " + TextTable.markdownCell($0.description) : $0.description }
        let hiddenErrors = errorCount - diagnostics.filter { $0.severity == .error }.count
        let hiddenWarnings = warningCount - diagnostics.filter { $0.severity == .warning }.count
        if hiddenErrors > 0 || hiddenWarnings > 0 {
            out.append(
                lang(
                    "... and \(hiddenErrors) more error(s), \(hiddenWarnings) more warning(s) not shown (raise --limit)",
                    "……另有 \(hiddenErrors) 个错误、\(hiddenWarnings) 个警告未显示（可调大 --limit）"))
        }
        if valid && quiet {
            return out.isEmpty ? "" : out.joined(separator: "\n") + "\n"
        } else if valid {
            out.append(
                lang(
                    "\(source): valid: \(entities) entities, \(relations) relations, \(warningCount) warning(s) (\(String(format: "%.2f", seconds)) s)",
                    "\(source)：有效：\(entities) 个主体，\(relations) 条关系，\(warningCount) 个警告（\(String(format: "%.2f", seconds)) 秒）"))
        } else {
            out.append(
                lang(
                    "\(source): invalid: \(errorCount) error(s), \(warningCount) warning(s)",
                    "\(source)：无效：\(errorCount) 个错误，\(warningCount) 个警告"))
        }
        return out.joined(separator: "\n") + "\n"
    }
}
