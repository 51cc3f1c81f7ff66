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

    /// Fast path for plain ASCII numbers straight from a CSV field (digits, one point, commas as
    /// thousands separators, a sign). Falls back to `parseNumber` for anything else.
    /// Exact: below 2^53 with at most 22 decimals the result is correctly rounded (Clinger).
    @inline(__always)
    public static func parseNumber(bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        var i = 0, n = bytes.count
        while i < n && bytes[i] == 0x20 { i += 1 }
        while n > i && bytes[n - 1] == 0x20 { n -= 1 }
        guard i < n else { return nil }
        var negative = false
        if bytes[i] == 0x2D {
            negative = true
            i += 1
        } else if bytes[i] == 0x2B {
            i += 1
        }
        var mantissa: UInt64 = 0, digits = 0, fractionDigits = 0
        var seenPoint = false
        // Digits since the last thousands separator, and how many separators: each group after
        // one must have exactly three digits (`12,34` is not 1234).
        var group = 0, groups = 0
        while i < n {
            let b = bytes[i]
            if b >= 0x30 && b <= 0x39 {
                if digits >= 18 { return slow(bytes) }
                mantissa = mantissa * 10 + UInt64(b - 0x30)
                digits += 1
                if seenPoint { fractionDigits += 1 } else { group += 1 }
            } else if b == 0x2E && !seenPoint {
                if groups > 0 && group != 3 { return nil }
                seenPoint = true
            } else if b == 0x2C && !seenPoint && digits > 0 {
                guard groups == 0 ? group <= 3 : group == 3 else { return nil }
                groups += 1
                group = 0
            } else {
                return slow(bytes)
            }
            i += 1
        }
        guard digits > 0 else { return nil }
        if !seenPoint && groups > 0 && group != 3 { return nil }
        guard mantissa < (1 << 53), fractionDigits <= 22 else { return slow(bytes) }
        var v = Double(mantissa)
        if fractionDigits > 0 { v /= powersOfTen[fractionDigits] }
        return negative ? -v : v
    }

    private static func slow(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        parseNumber(String(decoding: bytes, as: UTF8.self))
    }

    private static let powersOfTen: [Double] = (0...22).map { p in (0..<p).reduce(1.0) { acc, _ in acc * 10 } }

    /// An integer in `range`, written as digits (optionally `3.0`); nil otherwise.
    public static func parseInteger(_ s: String, in range: ClosedRange<Int>) -> Int? {
        parseNumber(s).flatMap { integer($0, in: range) }
    }

    /// A parsed number as an integer in `range`; nil when it has a fraction or lies outside.
    public static func integer(_ v: Double, in range: ClosedRange<Int>) -> Int? {
        guard v.isFinite, v == v.rounded(), let i = Int(exactly: v), range.contains(i) else { return nil }
        return i
    }

    /// A calendar date: ISO `2026-03-05` (a time part after `T` or a space is ignored),
    /// `2026/3/5`, `2026.3.5`, `20260305`, `2026年3月5日`. Nil when it is not a real date.
    public static func parseDay(_ s: String) -> Day? {
        var utf8 = Array(s.utf8)
        while let f = utf8.first, f == 0x20 { utf8.removeFirst() }
        while let l = utf8.last, l == 0x20 { utf8.removeLast() }
        return utf8.withUnsafeBufferPointer { parseDay(bytes: $0) }
    }

    public static func parseDay(bytes: UnsafeBufferPointer<UInt8>) -> Day? {
        // At most three numbers, kept in place rather than in an array: a load parses millions
        // of dates, and an array is an allocation each.
        var parts = (0, 0, 0), count = 0
        func append(_ v: Int) {
            switch count {
            case 0: parts.0 = v
            case 1: parts.1 = v
            default: parts.2 = v
            }
            count += 1
        }
        var current = 0, digits = 0
        var compact = true
        var i = 0
        func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
        while i < bytes.count {
            let b = bytes[i]
            if isDigit(b) {
                current = current * 10 + Int(b - 0x30)
                digits += 1
                if digits > 8 { return nil }
            } else {
                // A separator: - / . or the UTF-8 of 年 月 日 (E5 B9 B4, E6 9C 88, E6 97 A5).
                if digits == 0 { return nil }
                append(current)
                current = 0
                digits = 0
                compact = false
                if count == 3 { break }  // time part or 日 follows
                if b == 0x2D || b == 0x2F || b == 0x2E {
                    i += 1
                } else if b == 0xE5 || b == 0xE6, i + 2 < bytes.count {
                    i += 3
                } else {
                    return nil
                }
                continue
            }
            i += 1
        }
        if digits > 0 { append(current) }
        if compact {
            guard count == 1, digits == 8 else { return nil }
            let v = parts.0
            return Day(year: v / 10_000, month: v / 100 % 100, day: v % 100)
        }
        guard count == 3, parts.0 >= 1000 else { return nil }
        if count == 3, i < bytes.count {
            // Only a time part or the 日 character may follow the day.
            let rest = bytes[i]
            guard rest == 0x54 || rest == 0x20 || rest == 0xE6 else { return nil }
        }
        return Day(year: parts.0, month: parts.1, day: parts.2)
    }
}
