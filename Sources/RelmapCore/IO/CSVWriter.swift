/// Writes CSV the way Excel reads it back: a field is quoted when it holds a delimiter, a quote,
/// a line break or surrounding spaces, with quotes doubled.
public struct CSVWriter {
    /// How the bytes are laid out for the program that opens them.
    public enum Dialect: Sendable {
        /// UTF-8, lines ending in LF: what Relmap, pandas and every Unix tool read.
        case plain
        /// UTF-8 with a byte-order mark and lines ending in CR LF: Excel on a Chinese Windows
        /// reads a CSV without a BOM in the local code page (GBK) and shows the Chinese as mojibake.
        case excel
    }

    public private(set) var bytes: [UInt8] = []
    public let dialect: Dialect

    public init(reserve: Int = 0, dialect: Dialect = .plain) {
        self.dialect = dialect
        bytes.reserveCapacity(reserve)
        if dialect == .excel { bytes += [0xEF, 0xBB, 0xBF] }
    }

    public mutating func row(_ fields: [String]) {
        for (k, f) in fields.enumerated() {
            if k > 0 { bytes.append(0x2C) }
            append(field: dialect == .excel ? Self.spreadsheetSafe(f) : f)
        }
        if dialect == .excel { bytes.append(0x0D) }
        bytes.append(0x0A)
    }

    public mutating func append(field: String) {
        let utf8 = field.utf8
        let needsQuotes =
            utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D })
            || utf8.first == 0x20 || utf8.last == 0x20
        guard needsQuotes else {
            bytes.append(contentsOf: utf8)
            return
        }
        bytes.append(0x22)
        for b in utf8 {
            if b == 0x22 { bytes.append(0x22) }
            bytes.append(b)
        }
        bytes.append(0x22)
    }

    public var text: String { String(decoding: bytes, as: UTF8.self) }

    /// One CSV document from a header and rows, for a person to open in a spreadsheet (answers
    /// and reports): text cells are `spreadsheetSafe`. Graph exports use `row` directly and keep
    /// every value as it is, so that they read back the same.
    public static func document(header: [String], rows: [[String]]) -> String {
        var w = CSVWriter()
        w.row(header.map(spreadsheetSafe))
        for r in rows { w.row(r.map(spreadsheetSafe)) }
        return w.text
    }

    /// A cell a spreadsheet would run as a formula (text starting with `=`, `+`, `-`, `@`, tab or
    /// carriage return, as in `=HYPERLINK(...)` in a company name) gets a leading `'`, which
    /// Excel, LibreOffice and WPS show as text and do not display. Numbers (`-5`, `+3.2e4`) stay
    /// numbers.
    public static func spreadsheetSafe(_ cell: String) -> String {
        guard let first = cell.utf8.first, [0x3D, 0x2B, 0x2D, 0x40, 0x09, 0x0D].contains(first) else { return cell }
        if first == 0x2D || first == 0x2B, Double(cell) != nil { return cell }
        return "'" + cell
    }
}

/// How numbers are written back: whole numbers without a trailing `.0`, others in the shortest
/// form that reads back to the same value.
public enum NumberFormatting {
    public static func plain(_ v: Double) -> String {
        if v.isNaN { return "" }
        if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
        return "\(v)"
    }
}
