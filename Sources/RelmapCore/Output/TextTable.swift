/// A table of text for terminals and spreadsheets. In a terminal, Chinese characters take two
/// columns, so alignment counts display width, not characters.
public struct TextTable: Sendable {
    public enum Format: String, Sendable, CaseIterable {
        case table, csv, markdown
    }

    public let columns: [String]
    public private(set) var rows: [[String]] = []
    /// Columns aligned to the right (numbers).
    public var numericColumns: Set<Int> = []

    public init(columns: [String], numeric: Set<String> = []) {
        self.columns = columns
        numericColumns = Set(columns.indices.filter { numeric.contains(columns[$0]) })
    }

    public mutating func add(_ row: [String]) {
        precondition(row.count == columns.count, "row has \(row.count) cells, table has \(columns.count) columns")
        rows.append(row)
    }

    public func render(_ format: Format) -> String {
        switch format {
        case .csv: return CSVWriter.document(header: columns, rows: rows)
        case .markdown:
            func line(_ r: [String]) -> String { "| " + r.map(TextTable.markdownCell).joined(separator: " | ") + " |\n" }
            var out = line(columns)
            out += "|" + columns.indices.map { numericColumns.contains($0) ? " ---: |" : " --- |" }.joined() + "\n"
            for r in rows { out += line(r) }
            return out
        case .table:
            // Names come from the user's files: an ESC or OSC sequence, a bare CR or a bidi override
            // in one would rewrite the screen. Shown escaped, as `\u{1B}`.
            let cells = ([columns] + rows).map { $0.map(TextTable.visible) }
            var widths = [Int](repeating: 0, count: columns.count)
            for r in cells { for (k, c) in r.enumerated() { widths[k] = max(widths[k], TextTable.displayWidth(c)) } }
            func line(_ r: [String]) -> String {
                r.enumerated().map { k, c in
                    let pad = String(repeating: " ", count: widths[k] - TextTable.displayWidth(c))
                    return numericColumns.contains(k) ? pad + c : (k == r.count - 1 ? c : c + pad)
                }.joined(separator: "  ")
            }
            var out = line(cells[0]) + "\n"
            out += widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") + "\n"
            for r in cells.dropFirst() { out += line(r) + "\n" }
            return out
        }
    }

    /// A cell of a Markdown table (or a name in Markdown text): `|` would end the cell, a line
    /// break the row or list item, `<`, `>`, `&` would reach a Markdown viewer as HTML, and `[`, `]`,
    /// `` ` `` would make links and code, so all are written as entities, escapes or spaces;
    /// control characters are shown escaped (`visible`).
    public static func markdownCell(_ s: String) -> String {
        var out = ""
        for ch in s {
            switch ch {
            case "|": out += "\\|"
            case "[": out += "\\["
            case "]": out += "\\]"
            case "`": out += "\\`"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            case "\n", "\r", "\r\n": out += " "
            default: out += visible(String(ch))
            }
        }
        return out
    }

    /// What a user typed, as a message quotes it: at most `limit` characters, and the length of
    /// the rest, so that a 50,000-character id pasted by mistake does not fill the terminal.
    public static func quoted(_ s: String, limit: Int = 80) -> String {
        guard s.count > limit else { return s }
        return String(s.prefix(limit)) + "…(+\(s.count - limit))"
    }

    /// `s` with the characters a terminal acts on shown as `\u{1B}`: C0 controls (tab and line
    /// breaks too: a cell is one line), DEL, C1 controls (8-bit CSI and OSC), and the bidi
    /// overrides and isolates that reorder what is shown.
    /// - Complexity: O(n) in the length of `s`; no copy when there is nothing to escape.
    public static func visible(_ s: String) -> String {
        func acts(_ v: UInt32) -> Bool {
            v < 0x20 || (0x7F...0x9F).contains(v) || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v)
        }
        guard s.unicodeScalars.contains(where: { acts($0.value) }) else { return s }
        var out = ""
        for u in s.unicodeScalars {
            if acts(u.value) { out += "\\u{" + String(u.value, radix: 16, uppercase: true) + "}" } else { out.unicodeScalars.append(u) }
        }
        return out
    }

    /// Terminal columns taken by `s`: East Asian wide and full-width characters count two,
    /// combining marks zero, line breaks are shown as one.
    public static func displayWidth(_ s: String) -> Int {
        var w = 0
        for u in s.unicodeScalars {
            let v = u.value
            switch v {
            case 0x0300...0x036F, 0x200B...0x200F, 0xFE00...0xFE0F: continue
            case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
                0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
                0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD:
                w += 2
            default: w += 1
            }
        }
        return w
    }
}

/// Readable amounts: 万 and 亿 for Chinese data, K, M and B otherwise.
public enum AmountFormatting {
    public static func short(_ v: Double, chinese: Bool) -> String {
        guard v.isFinite else { return "" }
        let a = abs(v)
        func f(_ x: Double) -> String {
            let r = (x * 10).rounded() / 10
            return r == r.rounded() ? String(Int64(r)) : String(format1(r))
        }
        if chinese {
            if a >= 1e8 { return f(v / 1e8) + "亿" }
            if a >= 1e4 { return f(v / 1e4) + "万" }
            return f(v)
        }
        if a >= 1e9 { return f(v / 1e9) + "B" }
        if a >= 1e6 { return f(v / 1e6) + "M" }
        if a >= 1e3 { return f(v / 1e3) + "K" }
        return f(v)
    }

    private static func format1(_ x: Double) -> String {
        let whole = Int64(x.rounded(.towardZero)), tenth = Int64((abs(x) * 10).rounded()) % 10
        return "\(x < 0 && whole == 0 ? "-" : "")\(whole).\(tenth)"
    }

    /// Whether a text is mostly Chinese (decides 万/亿 versus K/M).
    public static func looksChinese(_ names: some Sequence<String>) -> Bool {
        var han = 0, total = 0
        for n in names.prefix(200) {
            total += 1
            if n.unicodeScalars.contains(where: { (0x4E00...0x9FFF).contains($0.value) }) { han += 1 }
        }
        return total > 0 && han * 2 >= total
    }
}
