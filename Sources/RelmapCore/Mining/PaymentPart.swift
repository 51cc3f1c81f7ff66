import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Why a part of the payments file could not be decoded, with the line relative to the part (the
/// reader adds the part's first line before reporting it).
struct PaymentDecodingFailure: Error {
    var line: Int
    /// True when only the block is known, not the exact line.
    var near: Bool
    /// The lines before were UTF-8 with Chinese in them: the encoding changes here.
    var mixed = false
}

/// One byte range of the payments file, decoded, parsed and aggregated by one thread into its
/// own tables: sides, (payer, payee, month) cells, transaction ids and the report's counts.
///
/// The range is read in `chunkSize` blocks cut at the last line break (a line break byte never
/// occurs inside a UTF-8 or GB18030 character), each block decoded (GB18030 through iconv) and
/// parsed as RFC 4180 CSV with fields as byte ranges. Line numbers are relative to the part's
/// start; `PaymentReader` shifts them when it joins the parts in file order.
struct PaymentPart {
    enum Mode: UInt8 { case undecided, utf8, gb18030 }

    let path: String
    let options: PaymentReader.Options
    var flows = PaymentFlows()

    // Decoding.
    var atFileStart = false
    var mode = Mode.undecided
    /// The mode this part chose itself while undecided: the reader checks it against what the
    /// parts before it decided.
    var decided = Mode.undecided
    var sawNonASCII = false

    // Parsing.
    var pending: [UInt8] = []  // decoded text not yet parsed (a record cut by the block end)
    var line = 1
    var stopAfterHeader = false
    var sawHeader = false
    var cDate = 0, cPayerAccount = 0, cPayerName = 0, cPayeeAccount = 0, cPayeeName = 0, cAmount = 0
    var cPayerBank = -1, cPayeeBank = -1, cCurrency = -1, cMemo = -1, cID = -1
    /// Field bounds of the record being parsed (valid during `record`).
    var fields = FieldBounds()

    // Aggregation.
    var sides = ByteInterner(capacity: 4096)
    var sideRows: [Int] = []
    /// Account bytes -> the side last seen with that account: a row's side is found by hashing
    /// its short account number and comparing name and bank, not by hashing all three.
    var accounts = ByteInterner(capacity: 4096)
    var accountSide: [Int32] = []
    var key: [UInt8] = []
    var cells = FlowCells()
    var ids = HashSet64()
    var prefetched: UInt64 = 0  // keeps the early read of an id's slot (see `record`)
    var memos = ByteInterner(capacity: 1024)
    var memoReasons: [Int8] = []
    var matcher: MemoMatcher
    let sinceDays: Int32, untilDays: Int32

    init(path: String, options: PaymentReader.Options) {
        self.path = path
        self.options = options
        matcher = MemoMatcher(options.rules)
        flows.memoExcludedRows = Array(repeating: 0, count: options.rules.rules.count)
        flows.memoExcludedCents = Array(repeating: 0, count: options.rules.rules.count)
        sinceDays = options.since?.daysSince1970 ?? .min
        untilDays = options.until?.daysSince1970 ?? .max
        plausibleSince = options.since == nil ? PaymentPart.earliestPlausible : .min
        plausibleUntil = options.until == nil ? Day.today.daysSince1970 + 366 : .max
    }

    /// Without --since / --until, a payment dated before 1990 or more than a year after today is a
    /// typo (2200-01-01 for 2020-01-01), not data: taken in, it would stretch the period and divide
    /// every yearly volume by the years it adds. Such rows are rejected and listed.
    static let earliestPlausible = Day(year: 1990, month: 1, day: 1)!.daysSince1970
    let plausibleSince: Int32, plausibleUntil: Int32

    /// A part with this part's header and decoding mode, for the range starting at a later record
    /// boundary; its lines count from 1.
    func continuation() -> PaymentPart {
        var p = self
        p.line = 1
        p.atFileStart = false
        p.stopAfterHeader = false
        return p
    }

    // MARK: Reading

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

    mutating func reject(line: Int, field: String, _ reason: String) {
        flows.rejected += 1
        if flows.rejections.count < options.listLimit { flows.rejections.append(RejectedRow(line: line, field: field, reason: reason)) }
    }

    // MARK: Records

    mutating func header(_ buf: UnsafeBufferPointer<UInt8>, line: Int) throws {
        sawHeader = true
        var column: [String: Int] = [:]
        var log = DiagnosticLog()
        for c in 0..<fields.count {
            let name = text(field(buf, c)).trimmingCharacters(in: .whitespaces).lowercased()
            // A column named twice: which one holds the amount is unknown (entities.csv refuses the same).
            if let first = column[name], !name.isEmpty {
                let l = Language.fromEnvironment()
                log.error(
                    path, line: line, field: name,
                    l("column appears twice (columns \(first + 1) and \(c + 1))", "列名出现了两次（第 \(first + 1) 列和第 \(c + 1) 列）"),
                    fix: l("rename or delete one of them", "请重命名或删除其中一列"))
            }
            if column[name] == nil { column[name] = c }
        }
        if log.hasErrors { throw RelmapError.invalidData(log) }
        let missing = PaymentReader.required.filter { column[$0] == nil }
        if !missing.isEmpty {
            log.error(
                path, line: line, field: missing.joined(separator: ", "), "missing required column(s)",
                fix:
                    "the header must name \(PaymentReader.required.joined(separator: ", ")) (optional: \(PaymentReader.optional.joined(separator: ", ")))"
            )
            throw RelmapError.invalidData(log)
        }
        cDate = column["date"]!
        cPayerAccount = column["payer_account"]!
        cPayerName = column["payer_name"]!
        cPayeeAccount = column["payee_account"]!
        cPayeeName = column["payee_name"]!
        cAmount = column["amount"]!
        cPayerBank = column["payer_bank"] ?? -1
        cPayeeBank = column["payee_bank"] ?? -1
        cCurrency = column["currency"] ?? -1
        cMemo = column["memo"] ?? -1
        cID = column["id"] ?? -1
    }

    mutating func record(_ buf: UnsafeBufferPointer<UInt8>, line: Int) throws {
        if fields.count == 1 && fields.end(0) == fields.start(0) { return }  // blank line
        guard sawHeader else { return try header(buf, line: line) }
        flows.dataRows += 1
        // Required fields.
        let names = PaymentReader.required
        for k in 0..<6 {
            let c = k == 0 ? cDate : k == 1 ? cPayerAccount : k == 2 ? cPayerName : k == 3 ? cPayeeAccount : k == 4 ? cPayeeName : cAmount
            if field(buf, c).isEmpty {
                return reject(line: line, field: names[k], "\(names[k]) is empty; every payment needs \(names.joined(separator: ", "))")
            }
        }
        // The id's slot is read now and used once date and amount are parsed: the read, usually a
        // cache miss in a table of hundreds of MB, overlaps with that work instead of stalling.
        let idField = field(buf, cID)
        let idHash = idField.isEmpty ? 0 : HashSet64.hash(idField)
        if idHash != 0 { prefetched &+= ids.firstSlot(idHash) }
        let dateField = field(buf, cDate)
        guard
            let (day, month, dayOfMonth) = PaymentReader.isoDay(dateField)
                ?? ValueParsing.parseDay(bytes: dateField).map({ d in
                    let c = d.civil
                    return (d, Int32(c.year * 12 + c.month - 1), UInt8(c.day))
                })
        else {
            return reject(line: line, field: "date", "'\(text(dateField))' is not a date; write 2026-03-05, 2026/03/05 or 20260305")
        }
        let amountField = field(buf, cAmount)
        guard let amount = ValueParsing.parseNumber(bytes: amountField), amount.isFinite else {
            return reject(
                line: line, field: "amount", "'\(text(amountField))' is not an amount; write digits with an optional sign and decimal point")
        }
        // Summed in whole cents: a larger amount than 10^15 is a typo (or a different unit).
        guard abs(amount) < 1e15 else {
            return reject(line: line, field: "amount", "'\(text(amountField))' is above 10^15; check the amount and its unit")
        }
        let cents = Int64((amount * 100).rounded())
        var currency = "CNY"
        let cur = field(buf, cCurrency)
        if !cur.isEmpty && !(cur.count == 3 && (cur[0] | 0x20) == 0x63 && (cur[1] | 0x20) == 0x6E && (cur[2] | 0x20) == 0x79) {
            let code = text(cur).uppercased()
            if code == "RMB" || code == "人民币" {
                currency = "CNY"
            } else if PaymentReader.currencies.contains(code) {
                currency = code
            } else {
                return reject(line: line, field: "currency", "unknown currency '\(text(cur))'; use an ISO code such as CNY, USD, EUR, HKD")
            }
        }
        if idHash != 0 {
            if !ids.insert(hash: idHash) {
                flows.duplicates += 1
                if flows.duplicateLines.count < options.listLimit { flows.duplicateLines.append(line) }
                return
            }
        }
        if day.daysSince1970 < plausibleSince || day.daysSince1970 > plausibleUntil {
            let l = Language.fromEnvironment()
            return reject(
                line: line, field: "date",
                l(
                    "\(day) lies outside any plausible period (before 1990 or over a year after today); correct the date, or give --since / --until to mine it",
                    "\(day) 不在合理期间内（早于 1990 年或晚于今天一年以上）；请改正日期，或用 --since / --until 指定期间"))
        }
        if day.daysSince1970 < sinceDays || day.daysSince1970 > untilDays {
            flows.outOfPeriod += 1
            return
        }
        if flows.firstDay == nil || day < flows.firstDay! { flows.firstDay = day }
        if flows.lastDay == nil || day > flows.lastDay! { flows.lastDay = day }
        if currency != "CNY" {
            flows.otherCurrencies[currency, default: (0, 0)].rows += 1
            flows.otherCurrencies[currency, default: (0, 0)].cents += cents
            return
        }
        if cents > 0 {
            let memo = field(buf, cMemo)
            if !memo.isEmpty {
                let reason: Int
                if let id = memos.find(memo) {
                    reason = Int(memoReasons[Int(id)])
                } else {
                    reason = matcher.reason(memo)
                    if memos.count < 200_000 {
                        _ = memos.intern(memo)
                        memoReasons.append(Int8(reason))
                    }
                }
                if reason >= 0 {
                    flows.memoExcludedRows[reason] += 1
                    flows.memoExcludedCents[reason] += cents
                    return
                }
            }
        }
        let payer = side(field(buf, cPayerAccount), field(buf, cPayerName), field(buf, cPayerBank))
        let payee = side(field(buf, cPayeeAccount), field(buf, cPayeeName), field(buf, cPayeeBank))
        if cents < 0 {
            flows.reversals += 1
            flows.reversalCents -= cents
        }
        cells.add(payer: payer, payee: payee, month: month, day: dayOfMonth, cents: cents)
    }

    /// The id of the side (account, name, bank), numbered in order of first appearance. Sides
    /// are keyed by all three (0x1F separated); the account's last side is tried first.
    mutating func side(_ account: UnsafeBufferPointer<UInt8>, _ name: UnsafeBufferPointer<UInt8>, _ bank: UnsafeBufferPointer<UInt8>) -> Int32 {
        let a = Int(accounts.intern(account))
        if a == accountSide.count { accountSide.append(-1) }
        let cached = accountSide[a]
        if cached >= 0 && sides.matches(cached, prefixLength: account.count, name, bank) {
            sideRows[Int(cached)] += 1
            return cached
        }
        key.removeAll(keepingCapacity: true)
        key.append(contentsOf: account)
        key.append(0x1F)
        key.append(contentsOf: name)
        key.append(0x1F)
        key.append(contentsOf: bank)
        let before = sides.count
        let id = key.withUnsafeBufferPointer { sides.intern($0) }
        if sides.count > before { sideRows.append(0) }
        sideRows[Int(id)] += 1
        accountSide[a] = id
        return id
    }
}

/// The start and end offsets of a record's fields, in one fixed allocation shared by the copies of
/// a part's template (each part parses on one thread; copies are made before parsing starts and
/// get their own storage on first use). Fields after the first 1,024 are counted but not kept:
/// no payments column lies that far.
struct FieldBounds: @unchecked Sendable {
    static let capacity = 1024
    private final class Storage {
        let bounds = UnsafeMutablePointer<Int>.allocate(capacity: 2 * FieldBounds.capacity)
        deinit { bounds.deallocate() }
    }
    private var storage = Storage()
    var count = 0

    @inline(__always)
    mutating func append(_ start: Int, _ end: Int) {
        if count == 0 && !isKnownUniquelyReferenced(&storage) { storage = Storage() }
        if count < FieldBounds.capacity {
            storage.bounds[2 * count] = start
            storage.bounds[2 * count + 1] = end
        }
        count += 1
    }

    @inline(__always) func start(_ c: Int) -> Int { c < FieldBounds.capacity ? storage.bounds[2 * c] : 0 }
    @inline(__always) func end(_ c: Int) -> Int { c < FieldBounds.capacity ? storage.bounds[2 * c + 1] : 0 }
}
