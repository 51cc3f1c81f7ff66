#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Turns the bytes of a text file into UTF-8, whatever Excel or a bank's export tool saved.
///
/// Detection order: a UTF-8 byte-order mark; a UTF-16 mark (Excel's "Unicode text"); valid UTF-8;
/// else GB18030, the superset of GBK and GB2312 that Excel on Chinese Windows writes. GB18030 goes
/// through the C library's iconv (glibc ships the converter), which is the platform's own codec,
/// not a table copied into this repository.
public enum TextDecoding {
    public enum Encoding: String, Sendable {
        case utf8 = "UTF-8"
        case utf8BOM = "UTF-8 with BOM"
        case utf16LE = "UTF-16LE"
        case utf16BE = "UTF-16BE"
        case gb18030 = "GB18030"
    }

    /// Why bytes could not be decoded: the 1-based line and the offending bytes.
    public struct Failure: Error, Sendable {
        public var line: Int
        public var bytes: [UInt8]
        /// The text before this line is UTF-8 with Chinese in it: the encoding changes part-way
        /// (rows pasted from a GB18030 file), and decoding all of it as GB18030 would turn the
        /// UTF-8 part into mojibake.
        public var mixed = false
        /// The file is GB18030, but this line is UTF-8 (a row pasted from a UTF-8 file): read as
        /// GB18030 it would load as mojibake.
        public var utf8Line = false

        public init(line: Int, bytes: [UInt8], mixed: Bool = false, utf8Line: Bool = false) {
            self.line = line
            self.bytes = bytes
            self.mixed = mixed
            self.utf8Line = utf8Line
        }

        /// What is wrong and how to fix it, in the reader's language.
        public func message(_ l: Language) -> (String, String) {
            let hex = bytes.isEmpty ? "" : " " + self.hex
            if utf8Line {
                return (
                    l(
                        "this line is UTF-8 but the lines before are GB18030: the file's encoding changes here (a row pasted from a UTF-8 file?); read as GB18030 its Chinese would be garbled",
                        "此行是 UTF-8，而此前各行是 GB18030：文件编码在此处改变（是否粘贴了 UTF-8 文件中的行？）；按 GB18030 读取会成为乱码"),
                    l(
                        "save the whole file again in one encoding (Excel: 'CSV UTF-8'), or convert this line with iconv -f UTF-8 -t GB18030",
                        "请把整个文件以同一种编码重新保存（Excel：“CSV UTF-8”），或用 iconv -f UTF-8 -t GB18030 转换此行")
                )
            }
            if mixed {
                return (
                    l(
                        "bytes\(hex) are not UTF-8, but the lines before are: the file's encoding changes here (rows pasted from a GB18030 or GBK file?)",
                        "字节\(hex) 不是 UTF-8，而此前各行是 UTF-8：文件编码在此处改变（是否粘贴了 GB18030/GBK 文件中的行？）"),
                    l(
                        "convert those rows to UTF-8 (iconv -f GB18030 -t UTF-8) or save the whole file again as UTF-8",
                        "请把这些行转换为 UTF-8（iconv -f GB18030 -t UTF-8），或把整个文件重新另存为 UTF-8")
                )
            }
            return (
                l("bytes\(hex) are neither UTF-8 nor GB18030", "字节\(hex) 既不是 UTF-8 也不是 GB18030"),
                l("save the file as UTF-8 (Excel: 'CSV UTF-8') or GB18030", "请把文件另存为 UTF-8（Excel：“CSV UTF-8”）或 GB18030")
            )
        }
        public var hex: String { bytes.map { String($0, radix: 16, uppercase: true) }.map { $0.count == 1 ? "0" + $0 : $0 }.joined(separator: " ") }
    }

    /// Decodes `bytes` to UTF-8, returning the text without any byte-order mark.
    public static func decode(_ bytes: [UInt8]) throws(Failure) -> (text: [UInt8], encoding: Encoding) {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            let body = Array(bytes[3...])
            if let bad = firstInvalidUTF8(body) { throw failure(in: body, at: bad) }
            return (body, .utf8BOM)
        }
        if bytes.starts(with: [0xFF, 0xFE]) { return (try utf16(bytes[2...], littleEndian: true), .utf16LE) }
        if bytes.starts(with: [0xFE, 0xFF]) { return (try utf16(bytes[2...], littleEndian: false), .utf16BE) }
        guard let firstBad = firstInvalidUTF8(bytes) else { return (bytes, .utf8) }
        if multibyteSequences(bytes[..<firstBad]) >= 2 {
            var f = failure(in: bytes, at: firstBad)
            f.mixed = true
            throw f
        }
        if let converted = iconvToUTF8(bytes, from: "GB18030") {
            if let line = firstUTF8Line(bytes) { throw Failure(line: line, bytes: [], utf8Line: true) }
            return (converted, .gb18030)
        }
        throw failure(in: bytes, at: firstInvalid(bytes, from: "GB18030") ?? firstBad)
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

    /// Multi-byte characters in valid UTF-8 (lead bytes): two or more are Chinese written as UTF-8,
    /// not GB18030 that happens to decode (about one chance in fifty per character).
    static func multibyteSequences(_ bytes: ArraySlice<UInt8>) -> Int {
        bytes.reduce(0) { $0 + ($1 >= 0xC2 ? 1 : 0) }
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

    /// The same for bytes that may be a mapped file: valid UTF-8 without a byte-order mark (the
    /// usual case) is passed on as it is, never copied; anything else is decoded as above.
    public static func decode(_ bytes: TextBytes) throws(Failure) -> (text: TextBytes, encoding: Encoding) {
        let plain = bytes.withUnsafeBufferPointer { buf in
            !buf.starts(with: [0xEF, 0xBB, 0xBF]) && !buf.starts(with: [0xFF, 0xFE]) && !buf.starts(with: [0xFE, 0xFF])
                && firstInvalidUTF8(buf) == nil
        }
        if plain { return (bytes, .utf8) }
        let (text, encoding) = try decode(bytes.array)
        return (TextBytes(text), encoding)
    }

    static func failure(in bytes: [UInt8], at offset: Int) -> Failure {
        var line = 1
        for b in bytes[..<offset] where b == 0x0A { line += 1 }
        return Failure(line: line, bytes: Array(bytes[offset..<min(bytes.count, offset + 4)]))
    }

    /// The offset of the first byte that does not belong to a well-formed UTF-8 sequence, or nil.
    public static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBufferPointer { firstInvalidUTF8($0) }
    }

    /// The same over a buffer. Eight ASCII bytes at a time, since data files are mostly ASCII
    /// digits and ids, and a short path for the three-byte sequences of Chinese text.
    public static func firstInvalidUTF8(_ buf: UnsafeBufferPointer<UInt8>) -> Int? {
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

    static func utf16(_ body: ArraySlice<UInt8>, littleEndian: Bool) throws(Failure) -> [UInt8] {
        let bytes = Array(body)
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count / 2)
        var i = 0
        while i + 1 < bytes.count {
            let a = UInt16(bytes[i]), b = UInt16(bytes[i + 1])
            units.append(littleEndian ? a | b << 8 : a << 8 | b)
            i += 2
        }
        var out: [UInt8] = []
        out.reserveCapacity(units.count * 2)
        var line = 1
        var iterator = units.makeIterator()
        var decoder = UTF16()
        loop: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                if scalar == "\n" { line += 1 }
                UTF8.encode(scalar) { out.append($0) }
            case .emptyInput: break loop
            case .error: throw Failure(line: line, bytes: [])
            }
        }
        return out
    }

    /// Converts with the C library's iconv; nil when the bytes are not valid in `encoding`.
    public static func iconvToUTF8(_ bytes: [UInt8], from encoding: String) -> [UInt8]? {
        guard let output = convert(bytes, from: encoding, to: "UTF-8") else { return nil }
        // GB18030 decodes almost any byte soup; binary files show up as control characters.
        return output.contains(0) ? nil : output
    }

    /// Converts UTF-8 to another encoding (for writing GB18030 files and for tests).
    public static func iconvFromUTF8(_ bytes: [UInt8], to encoding: String) -> [UInt8]? {
        convert(bytes, from: "UTF-8", to: encoding)
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
