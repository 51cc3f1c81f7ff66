/// Parsing of the numbers and dates found in real exports: `1,200,000`, `1 200 000.50`, `35%`,
/// full-width digits `１２３`, `2026-03-05`, `2026/3/5`, `20260305`, `2026年3月5日`, `2026.3.5`.
public enum ValueParsing {
    /// A number with optional sign, thousands separators (`,` `，` `'` or spaces between digit
    /// groups), decimal point, exponent, or a trailing `%` (divided by 100). Nil when it is not a
    /// number; non-finite results (`inf`, `nan`, overflow) are returned so callers can name them.
    ///
    /// A separator must group exactly three digits (`1,200,000`, `12 345.5`): `12,34` and `0,5`
    /// are not numbers, since reading them as 1234 and 5 would be silently wrong by a factor of
    /// 100 or 10; the caller reports the line.
    public static func parseNumber(_ s: String) -> Double? {
        // Separators become 0x2C (comma-like) or 0x20 (space-like) first, checked by `ungrouped`.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(s.utf8.count)
        for u in s.unicodeScalars {
            switch u.value {
            case 0xFF10...0xFF19: bytes.append(UInt8(u.value - 0xFF10) + 0x30)  // full-width digits
            case 0xFF0C, 0x2C, 0x27: bytes.append(0x2C)  // separators: , ， '
            case 0x20, 0x3000, 0xA0: bytes.append(0x20)  // spaces
            case 0xFF0E: bytes.append(0x2E)  // full-width point
            case 0xFF05: bytes.append(0x25)  // full-width %
            case 0xFF0D, 0x2212: bytes.append(0x2D)  // full-width and true minus
            case 0..<0x80: bytes.append(UInt8(u.value))
            default: return nil
            }
        }
        func trimSpaces() {
            while bytes.first == 0x20 { bytes.removeFirst() }
            while bytes.last == 0x20 { bytes.removeLast() }
        }
        trimSpaces()
        if bytes.last == 0x25 {
            bytes.removeLast()
            trimSpaces()
            bytes.append(0x25)
        }
        guard let plain = ungrouped(bytes) else { return nil }
        bytes = plain
        var percent = false
        if bytes.last == 0x25 {
            percent = true
            bytes.removeLast()
        }
        guard !bytes.isEmpty else { return nil }
        let text = String(decoding: bytes, as: UTF8.self)
        let lower = text.lowercased()
        if ["inf", "+inf", "-inf", "infinity", "-infinity", "nan"].contains(lower) {
            return lower == "nan" ? .nan : (lower.hasPrefix("-") ? -.infinity : .infinity)
        }
        // Only digits, one point, sign, exponent: reject hex floats and words Double() would take.
        guard bytes.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2E || $0 == 0x2B || $0 == 0x2D || $0 == 0x65 || $0 == 0x45 }),
            bytes.contains(where: { $0 >= 0x30 && $0 <= 0x39 }),
            let v = Double(text)
        else { return nil }
        return percent ? v / 100 : v
    }

    /// `bytes` without its digit-group separators (0x2C, 0x20), or nil when a separator does not
    /// sit between groups of exactly three digits of the integer part (the first group 1 to 3).
    static func ungrouped(_ bytes: [UInt8]) -> [UInt8]? {
        func isSeparator(_ b: UInt8) -> Bool { b == 0x2C || b == 0x20 }
        guard bytes.contains(where: isSeparator) else { return bytes }
        var start = 0
        if let first = bytes.first, first == 0x2B || first == 0x2D { start = 1 }
        var end = start
        while end < bytes.count, (bytes[end] >= 0x30 && bytes[end] <= 0x39) || isSeparator(bytes[end]) { end += 1 }
        guard !bytes[end...].contains(where: isSeparator) else { return nil }
        let groups = bytes[start..<end].split(omittingEmptySubsequences: false, whereSeparator: isSeparator)
        guard let first = groups.first, (1...3).contains(first.count),
            groups.dropFirst().allSatisfy({ $0.count == 3 })
        else { return nil }
        return Array(bytes[..<start]) + groups.joined() + Array(bytes[end...])
    }

    /// An integer in `range`, written as digits (optionally `3.0`); nil otherwise.
    public static func parseInteger(_ s: String, in range: ClosedRange<Int>) -> Int? {
        parseNumber(s).flatMap { integer($0, in: range) }
    }

    /// A parsed number as an integer in `range`; nil when it has a fraction or lies outside.
    public static func integer(_ v: Double, in range: ClosedRange<Int>) -> Int? {
        guard v.isFinite, v == v.rounded(), let i = Int(exactly: v), range.contains(i) else { return nil }
        return i
    }
}
