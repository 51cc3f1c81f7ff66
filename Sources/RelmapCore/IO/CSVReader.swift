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
        delimiter = CSVReader.detectDelimiter(text)
    }

    /// Parses every record in order. `body` receives each non-blank record; return false to stop.
    /// - Throws: `UnclosedQuote` when a quoted field runs to the end of the file.
    /// - Complexity: O(bytes).
    public func forEachRecord(_ body: (borrowing CSVRecord) throws -> Bool) throws {
        try forEachRecord(in: 0..<text.count, startLine: 1, body)
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

/// One record: spans into the decoded text, valid only inside the `forEachRecord` callback (its
/// byte access is in CSVReader+UnsafeHandle.swift).
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

    /// Whether field `i` needs unescaping before its bytes mean what they say.
    public func needsUnescape(_ i: Int) -> Bool { i < fields.count && fields[i].flags != 0 }

    /// Appends field `i`, trimmed and unescaped, to a string column without making a `String`
    /// when the bytes can be copied as they are.
    public func append(_ i: Int, to column: inout StringColumn) {
        if let clean = cleanBytes(i) { column.append(bytes: clean) } else { column.append(trimmed(i)) }
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
