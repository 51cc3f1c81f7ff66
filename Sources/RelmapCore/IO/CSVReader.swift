import Foundation

/// A CSV reader for the files banks really export: RFC 4180 quoting (commas, quotes and newlines
/// inside quoted fields), CRLF or LF or lone CR line ends, a BOM, GB18030, blank lines, and a tab
/// delimiter when the header has tabs and no commas.
///
/// Records are handed to a callback as byte spans into the decoded text, so a five-million-row file
/// is parsed without creating a `String` per field; callers decode only the fields they keep.
public struct CSVReader: Sendable {
    /// The decoded UTF-8 text.
    public let text: TextBytes
    public let encoding: TextDecoding.Encoding
    public let delimiter: UInt8

    /// A parse failure that stops the reader: an unclosed quote.
    public struct UnclosedQuote: Error, Sendable {
        /// The line where the unclosed field began.
        public var line: Int
        public var field: Int

        /// The one way every reader reports it.
        func log(_ file: String, into log: inout DiagnosticLog) {
            log.error(
                file, line: line, field: "field \(field)", "quoted field never closed",
                fix: "close the quote or remove the stray \" on this line")
        }
    }

    public init(bytes: [UInt8]) throws(TextDecoding.Failure) {
        try self.init(bytes: TextBytes(bytes))
    }

    public init(bytes: TextBytes) throws(TextDecoding.Failure) {
        let (text, encoding) = try TextDecoding.decode(bytes)
        self.text = text
        self.encoding = encoding
        delimiter = text.withUnsafeBufferPointer(CSVReader.detectDelimiter)
    }

    static func detectDelimiter(_ text: UnsafeBufferPointer<UInt8>) -> UInt8 {
        var commas = 0, tabs = 0
        for b in text.prefix(4096) {
            if b == 0x0A { break }
            if b == 0x2C { commas += 1 } else if b == 0x09 { tabs += 1 }
        }
        return tabs > 0 && commas == 0 ? 0x09 : 0x2C
    }

    /// Parses every record in order. `body` receives each non-blank record; return false to stop.
    /// - Throws: `UnclosedQuote` when a quoted field runs to the end of the file.
    /// - Complexity: O(bytes).
    public func forEachRecord(_ body: (borrowing CSVRecord) throws -> Bool) throws {
        try forEachRecord(in: 0..<text.count, startLine: 1, body)
    }

    /// Parses the records that begin in `range` (which must start at a record boundary), counting
    /// lines from `startLine`.
    public func forEachRecord(in range: Range<Int>, startLine: Int, _ body: (borrowing CSVRecord) throws -> Bool) throws {
        try text.withUnsafeBufferPointer { whole in
            let buf = UnsafeBufferPointer(rebasing: whole[..<range.upperBound])
            let n = buf.count
            let quote: UInt8 = 0x22, lf: UInt8 = 0x0A, cr: UInt8 = 0x0D, delim = delimiter
            var record = CSVRecord(base: buf)
            var i = range.lowerBound
            var line = startLine
            while i < n {
                record.fields.removeAll(keepingCapacity: true)
                record.line = line
                var endOfRecord = false
                while !endOfRecord {
                    if i < n && buf[i] == quote {
                        let fieldLine = line
                        let start = i + 1
                        var j = start
                        var escaped = false
                        var closed = false
                        while j < n {
                            let b = buf[j]
                            if b == quote {
                                if j + 1 < n && buf[j + 1] == quote {
                                    escaped = true
                                    j += 2
                                    continue
                                }
                                closed = true
                                break
                            }
                            if b == lf { line += 1 }
                            j += 1
                        }
                        guard closed else { throw UnclosedQuote(line: fieldLine, field: record.fields.count + 1) }
                        var end = j
                        j += 1
                        // Text after the closing quote (`"a"b`): keep it, as Excel does.
                        var trailing = false
                        while j < n && buf[j] != delim && buf[j] != lf && buf[j] != cr {
                            j += 1
                            trailing = true
                        }
                        if trailing { end = j }
                        record.fields.append(CSVRecord.Span(start: start, end: end, flags: (escaped ? 1 : 0) | (trailing ? 2 : 0)))
                        i = j
                    } else {
                        let start = i
                        while i < n {
                            let b = buf[i]
                            if b == delim || b == lf || b == cr { break }
                            i += 1
                        }
                        record.fields.append(CSVRecord.Span(start: start, end: i, flags: 0))
                    }
                    if i >= n {
                        endOfRecord = true
                        break
                    }
                    let b = buf[i]
                    if b == delim {
                        i += 1
                        if i >= n {
                            record.fields.append(CSVRecord.Span(start: i, end: i, flags: 0))
                            endOfRecord = true
                        }
                    } else {
                        if b == cr && i + 1 < n && buf[i + 1] == lf { i += 1 }
                        i += 1
                        line += 1
                        endOfRecord = true
                    }
                }
                // A blank line is one empty field: skip it.
                if record.fields.count == 1 && record.fields[0].start == record.fields[0].end && record.fields[0].flags == 0 { continue }
                record.end = i
                if try !body(record) { return }
            }
        }
    }

    /// Splits the records after `start` into about `parts` ranges of similar size, each beginning
    /// at a record boundary, with the line number each begins on.
    ///
    /// Record boundaries are found by the parser's own rules (`forEachRecord`): a quote opens a
    /// quoted field only at the start of a field, `""` inside one is a quote, and text after the
    /// closing quote runs to the next delimiter. Merely counting quotes would let a stray one in
    /// an unquoted field (`Pipe 5" Co`) flip the count and cut a later quoted line break in two.
    /// - Complexity: O(bytes up to the last cut), one pass.
    public func split(from start: Int, startLine: Int, parts: Int) -> [(range: Range<Int>, line: Int)] {
        let n = text.count
        guard parts > 1, n - start > 1 << 20 else { return [(start..<n, startLine)] }
        var cuts: [(Int, Int)] = [(start, startLine)]
        text.withUnsafeBufferPointer { buf in
            let quote: UInt8 = 0x22, lf: UInt8 = 0x0A, cr: UInt8 = 0x0D, delim = delimiter
            var line = startLine
            var i = start
            var k = 1
            var goal = start + (n - start) / parts
            // At the start of a field; record ends are handled where fields end.
            while i < n && k < parts {
                if buf[i] == quote {
                    i += 1
                    while i < n {
                        if buf[i] == quote {
                            if i + 1 < n && buf[i + 1] == quote {
                                i += 2
                                continue
                            }
                            i += 1
                            break
                        }
                        if buf[i] == lf { line += 1 }
                        i += 1
                    }
                }
                // The rest of the field (unquoted, or text after a closing quote).
                while i < n && buf[i] != delim && buf[i] != lf && buf[i] != cr { i += 1 }
                guard i < n else { break }
                if buf[i] == delim {
                    i += 1
                    continue
                }
                if buf[i] == cr && i + 1 < n && buf[i + 1] == lf { i += 1 }
                i += 1
                line += 1
                if i >= goal && i < n {
                    cuts.append((i, line))
                    k += 1
                    goal = start + (n - start) * k / parts
                }
            }
        }
        var result: [(range: Range<Int>, line: Int)] = []
        for (k, cut) in cuts.enumerated() {
            let end = k + 1 < cuts.count ? cuts[k + 1].0 : n
            result.append((cut.0..<end, cut.1))
        }
        return result
    }

    /// The records after the first (the header) cut as `split` cuts them; empty when there is no
    /// first record or it never ends.
    public func splitRecords(parts: Int) -> [(range: Range<Int>, line: Int)] {
        var headerEnd = 0, headerLine = 1
        do {
            try forEachRecord { rec in
                headerEnd = rec.end
                headerLine = rec.line
                return false
            }
        } catch { return [] }
        return headerEnd > 0 ? split(from: headerEnd, startLine: headerLine + 1, parts: parts) : []
    }

    /// Reads a whole (small) file into strings: header, rows and the line each row began on.
    public static func read(path: String) throws -> CSVTable {
        InputFiles.register(path)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw RelmapError.io(path: path, reason: FileManager.default.fileExists(atPath: path) ? "cannot be read" : "file not found")
        }
        let reader: CSVReader
        do { reader = try CSVReader(bytes: [UInt8](data)) } catch {
            throw RelmapError.invalidData(
                DiagnosticLog.single(
                    .error, file: path, line: error.line, nil,
                    "bytes \(error.hex) are neither UTF-8 nor GB18030", fix: "save the file as UTF-8 (Excel: CSV UTF-8) or GB18030"))
        }
        var table = CSVTable(header: [], rows: [], lines: [], encoding: reader.encoding)
        var first = true
        do {
            try reader.forEachRecord { rec in
                let fields = (0..<rec.count).map { rec.string($0) }
                if first {
                    table.header = fields.map { $0.trimmingCharacters(in: .whitespaces) }
                    first = false
                } else {
                    table.rows.append(fields)
                    table.lines.append(rec.line)
                }
                return true
            }
        } catch let error as UnclosedQuote {
            var log = DiagnosticLog()
            error.log(path, into: &log)
            throw RelmapError.invalidData(log)
        }
        return table
    }
}

/// One record: spans into the decoded text, valid only inside the `forEachRecord` callback.
public struct CSVRecord {
    struct Span {
        var start: Int
        var end: Int
        /// Bit 0: holds doubled quotes to unescape. Bit 1: text followed the closing quote.
        var flags: UInt8
    }
    let base: UnsafeBufferPointer<UInt8>
    var fields: [Span] = []
    public internal(set) var line = 0
    /// Offset just past this record's line end.
    public internal(set) var end = 0

    init(base: UnsafeBufferPointer<UInt8>) { self.base = base }

    public var count: Int { fields.count }

    /// Whether field `i` is missing or empty after trimming spaces.
    public func isBlank(_ i: Int) -> Bool {
        guard i < fields.count else { return true }
        let f = fields[i]
        var s = f.start, e = f.end
        while s < e && (base[s] == 0x20 || base[s] == 0x09) { s += 1 }
        while e > s && (base[e - 1] == 0x20 || base[e - 1] == 0x09) { e -= 1 }
        return s == e
    }

    /// The raw bytes of field `i` (doubled quotes not yet unescaped); empty when missing.
    public func rawBytes(_ i: Int) -> UnsafeBufferPointer<UInt8> {
        guard i < fields.count else { return UnsafeBufferPointer(start: nil, count: 0) }
        let f = fields[i]
        return UnsafeBufferPointer(rebasing: base[f.start..<f.end])
    }

    /// Whether field `i` needs unescaping before its bytes mean what they say.
    public func needsUnescape(_ i: Int) -> Bool { i < fields.count && fields[i].flags != 0 }

    /// The bytes of field `i` when they can be used as they are: no quotes to unescape and no
    /// surrounding white space (ASCII, U+3000 or U+00A0). Nil otherwise (use `trimmed`).
    public func cleanBytes(_ i: Int) -> UnsafeBufferPointer<UInt8>? {
        guard i < fields.count, fields[i].flags == 0 else { return i < fields.count ? nil : UnsafeBufferPointer(start: nil, count: 0) }
        let raw = rawBytes(i)
        guard let first = raw.first, let last = raw.last else { return raw }
        if first == 0x20 || first == 0x09 || last == 0x20 || last == 0x09 || first == 0xE3 || first == 0xC2 { return nil }
        if raw.count >= 2 && (last == 0x80 || last == 0xA0) {
            // Possible trailing U+3000 (E3 80 80) or U+00A0 (C2 A0).
            if last == 0xA0 && raw[raw.count - 2] == 0xC2 { return nil }
            if last == 0x80 && raw.count >= 3 && raw[raw.count - 2] == 0x80 && raw[raw.count - 3] == 0xE3 { return nil }
        }
        return raw
    }

    /// Appends field `i`, trimmed and unescaped, to a string column without making a `String`
    /// when the bytes can be copied as they are.
    public func append(_ i: Int, to column: inout StringColumn) {
        if let clean = cleanBytes(i) { column.append(bytes: clean) } else { column.append(trimmed(i)) }
    }

    /// Field `i` as a string with quotes unescaped, untrimmed; "" when missing.
    public func string(_ i: Int) -> String {
        guard i < fields.count else { return "" }
        let f = fields[i]
        let raw = UnsafeBufferPointer(rebasing: base[f.start..<f.end])
        if f.flags == 0 { return String(decoding: raw, as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        var k = 0
        while k < raw.count {
            let b = raw[k]
            if b == 0x22 {
                if k + 1 < raw.count && raw[k + 1] == 0x22 {
                    out.append(0x22)
                    k += 2
                    continue
                }
                k += 1  // the closing quote of `"a"b`
                continue
            }
            out.append(b)
            k += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Field `i` trimmed of surrounding white space (ASCII and the full-width space U+3000).
    public func trimmed(_ i: Int) -> String {
        let s = string(i)
        guard let first = s.unicodeScalars.first, let last = s.unicodeScalars.last else { return s }
        if !CSVRecord.isSpace(first) && !CSVRecord.isSpace(last) { return s }
        return String(String.UnicodeScalarView(s.unicodeScalars.drop(while: CSVRecord.isSpace).reversed().drop(while: CSVRecord.isSpace).reversed()))
    }

    static func isSpace(_ u: Unicode.Scalar) -> Bool { u == " " || u == "\t" || u == "\u{3000}" || u == "\u{A0}" }
}

/// A whole CSV file as strings, for small inputs (rules, tests, fixtures).
public struct CSVTable: Sendable {
    public var header: [String]
    public var rows: [[String]]
    /// The 1-based line where each row began.
    public var lines: [Int]
    public var encoding: TextDecoding.Encoding

    public func column(_ name: String) -> Int? { header.firstIndex(of: name) }
}

extension DiagnosticLog {
    static func single(
        _ severity: Diagnostic.Severity, file: String, line: Int?, _ field: String?,
        _ message: String, fix: String?
    ) -> DiagnosticLog {
        var log = DiagnosticLog()
        log.add(Diagnostic(severity, file: file, line: line, field: field, message, fix: fix))
        return log
    }
}
