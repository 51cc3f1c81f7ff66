/// One problem found in a user's data, with enough to find and fix it:
/// `FILE:LINE: field: what is wrong; how to fix`.
public struct Diagnostic: Sendable, Equatable, CustomStringConvertible, Codable {
    public enum Severity: String, Sendable, Codable { case error, warning }

    public var severity: Severity
    /// The file as the user named it (or `graph.json`, `payments.csv`...).
    public var file: String
    /// 1-based line where the record (or the offending field) begins; nil for whole-file problems.
    public var line: Int?
    /// The column or field concerned; nil when the problem is not about one field.
    public var field: String?
    /// What is wrong, quoting the offending value.
    public var message: String
    /// How to fix it.
    public var fix: String?

    public init(
        _ severity: Severity, file: String, line: Int? = nil, field: String? = nil,
        _ message: String, fix: String? = nil
    ) {
        self.severity = severity
        self.file = file
        self.line = line
        self.field = field
        self.message = message
        self.fix = fix
    }

    public var description: String {
        var s = file
        if let line { s += ":\(line)" }
        s += ": "
        if severity == .warning { s += "warning: " }
        if let field { s += "\(field): " }
        s += message
        if let fix { s += "; \(fix)" }
        return s
    }
}

extension Diagnostic {
    private static let firstCopyOnLine = " (first on line "

    /// How a repeated id or relation names its first copy: ` (first on line 12)`. One phrase for
    /// every message that says it, so that JSON and GraphML imports can find it again and name
    /// the copy as their file does (`firstCopy(_:)`).
    static func firstCopy(line: Int) -> String { firstCopyOnLine + "\(line))" }

    /// ` (first on line 57)` for a record with a line, ` (first at relations[0])` for one without.
    static func firstCopy(_ origin: (line: Int?, label: String)) -> String {
        origin.line.map { firstCopy(line: $0) } ?? " (first at \(origin.label))"
    }

    /// The line a `firstCopy(line:)` phrase in `message` names, and where the phrase is.
    static func firstCopyLine(in message: String) -> (line: Int, range: Range<String.Index>)? {
        guard let start = message.range(of: firstCopyOnLine),
            let close = message[start.upperBound...].firstIndex(of: ")"),
            let line = Int(message[start.upperBound..<close])
        else { return nil }
        return (line, start.lowerBound..<message.index(after: close))
    }
}

/// Diagnostics collected while reading: all of them are counted, the first `limit` of each
/// severity are kept verbatim so that a file with a million bad rows does not print a million lines.
public struct DiagnosticLog: Sendable {
    public private(set) var kept: [Diagnostic] = []
    public private(set) var errorCount = 0
    public private(set) var warningCount = 0
    public let limit: Int
    private var keptErrors = 0
    private var keptWarnings = 0

    public init(limit: Int = 200) { self.limit = limit }

    public var hasErrors: Bool { errorCount > 0 }
    public var errors: [Diagnostic] { kept.filter { $0.severity == .error } }
    public var warnings: [Diagnostic] { kept.filter { $0.severity == .warning } }

    public mutating func add(_ d: Diagnostic) {
        switch d.severity {
        case .error:
            errorCount += 1
            if keptErrors < limit {
                kept.append(d)
                keptErrors += 1
            }
        case .warning:
            warningCount += 1
            if keptWarnings < limit {
                kept.append(d)
                keptWarnings += 1
            }
        }
    }

    public mutating func error(_ file: String, line: Int? = nil, field: String? = nil, _ message: String, fix: String? = nil) {
        add(Diagnostic(.error, file: file, line: line, field: field, message, fix: fix))
    }

    public mutating func warning(_ file: String, line: Int? = nil, field: String? = nil, _ message: String, fix: String? = nil) {
        add(Diagnostic(.warning, file: file, line: line, field: field, message, fix: fix))
    }

    /// Counts problems found elsewhere but not kept verbatim (beyond that log's limit).
    mutating func countHidden(errors: Int, warnings: Int) {
        errorCount += max(0, errors)
        warningCount += max(0, warnings)
    }

    public mutating func merge(_ other: DiagnosticLog) {
        for d in other.kept { add(d) }
        errorCount += other.errorCount - other.errors.count
        warningCount += other.warningCount - other.warnings.count
    }

    /// Lines for a terminal: errors first (in file order), then warnings, then how many more.
    public func rendered() -> [String] {
        var lines = errors.map(\.description) + warnings.map(\.description)
        let hiddenErrors = errorCount - errors.count, hiddenWarnings = warningCount - warnings.count
        if hiddenErrors > 0 || hiddenWarnings > 0 {
            lines.append("... and \(hiddenErrors) more error(s), \(hiddenWarnings) more warning(s) not shown")
        }
        lines.append("\(errorCount) error(s), \(warningCount) warning(s)")
        return lines
    }
}

/// The one error type of RelmapCore. Every case reads as a sentence a user can act on.
public enum RelmapError: Error, CustomStringConvertible, Sendable {
    /// The data failed validation; the log holds every problem found.
    case invalidData(DiagnosticLog)
    /// A file or folder could not be read or written.
    case io(path: String, reason: String)
    /// A named entity does not exist or is ambiguous; the message lists candidates.
    case lookup(String)
    /// The question cannot be answered on this data (no clients, empty book...).
    case unanswerable(String)
    /// Bad arguments that the parser could not catch.
    case usage(String)

    public var description: String {
        switch self {
        case .invalidData(let log): log.rendered().joined(separator: "\n")
        case .io(let path, let reason): "\(path): \(reason)"
        case .lookup(let message), .unanswerable(let message), .usage(let message): message
        }
    }

    /// The process exit code a front end should use: 1 for bad data or no answer, 2 for usage.
    public var exitCode: Int32 {
        switch self {
        case .usage: 2
        default: 1
        }
    }
}
