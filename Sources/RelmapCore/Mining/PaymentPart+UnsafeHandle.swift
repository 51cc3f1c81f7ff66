import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where a payments part touches raw memory: reading its byte range with `pread` into one reused
/// buffer, decoding blocks and scanning them eight bytes at a time, and handing `record` each
/// field as a byte span of the block. Spans are valid only while their block is parsed; `record`
/// copies what it keeps (interned sides, parsed numbers).
extension PaymentPart {
    /// Reads `range` of the open file, block by block, into one buffer reused throughout: the
    /// bytes after a block's last line break move to its front and the next read goes after them.
    /// `final`: the range ends the file.
    mutating func run(_ fd: Int32, range: Range<Int>, final: Bool) throws {
        var buffer = [UInt8](repeating: 0, count: max(1, min(options.chunkSize, range.count)))
        var filled = 0  // bytes in the buffer; those after the last line break wait
        var offset = range.lowerBound
        var sized = false
        while offset < range.upperBound {
            if filled == buffer.count { buffer += [UInt8](repeating: 0, count: buffer.count) }  // a line longer than the buffer
            let want = min(buffer.count - filled, range.upperBound - offset)
            let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress! + filled, want, off_t(offset)) }
            if n < 0 { throw RelmapError.io(path: path, reason: "read failed: \(String(cString: strerror(errno)))") }
            if n == 0 { break }
            offset += n
            filled += n
            guard let cut = buffer[(filled - n)..<filled].lastIndex(of: 0x0A) else { continue }
            try buffer.withUnsafeMutableBufferPointer { b in
                try feed(UnsafeMutableBufferPointer(rebasing: b[...cut]), final: false)
                let rest = filled - (cut + 1)
                if rest > 0 { b.baseAddress!.update(from: b.baseAddress! + cut + 1, count: rest) }
                filled = rest
            }
            if !sized {
                // One id per row: size the id set once from the first block's row density rather
                // than growing it through many rehashes.
                sized = true
                let rows = Double(flows.dataRows) * Double(range.count) / Double(max(1, offset - range.lowerBound))
                if cID >= 0 { ids.reserve(Int(rows * 1.1)) }
            }
        }
        if final || filled > 0 {
            try buffer.withUnsafeMutableBufferPointer { try feed(UnsafeMutableBufferPointer(rebasing: $0[..<filled]), final: final) }
        }
    }

    /// Decodes one block (whole lines) and parses it.
    mutating func feed(_ block: UnsafeMutableBufferPointer<UInt8>, final: Bool) throws {
        var bytes = block
        if atFileStart {
            atFileStart = false
            if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
                bytes = UnsafeMutableBufferPointer(rebasing: bytes[3...])
                flows.encoding = "UTF-8 with BOM"
            }
            if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
                throw RelmapError.io(
                    path: path, reason: "UTF-16 payments files are not read as a stream; save the file as UTF-8 or GB18030 (Excel: CSV UTF-8)")
            }
        }
        // Decoding errors name the line: the first line of this block follows the text still pending.
        func blockLine() -> Int { line + pending.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) } }
        if mode != .gb18030 {
            if let bad = TextDecoding.firstInvalidUTF8(UnsafeBufferPointer(bytes)) {
                if sawNonASCII {
                    throw PaymentDecodingFailure(line: blockLine() + bytes[..<bad].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }, near: false, mixed: true)
                }
                setMode(.gb18030)
            } else if !sawNonASCII && bytes.contains(where: { $0 >= 0x80 }) {
                sawNonASCII = true
                setMode(.utf8)
            }
        }
        if mode == .gb18030 {
            guard var converted = TextDecoding.iconvToUTF8(Array(bytes), from: "GB18030") else {
                // The true line: where the converter stops inside this block.
                let bad = TextDecoding.firstInvalid(Array(bytes), from: "GB18030") ?? 0
                throw PaymentDecodingFailure(line: blockLine() + bytes[..<bad].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }, near: false)
            }
            try converted.withUnsafeMutableBufferPointer { try consume($0, final: final) }
        } else {
            try consume(bytes, final: final)
        }
    }

    private mutating func setMode(_ m: Mode) {
        if mode == .undecided && decided == .undecided { decided = m }
        mode = m
        if m == .gb18030 { flows.encoding = "GB18030" }
    }

    /// Parses `text` after any pending text; keeps an incomplete last record pending.
    mutating func consume(_ text: UnsafeMutableBufferPointer<UInt8>, final: Bool) throws {
        if pending.isEmpty {
            let used = try parse(text, final: final)
            if used < text.count { pending = Array(text[used...]) }
        } else {
            var joined = pending
            joined.append(contentsOf: text)
            pending = []
            let used = try joined.withUnsafeMutableBufferPointer { try parse($0, final: final) }
            if used < joined.count { pending = Array(joined[used...]) }
        }
        if final && !pending.isEmpty {
            reject(line: line, field: "", "a quoted field is never closed (opened on this line); close the quote or remove it")
            pending = []
        }
    }

    /// Parses complete records; returns how many bytes were used. An incomplete record at the end
    /// (not `final`) is left untouched for the next block.
    mutating func parse(_ buf: UnsafeMutableBufferPointer<UInt8>, final: Bool) throws -> Int {
        let n = buf.count
        var pos = 0
        while pos < n {
            if stopAfterHeader && sawHeader { return pos }
            fields.count = 0
            var i = pos
            var newlines = 0
            while true {
                if i < n && buf[i] == 0x22 {
                    // Quoted field: find the closing quote first, so that an incomplete record is
                    // left as it was; then unescape ("" -> ") in place.
                    var r = i + 1
                    var closed = false, escaped = false
                    while r < n {
                        let b = buf[r]
                        if b == 0x22 {
                            if r + 1 < n && buf[r + 1] == 0x22 {
                                escaped = true
                                r += 2
                                continue
                            }
                            if r + 1 == n && !final { break }
                            closed = true
                            break
                        }
                        if b == 0x0A { newlines += 1 }
                        r += 1
                    }
                    if !closed { return pos }
                    if escaped {
                        var w = i, q = i + 1
                        while q < r {
                            buf[w] = buf[q]
                            q += buf[q] == 0x22 ? 2 : 1
                            w += 1
                        }
                        fields.append(i, w)
                    } else {
                        fields.append(i + 1, r)
                    }
                    // Skip anything between the closing quote and the delimiter (Excel tolerates it).
                    i = r + 1
                    while i < n && buf[i] != 0x2C && buf[i] != 0x0A { i += 1 }
                } else {
                    let start = i
                    i = PaymentPart.nextDelimiter(buf, from: i)
                    var e = i
                    if e > start && buf[e - 1] == 0x0D { e -= 1 }
                    fields.append(start, e)
                }
                if i >= n {
                    if !final { return pos }
                    break
                }
                if buf[i] == 0x0A {
                    i += 1
                    break
                }
                i += 1  // comma
            }
            let recordLine = line
            line += 1 + newlines
            pos = i
            try record(UnsafeBufferPointer(buf), line: recordLine)
        }
        return pos
    }

    /// The offset of the first comma or line feed at or after `i` (or `buf.count`), eight bytes
    /// at a time: a byte equal to either makes its lane of `x ^ pattern` zero, and the lowest
    /// flagged lane of the has-zero test is exact.
    @inline(__always)
    static func nextDelimiter(_ buf: UnsafeMutableBufferPointer<UInt8>, from start: Int) -> Int {
        let n = buf.count
        var i = start
        let raw = UnsafeRawPointer(buf.baseAddress!)
        while i + 8 <= n {
            let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            let a = w ^ 0x2C2C_2C2C_2C2C_2C2C, b = w ^ 0x0A0A_0A0A_0A0A_0A0A
            let hit = ((a &- 0x0101_0101_0101_0101) & ~a | (b &- 0x0101_0101_0101_0101) & ~b) & 0x8080_8080_8080_8080
            if hit != 0 { return i + hit.trailingZeroBitCount / 8 }
            i += 8
        }
        while i < n && buf[i] != 0x2C && buf[i] != 0x0A { i += 1 }
        return i
    }

    @inline(__always)
    func field(_ buf: UnsafeBufferPointer<UInt8>, _ c: Int) -> UnsafeBufferPointer<UInt8> {
        guard c >= 0 && c < fields.count else { return UnsafeBufferPointer(rebasing: buf[0..<0]) }
        var s = fields.start(c), e = fields.end(c)
        while s < e && (buf[s] == 0x20 || buf[s] == 0x09) { s += 1 }
        while e > s && (buf[e - 1] == 0x20 || buf[e - 1] == 0x09) { e -= 1 }
        return UnsafeBufferPointer(rebasing: buf[s..<e])
    }

    func text(_ b: UnsafeBufferPointer<UInt8>) -> String { String(decoding: b, as: UTF8.self) }
}
