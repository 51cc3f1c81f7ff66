/// The type an extra column's values share, so that JSON and GraphML exports write numbers as
/// numbers and booleans as booleans (a tool reading the file sorts and sums them) while every value
/// reads back as the same text. Relmap keeps extra attributes as text; the type is only inferred.
///
/// A column is `integer` or `double` only when every value is a JSON number literal with at most
/// 15 significant digits: a longer number (a bank card of 19 digits, an id past 2^53) would lose
/// digits in any program that reads JSON numbers as doubles, so it stays text. A leading zero
/// (`007`, an account) or a `+` keeps the column text too: they would not read back as written.
enum AttributeType: Equatable {
    case string, integer, double, boolean

    static func infer(_ values: some Sequence<String>) -> AttributeType {
        var type: AttributeType?
        for v in values where !v.isEmpty {
            let t = of(v)
            switch (type, t) {
            case (nil, _): type = t
            case (.integer, .double), (.double, .integer): type = .double
            case let (a?, b) where a == b: break
            default: return .string
            }
            if type == .string { return .string }
        }
        return type ?? .string
    }

    static func of(_ v: String) -> AttributeType {
        if v == "true" || v == "false" { return .boolean }
        let bytes = Array(v.utf8)
        var i = 0, digits = 0, significant = false, fraction = false, exponent = false
        if i < bytes.count && bytes[i] == UInt8(ascii: "-") { i += 1 }
        guard i < bytes.count, (0x30...0x39).contains(bytes[i]) else { return .string }
        if bytes[i] == 0x30 && i + 1 < bytes.count && (0x30...0x39).contains(bytes[i + 1]) { return .string }
        while i < bytes.count {
            let b = bytes[i]
            switch b {
            case 0x30...0x39:
                if !exponent { if b != 0x30 { significant = true }; if significant { digits += 1 } }
            case UInt8(ascii: ".") where !fraction && !exponent:
                fraction = true
                guard i + 1 < bytes.count, (0x30...0x39).contains(bytes[i + 1]) else { return .string }
            case UInt8(ascii: "e"), UInt8(ascii: "E"):
                guard !exponent else { return .string }
                exponent = true
                if i + 1 < bytes.count && (bytes[i + 1] == UInt8(ascii: "-") || bytes[i + 1] == UInt8(ascii: "+")) { i += 1 }
                guard i + 1 < bytes.count, (0x30...0x39).contains(bytes[i + 1]) else { return .string }
            default:
                return .string
            }
            i += 1
        }
        guard digits <= 15 else { return .string }
        return fraction || exponent ? .double : .integer
    }

    /// GraphML's `attr.type`.
    var graphML: String {
        switch self {
        case .string: "string"
        case .integer: "long"
        case .double: "double"
        case .boolean: "boolean"
        }
    }
}
