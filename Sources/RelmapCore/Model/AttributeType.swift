/// What the values of an extra attribute are, as the file that brought them said: a GraphML key's
/// `attr.type`, or the JSON type every value of the field shared. CSV says nothing, so its extra
/// columns are text. Kept with the column so that a JSON number or boolean goes out again as one,
/// and a GraphML `long` as a `long`, instead of turning into a string on the first round trip.
///
/// Values stay text in the graph (exactly as read: an integer past 2^53 keeps every digit); the
/// type only says how exporters write them.
public enum AttributeType: String, Sendable, Codable, CaseIterable {
    case text, integer, number, boolean

    /// The type of a column holding values of both types: integers among numbers are numbers;
    /// anything else mixed is text.
    public func joined(with other: AttributeType) -> AttributeType {
        if self == other { return self }
        if (self == .integer && other == .number) || (self == .number && other == .integer) { return .number }
        return .text
    }

    /// The type a GraphML `attr.type` names (networkx writes `int`, `long`, `double`, `float`,
    /// `boolean`, `string`; GraphML's own list adds nothing else). Unknown names are text.
    public init(graphML name: String) {
        switch name.lowercased() {
        case "int", "long", "integer": self = .integer
        case "float", "double": self = .number
        case "boolean": self = .boolean
        default: self = .text
        }
    }

    /// `value` in the form this type writes (`+007` → `7`, `True` → `true`, `.5` → `0.5`), or nil
    /// when it is not a value of this type. Numbers already written as JSON writes them are kept
    /// digit for digit (`0.1234567890123456789` is not cut to a double).
    public func canonical(_ value: String) -> String? {
        switch self {
        case .text:
            return value
        case .boolean:
            switch value.lowercased() {
            case "true", "1": return "true"
            case "false", "0": return "false"
            default: return nil
            }
        case .integer:
            var digits = Substring(value)
            var negative = false
            if let f = digits.first, f == "-" || f == "+" {
                negative = f == "-"
                digits = digits.dropFirst()
            }
            guard !digits.isEmpty, digits.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
            let trimmed = digits.drop { $0 == "0" }
            if trimmed.isEmpty { return "0" }
            return (negative ? "-" : "") + trimmed
        case .number:
            if AttributeType.isJSONNumber(value) { return value }
            guard value.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2E || $0 == 0x2B || $0 == 0x2D || $0 == 0x65 || $0 == 0x45 }),
                let v = Double(value), v.isFinite
            else { return nil }
            return "\(v)"
        }
    }

    /// Whether `s` is a number as JSON writes one: `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`.
    public static func isJSONNumber(_ s: String) -> Bool {
        let b = Array(s.utf8)
        var i = 0
        func digits() -> Int {
            let start = i
            while i < b.count && b[i] >= 0x30 && b[i] <= 0x39 { i += 1 }
            return i - start
        }
        if i < b.count && b[i] == 0x2D { i += 1 }
        let start = i
        let whole = digits()
        guard whole > 0, whole == 1 || b[start] != 0x30 else { return false }
        if i < b.count && b[i] == 0x2E {
            i += 1
            guard digits() > 0 else { return false }
        }
        if i < b.count && (b[i] == 0x65 || b[i] == 0x45) {
            i += 1
            if i < b.count && (b[i] == 0x2B || b[i] == 0x2D) { i += 1 }
            guard digits() > 0 else { return false }
        }
        return i == b.count
    }

    /// Whether `s` is a JSON number with neither a fraction nor an exponent.
    static func isJSONInteger(_ s: String) -> Bool {
        isJSONNumber(s) && !s.utf8.contains { $0 == 0x2E || $0 == 0x65 || $0 == 0x45 }
    }
}
