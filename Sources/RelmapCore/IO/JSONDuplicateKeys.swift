/// Keys written twice in one JSON object. JSONSerialization keeps the last silently, so a record
/// `{"name": "甲", ..., "name": "乙"}` loses a value without a word; this scan finds them, with
/// their lines, in a document already known to be valid JSON.
///
/// Keys are compared as written (escapes not decoded): `"a"` and `"\u0061"` count as two keys.
/// - Complexity: O(n) time in the document's bytes, O(depth + keys of the open objects) memory.
enum JSONDuplicateKeys {
    struct Duplicate: Equatable {
        var key: String
        var line: Int
    }

    static func scan(_ bytes: UnsafeBufferPointer<UInt8>, limit: Int = 50) -> [Duplicate] {
        var long: [Int] = []
        return scan(bytes, limit: limit, longNumbers: &long)
    }

    /// Digits JSONSerialization keeps of a number it cannot hold in a Double or an Int64: its
    /// NSDecimalNumber has a 128-bit mantissa. Past them digits are dropped without a word.
    static let exactDigits = 38

    /// Also collects, in `longNumbers`, the lines of numbers with more significant digits than
    /// `exactDigits` (an account number written as a JSON number), which would be read rounded.
    static func scan(_ bytes: UnsafeBufferPointer<UInt8>, limit: Int, longNumbers: inout [Int]) -> [Duplicate] {
        // One frame per open container: nil for an array, the keys so far for an object.
        var frames: [Set<ArraySlice<UInt8>>?] = []
        var expectingKey = false
        var found: [Duplicate] = []
        var line = 1
        var i = 0
        let n = bytes.count
        while i < n && found.count < limit {
            let b = bytes[i]
            switch b {
            case 0x0A: line += 1
            case 0x7B:
                frames.append([])
                expectingKey = true  // {
            case 0x5B:
                frames.append(nil)
                expectingKey = false  // [
            case 0x7D, 0x5D:
                _ = frames.popLast()
                expectingKey = false  // } ]
            case 0x2C: expectingKey = frames.last.map { $0 != nil } ?? false  // ,
            case 0x22:  // "
                let start = i + 1
                var j = start
                while j < n && bytes[j] != 0x22 { j += bytes[j] == 0x5C ? 2 : 1 }
                if expectingKey, var keys = frames.last ?? nil {
                    let key = bytes[start..<min(j, n)]
                    if !keys.insert(Array(key)[...]).inserted {
                        found.append(Duplicate(key: String(decoding: key, as: UTF8.self), line: line))
                    }
                    frames[frames.count - 1] = keys
                    expectingKey = false
                }
                i = j
            case 0x2D, 0x30...0x39:  // a number (never inside a string: those are skipped whole)
                var significant = 0
                var j = i
                while j < n, bytes[j] != 0x65 && bytes[j] != 0x45, bytes[j] == 0x2D || bytes[j] == 0x2E || (bytes[j] >= 0x30 && bytes[j] <= 0x39) {
                    if bytes[j] >= 0x31 && bytes[j] <= 0x39 || (bytes[j] == 0x30 && significant > 0) { significant += 1 }
                    j += 1
                }
                if significant > exactDigits && longNumbers.count < limit { longNumbers.append(line) }
                i = j - 1
            default: break
            }
            i += 1
        }
        return found
    }
}
