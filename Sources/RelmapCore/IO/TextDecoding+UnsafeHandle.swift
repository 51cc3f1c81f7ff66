#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where decoding touches raw memory: the UTF-8 validator, which reads eight bytes at a time
/// over every input file (mapped or not), and the calls into iconv, which take C pointers.
extension TextDecoding {
    /// Valid UTF-8 without a byte-order mark: such a text (the usual case) is used as it is.
    static func isPlainUTF8(_ bytes: TextBytes) -> Bool {
        bytes.withUnsafeBufferPointer { buf in
            !buf.starts(with: [0xEF, 0xBB, 0xBF]) && !buf.starts(with: [0xFF, 0xFE]) && !buf.starts(with: [0xFE, 0xFF])
                && firstInvalidUTF8(buf) == nil
        }
    }

    /// The offset of the first byte that does not belong to a well-formed UTF-8 sequence, or nil.
    public static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBufferPointer { firstInvalidUTF8($0) }
    }

    /// The same over a buffer. Eight ASCII bytes at a time, since data files are mostly ASCII
    /// digits and ids, and a short path for the three-byte sequences of Chinese text.
    static func firstInvalidUTF8(_ buf: UnsafeBufferPointer<UInt8>) -> Int? {
        let n = buf.count
        guard let base = buf.baseAddress else { return nil }
        let raw = UnsafeRawPointer(base)
        var i = 0
        while i < n {
            if i + 8 <= n && raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                i += 8
                continue
            }
            let b0 = buf[i]
            if b0 < 0x80 {
                i += 1
                continue
            }
            // E1-EC and EE-EF lead bytes take any two continuation bytes (CJK lives in E3-E9).
            if b0 & 0xF0 == 0xE0 && b0 != 0xE0 && b0 != 0xED && i + 2 < n && buf[i + 1] & 0xC0 == 0x80 && buf[i + 2] & 0xC0 == 0x80 {
                i += 3
                continue
            }
            let length: Int
            var lower: UInt8 = 0x80, upper: UInt8 = 0xBF
            switch b0 {
            case 0xC2...0xDF: length = 2
            case 0xE0:
                length = 3
                lower = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED:
                length = 3
                upper = 0x9F
            case 0xF0:
                length = 4
                lower = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4:
                length = 4
                upper = 0x8F
            default: return i
            }
            guard i + length <= n else { return i }
            let b1 = buf[i + 1]
            guard b1 >= lower && b1 <= upper else { return i }
            for k in 2..<length where buf[i + k] & 0xC0 != 0x80 { return i }
            i += length
        }
        return nil
    }

    /// The first line (1-based) of a file that is not UTF-8 as a whole which is itself UTF-8 whose
    /// multi-byte characters are all Chinese (three-byte sequences led by E3 to E9) and at least
    /// three: a Chinese row in UTF-8 among GB18030 rows. GB18030 bytes form such a sequence by
    /// chance about once in two hundred characters, so three of them and nothing else on one line
    /// is about one line in ten million; a pasted row with fewer than three Chinese characters (a
    /// two-character person's name alone) is not caught.
    static func firstUTF8Line(_ bytes: [UInt8]) -> Int? {
        var line = 1, start = 0
        return bytes.withUnsafeBufferPointer { buf -> Int? in
            while start < buf.count {
                var end = start, high = false
                while end < buf.count && buf[end] != 0x0A {
                    high = high || buf[end] >= 0x80
                    end += 1
                }
                if high {
                    let row = UnsafeBufferPointer(rebasing: buf[start..<end])
                    if firstInvalidUTF8(row) == nil {
                        let all = multibyteSequences(bytes[start..<end])
                        let chinese = row.reduce(0) { $0 + ((0xE3...0xE9).contains($1) ? 1 : 0) }
                        if all >= 3 && chinese == all { return line }
                    }
                }
                line += 1
                start = end + 1
            }
            return nil
        }
    }

    /// The offset where converting `bytes` from `encoding` stops, or nil when all of it converts.
    public static func firstInvalid(_ bytes: [UInt8], from encoding: String) -> Int? {
        let cd = iconv_open("UTF-8", encoding)
        guard cd != iconv_t(bitPattern: -1) else { return nil }
        defer { iconv_close(cd) }
        var input = bytes
        var output = [UInt8](repeating: 0, count: 1 << 16)
        var inLeft = input.count
        return input.withUnsafeMutableBytes { ib -> Int? in
            var ip = ib.baseAddress?.assumingMemoryBound(to: CChar.self)
            while inLeft > 0 {
                var outLeft = output.count
                let r = output.withUnsafeMutableBytes { ob -> Int in
                    var op = ob.baseAddress?.assumingMemoryBound(to: CChar.self)
                    return iconv(cd, &ip, &inLeft, &op, &outLeft)
                }
                if r == -1 && errno != E2BIG { return ib.count - inLeft }
            }
            return nil
        }
    }

    static func convert(_ bytes: [UInt8], from source: String, to target: String) -> [UInt8]? {
        let cd = iconv_open(target, source)
        guard cd != iconv_t(bitPattern: -1) else { return nil }
        defer { iconv_close(cd) }
        var input = bytes
        // Between UTF-8 and GB18030 no character grows by more than half (2 -> 3 bytes).
        var output = [UInt8](repeating: 0, count: bytes.count * 2 + 16)
        var inLeft = input.count, outLeft = output.count
        let ok: Bool = input.withUnsafeMutableBytes { ib in
            output.withUnsafeMutableBytes { ob in
                var ip = ib.baseAddress?.assumingMemoryBound(to: CChar.self)
                var op = ob.baseAddress?.assumingMemoryBound(to: CChar.self)
                return iconv(cd, &ip, &inLeft, &op, &outLeft) != -1 && inLeft == 0
            }
        }
        guard ok else { return nil }
        output.removeLast(outLeft)
        return output
    }
}
