import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// One side of a payment as the payment system wrote it.
public struct PaymentSide: Hashable, Sendable {
    public var account: String
    public var name: String
    public var bank: String
}

/// A row that could not be used, with the line it began on.
public struct RejectedRow: Codable, Sendable, Equatable {
    public var line: Int
    public var field: String
    public var reason: String
}

/// The payments file reduced to flows: per (payer side, payee side) pair the transaction count,
/// first and last dates, and the net amount per calendar month (CNY only), plus the counts the
/// mining report needs. Tens of millions of rows become a few thousand pairs.
public struct PaymentFlows: Sendable {
    public var encoding = "UTF-8"
    public var sides: [PaymentSide] = []
    /// Rows in which each side appears (to choose a display name among variants).
    public var sideRows: [Int] = []
    public var pairPayer: [Int32] = [], pairPayee: [Int32] = []
    public var pairTxCount: [Int] = [], pairFirst: [Int32] = [], pairLast: [Int32] = []
    public var pairReversals: [Int] = []
    /// Net amount per (pair, month): `slotPair[s]`, `slotMonth[s]` (year * 12 + month - 1), `slotAmount[s]`.
    public var slotPair: [Int32] = [], slotMonth: [Int32] = [], slotAmount: [Double] = []

    public var dataRows = 0
    public var rejected = 0
    public var rejections: [RejectedRow] = []
    public var duplicates = 0
    public var duplicateLines: [Int] = []
    public var outOfPeriod = 0
    public var reversals = 0
    public var reversalVolume = 0.0
    /// Rows and volume in currencies other than CNY, reported apart.
    public var otherCurrencies: [String: (rows: Int, volume: Double)] = [:]
    /// Rows and CNY volume excluded by a memo rule, by rule index.
    public var memoExcludedRows: [Int] = [], memoExcludedVolume: [Double] = []
    public var firstDay: Day?, lastDay: Day?

    public var rejectedShare: Double { dataRows == 0 ? 0 : Double(rejected) / Double(dataRows) }
}

/// Streams a payments CSV into `PaymentFlows` without holding its rows.
///
/// The file is read in 8 MB chunks cut at the last line break (a line break byte never occurs
/// inside a UTF-8 or GB18030 character), decoded chunk by chunk (GB18030 through iconv), and
/// parsed as RFC 4180 CSV with fields as byte ranges. Each row's sides are interned as raw bytes
/// and its amount added to its (pair, month) cell on the spot.
/// - Complexity: O(file bytes) time; memory O(distinct sides + pairs x months + distinct ids).
public enum PaymentReader {
    public struct Options: Sendable {
        public var since: Day?
        public var until: Day?
        public var rules: PaymentRules
        public var listLimit: Int
        public var chunkSize: Int

        public init(since: Day? = nil, until: Day? = nil, rules: PaymentRules = .defaults, listLimit: Int = 1000, chunkSize: Int = 8 << 20) {
            self.since = since
            self.until = until
            self.rules = rules
            self.listLimit = listLimit
            self.chunkSize = chunkSize
        }
    }

    static let required = ["date", "payer_account", "payer_name", "payee_account", "payee_name", "amount"]
    static let optional = ["payer_bank", "payee_bank", "currency", "memo", "id"]
    /// ISO codes accepted; anything else is an unknown currency. 人民币 and RMB mean CNY.
    static let currencies: Set<String> = ["CNY", "USD", "EUR", "HKD", "JPY", "GBP", "AUD", "CAD", "SGD", "CHF", "KRW", "MOP", "TWD", "NZD", "SEK", "NOK", "DKK", "THB", "MYR", "RUB", "INR", "AED", "SAR", "BRL", "ZAR", "IDR", "VND", "PHP"]

    /// The common `2026-03-05` form without allocating; nil for anything else (the general
    /// parser then tries). Returns the day and its month index (year * 12 + month - 1).
    @inline(__always)
    static func isoDay(_ b: UnsafeBufferPointer<UInt8>) -> (Day, Int32)? {
        guard b.count == 10, b[4] == 0x2D, b[7] == 0x2D else { return nil }
        func d(_ i: Int) -> Int? { let x = Int(b[i]) - 0x30; return x >= 0 && x <= 9 ? x : nil }
        guard let y0 = d(0), let y1 = d(1), let y2 = d(2), let y3 = d(3), let m0 = d(5), let m1 = d(6), let d0 = d(8), let d1 = d(9) else { return nil }
        let year = y0 * 1000 + y1 * 100 + y2 * 10 + y3, month = m0 * 10 + m1, day = d0 * 10 + d1
        guard let value = Day(year: year, month: month, day: day) else { return nil }
        return (value, Int32(year * 12 + month - 1))
    }

    public static func read(_ path: String, options: Options = Options()) throws -> PaymentFlows {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw RelmapError.io(path: path, reason: "cannot open the payments file: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var state = ParseState(path: path, options: options)
        var raw = [UInt8](repeating: 0, count: options.chunkSize)
        var carry: [UInt8] = []         // raw bytes after the last line break of the previous chunk
        var first = true
        var mode = 0                    // 0 undecided, 1 UTF-8, 2 GB18030
        var sawNonASCII = false
        var lineBase = 1                // line number of the first line in the decoded text to come
        func feed(_ bytes: [UInt8], final: Bool) throws {
            var bytes = bytes
            if first {
                first = false
                if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3); state.flows.encoding = "UTF-8 with BOM" }
                if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
                    throw RelmapError.io(path: path, reason: "UTF-16 payments files are not read as a stream; save the file as UTF-8 or GB18030 (Excel: CSV UTF-8)")
                }
            }
            var text = bytes
            if mode != 2 {
                if let bad = TextDecoding.firstInvalidUTF8(bytes) {
                    if sawNonASCII {
                        let line = lineBase + bytes[..<bad].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
                        throw RelmapError.io(path: path, reason: "line \(line): bytes that are neither UTF-8 nor GB18030; save the file as UTF-8 or GB18030")
                    }
                    mode = 2
                    state.flows.encoding = "GB18030"
                } else if !sawNonASCII && bytes.contains(where: { $0 >= 0x80 }) {
                    sawNonASCII = true
                    mode = 1
                }
            }
            if mode == 2 {
                guard let converted = TextDecoding.iconvToUTF8(bytes, from: "GB18030") else {
                    throw RelmapError.io(path: path, reason: "near line \(lineBase): bytes that are neither UTF-8 nor GB18030; save the file as UTF-8 or GB18030")
                }
                text = converted
            }
            lineBase += bytes.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
            try state.consume(text, final: final)
        }
        while true {
            let n = raw.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress!, $0.count) }
            if n < 0 { throw RelmapError.io(path: path, reason: "read failed: \(String(cString: strerror(errno)))") }
            if n == 0 { break }
            if let cut = raw[..<n].lastIndex(of: 0x0A) {
                var block = carry
                block.append(contentsOf: raw[...cut])
                carry = Array(raw[(cut + 1)..<n])
                try feed(block, final: false)
            } else {
                carry.append(contentsOf: raw[..<n])
            }
        }
        try feed(carry, final: true)
        if !state.sawHeader { throw RelmapError.io(path: path, reason: "the payments file is empty; it needs a header row with \(required.joined(separator: ", "))") }
        return state.finish()
    }

    /// The parser and aggregator state carried across chunks.
    struct ParseState {
        let path: String
        let options: Options
        var flows = PaymentFlows()
        var pending: [UInt8] = []       // decoded text not yet parsed (a record cut by the chunk end)
        var line = 1
        var sawHeader = false
        var column: [String: Int] = [:]
        var cDate = 0, cPayerAccount = 0, cPayerName = 0, cPayeeAccount = 0, cPayeeName = 0, cAmount = 0
        var cPayerBank = -1, cPayeeBank = -1, cCurrency = -1, cMemo = -1, cID = -1
        var starts: [Int] = [], ends: [Int] = []
        var sides = ByteInterner(capacity: 4096)
        var ids = HashSet64()
        var memos = ByteInterner(capacity: 1024)
        var memoReasons: [Int8] = []
        var matcher: MemoMatcher
        var pairs: [UInt64: Int32] = [:]
        var slots: [UInt64: Int32] = [:]
        var key: [UInt8] = []
        var sinceDays: Int32, untilDays: Int32

        init(path: String, options: Options) {
            self.path = path
            self.options = options
            matcher = MemoMatcher(options.rules)
            flows.memoExcludedRows = Array(repeating: 0, count: options.rules.rules.count)
            flows.memoExcludedVolume = Array(repeating: 0, count: options.rules.rules.count)
            sinceDays = options.since?.daysSince1970 ?? .min
            untilDays = options.until?.daysSince1970 ?? .max
        }

        mutating func consume(_ text: [UInt8], final: Bool) throws {
            if pending.isEmpty { pending = text } else { pending.append(contentsOf: text) }
            var buffer = pending
            pending = []
            let used = try buffer.withUnsafeMutableBufferPointer { try parse($0, final: final) }
            if used < buffer.count { pending = Array(buffer[used...]) }
            if final && !pending.isEmpty {
                reject(line: line, field: "", "a quoted field is never closed (opened on this line); close the quote or remove it")
                pending = []
            }
        }

        /// Parses complete records; returns how many bytes were used.
        mutating func parse(_ buf: UnsafeMutableBufferPointer<UInt8>, final: Bool) throws -> Int {
            let n = buf.count
            var pos = 0
            while pos < n {
                starts.removeAll(keepingCapacity: true)
                ends.removeAll(keepingCapacity: true)
                var i = pos
                var newlines = 0
                var complete = false
                fields: while true {
                    if i < n && buf[i] == 0x22 {
                        // Quoted field: unescape in place ("" -> ").
                        var r = i + 1, w = i
                        let start = i
                        var closed = false
                        while r < n {
                            let b = buf[r]
                            if b == 0x22 {
                                if r + 1 < n && buf[r + 1] == 0x22 { buf[w] = 0x22; w += 1; r += 2; continue }
                                if r + 1 == n && !final { break }
                                closed = true
                                r += 1
                                break
                            }
                            if b == 0x0A { newlines += 1 }
                            buf[w] = b; w += 1; r += 1
                        }
                        if !closed { if final { /* unclosed at end of file */ }; return pos }
                        starts.append(start); ends.append(w)
                        // Skip anything between the closing quote and the delimiter (Excel tolerates it).
                        i = r
                        while i < n && buf[i] != 0x2C && buf[i] != 0x0A { i += 1 }
                    } else {
                        let start = i
                        while i < n && buf[i] != 0x2C && buf[i] != 0x0A { i += 1 }
                        var e = i
                        if e > start && buf[e - 1] == 0x0D { e -= 1 }
                        starts.append(start); ends.append(e)
                    }
                    if i >= n {
                        if !final { return pos }
                        complete = true
                        break fields
                    }
                    if buf[i] == 0x0A { i += 1; complete = true; break fields }
                    i += 1 // comma
                }
                _ = complete
                let recordLine = line
                line += 1 + newlines
                pos = i
                try record(UnsafeBufferPointer(buf), line: recordLine)
            }
            return pos
        }

        @inline(__always)
        func field(_ buf: UnsafeBufferPointer<UInt8>, _ c: Int) -> UnsafeBufferPointer<UInt8> {
            guard c >= 0 && c < starts.count else { return UnsafeBufferPointer(rebasing: buf[0..<0]) }
            var s = starts[c], e = ends[c]
            while s < e && (buf[s] == 0x20 || buf[s] == 0x09) { s += 1 }
            while e > s && (buf[e - 1] == 0x20 || buf[e - 1] == 0x09) { e -= 1 }
            return UnsafeBufferPointer(rebasing: buf[s..<e])
        }

        func text(_ b: UnsafeBufferPointer<UInt8>) -> String { String(decoding: b, as: UTF8.self) }

        mutating func reject(line: Int, field: String, _ reason: String) {
            flows.rejected += 1
            if flows.rejections.count < options.listLimit { flows.rejections.append(RejectedRow(line: line, field: field, reason: reason)) }
        }

        mutating func header(_ buf: UnsafeBufferPointer<UInt8>, line: Int) throws {
            sawHeader = true
            for c in 0..<starts.count {
                let name = text(field(buf, c)).lowercased()
                if column[name] == nil { column[name] = c }
            }
            let missing = PaymentReader.required.filter { column[$0] == nil }
            if !missing.isEmpty {
                var log = DiagnosticLog()
                log.error(path, line: line, field: missing.joined(separator: ", "), "missing required column(s)",
                          fix: "the header must name \(PaymentReader.required.joined(separator: ", ")) (optional: \(PaymentReader.optional.joined(separator: ", ")))")
                throw RelmapError.invalidData(log)
            }
            cDate = column["date"]!; cPayerAccount = column["payer_account"]!; cPayerName = column["payer_name"]!
            cPayeeAccount = column["payee_account"]!; cPayeeName = column["payee_name"]!; cAmount = column["amount"]!
            cPayerBank = column["payer_bank"] ?? -1; cPayeeBank = column["payee_bank"] ?? -1
            cCurrency = column["currency"] ?? -1; cMemo = column["memo"] ?? -1; cID = column["id"] ?? -1
        }

        mutating func record(_ buf: UnsafeBufferPointer<UInt8>, line: Int) throws {
            if starts.count == 1 && ends[0] == starts[0] { return }   // blank line
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
            let dateField = field(buf, cDate)
            guard let (day, month) = PaymentReader.isoDay(dateField) ?? ValueParsing.parseDay(bytes: dateField).map({ d in
                let c = d.civil
                return (d, Int32(c.year * 12 + c.month - 1))
            }) else {
                return reject(line: line, field: "date", "'\(text(dateField))' is not a date; write 2026-03-05, 2026/03/05 or 20260305")
            }
            let amountField = field(buf, cAmount)
            guard let amount = ValueParsing.parseNumber(bytes: amountField), amount.isFinite else {
                return reject(line: line, field: "amount", "'\(text(amountField))' is not an amount; write digits with an optional sign and decimal point")
            }
            var currency = "CNY"
            let cur = field(buf, cCurrency)
            if !cur.isEmpty && !(cur.count == 3 && (cur[0] | 0x20) == 0x63 && (cur[1] | 0x20) == 0x6E && (cur[2] | 0x20) == 0x79) {
                let code = text(cur).uppercased()
                if code == "RMB" || code == "人民币" { currency = "CNY" } else if PaymentReader.currencies.contains(code) { currency = code } else {
                    return reject(line: line, field: "currency", "unknown currency '\(text(cur))'; use an ISO code such as CNY, USD, EUR, HKD")
                }
            }
            let idField = field(buf, cID)
            if !idField.isEmpty {
                if !ids.insert(idField) {
                    flows.duplicates += 1
                    if flows.duplicateLines.count < options.listLimit { flows.duplicateLines.append(line) }
                    return
                }
            }
            if day.daysSince1970 < sinceDays || day.daysSince1970 > untilDays { flows.outOfPeriod += 1; return }
            if flows.firstDay == nil || day < flows.firstDay! { flows.firstDay = day }
            if flows.lastDay == nil || day > flows.lastDay! { flows.lastDay = day }
            if currency != "CNY" {
                flows.otherCurrencies[currency, default: (0, 0)].rows += 1
                flows.otherCurrencies[currency, default: (0, 0)].volume += amount
                return
            }
            if amount > 0 {
                let memo = field(buf, cMemo)
                if !memo.isEmpty {
                    let reason: Int
                    if let id = memos.find(memo) { reason = Int(memoReasons[Int(id)]) } else {
                        reason = matcher.reason(memo)
                        if memos.count < 200_000 { _ = memos.intern(memo); memoReasons.append(Int8(reason)) }
                    }
                    if reason >= 0 {
                        flows.memoExcludedRows[reason] += 1
                        flows.memoExcludedVolume[reason] += amount
                        return
                    }
                }
            }
            let payer = side(buf, cPayerAccount, cPayerName, cPayerBank)
            let payee = side(buf, cPayeeAccount, cPayeeName, cPayeeBank)
            let pairKey = UInt64(UInt32(bitPattern: payer)) << 32 | UInt64(UInt32(bitPattern: payee))
            let pair: Int32
            if let p = pairs[pairKey] { pair = p } else {
                pair = Int32(flows.pairPayer.count)
                pairs[pairKey] = pair
                flows.pairPayer.append(payer); flows.pairPayee.append(payee)
                flows.pairTxCount.append(0); flows.pairReversals.append(0)
                flows.pairFirst.append(.max); flows.pairLast.append(.min)
            }
            let p = Int(pair)
            if amount < 0 {
                flows.reversals += 1
                flows.reversalVolume -= amount
                flows.pairReversals[p] += 1
            } else {
                flows.pairTxCount[p] += 1
                flows.pairFirst[p] = min(flows.pairFirst[p], day.daysSince1970)
                flows.pairLast[p] = max(flows.pairLast[p], day.daysSince1970)
            }
            let slotKey = UInt64(UInt32(bitPattern: pair)) << 32 | UInt64(UInt32(bitPattern: month))
            if let s = slots[slotKey] { flows.slotAmount[Int(s)] += amount } else {
                slots[slotKey] = Int32(flows.slotAmount.count)
                flows.slotPair.append(pair); flows.slotMonth.append(month); flows.slotAmount.append(amount)
            }
        }

        /// Interns account, name and bank as one key (0x1F separated): one hash lookup per side.
        mutating func side(_ buf: UnsafeBufferPointer<UInt8>, _ a: Int, _ nm: Int, _ bk: Int) -> Int32 {
            key.removeAll(keepingCapacity: true)
            key.append(contentsOf: field(buf, a)); key.append(0x1F)
            key.append(contentsOf: field(buf, nm)); key.append(0x1F)
            key.append(contentsOf: field(buf, bk))
            let before = sides.count
            let id = key.withUnsafeBufferPointer { sides.intern($0) }
            if sides.count > before { flows.sideRows.append(0) }
            flows.sideRows[Int(id)] += 1
            return id
        }

        mutating func finish() -> PaymentFlows {
            for id in 0..<sides.count {
                let parts = Array(sides.bytes(Int32(id))).split(separator: 0x1F, omittingEmptySubsequences: false)
                func s(_ k: Int) -> String { k < parts.count ? String(decoding: parts[k], as: UTF8.self) : "" }
                flows.sides.append(PaymentSide(account: s(0), name: s(1), bank: s(2)))
            }
            return flows
        }
    }
}
