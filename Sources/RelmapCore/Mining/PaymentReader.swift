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
    /// Amounts are summed in whole cents (分), so that totals do not depend on the order of the
    /// additions, which changes with the number of pieces the file is read in.
    public var reversalCents: Int64 = 0
    public var reversalVolume: Double { Double(reversalCents) / 100 }
    /// Rows and volume (in cents) in currencies other than CNY, reported apart.
    public var otherCurrencies: [String: (rows: Int, cents: Int64)] = [:]
    /// Rows and CNY volume (in cents) excluded by a memo rule, by rule index.
    public var memoExcludedRows: [Int] = [], memoExcludedCents: [Int64] = []
    public var firstDay: Day?, lastDay: Day?

    public var rejectedShare: Double { dataRows == 0 ? 0 : Double(rejected) / Double(dataRows) }
}

/// Streams a payments CSV into `PaymentFlows` without holding its rows, on all cores.
///
/// The file (after its header) is cut into one byte range per core at line breaks; each range is
/// read, decoded and aggregated by its own thread into its own tables (`PaymentPart`), and the
/// parts are joined in file order, so that sides, pairs and months are numbered in order of
/// first appearance, line numbers are those of the whole file and the first of repeated
/// transaction ids wins, exactly as in a single sequential pass. A cut that turns out not to be a
/// record boundary (a quoted field with a line break across it) or a part whose encoding guess
/// disagrees with the parts before it is read again as the continuation of the part before; a
/// part holding ids already seen in an earlier part is read again with those ids marked as seen.
/// Both are rare, and only cost time. Amounts are summed per part and then across parts, so a
/// month's net amount can differ from a sequential sum in the last bits.
/// - Complexity: O(file bytes / cores) time plus O(cells) to join; memory O(distinct sides +
///   cells + distinct ids) per core.
public enum PaymentReader {
    public struct Options: Sendable {
        public var since: Day?
        public var until: Day?
        public var rules: PaymentRules
        public var listLimit: Int
        public var chunkSize: Int
        /// Ranges read in parallel (default: the active cores).
        public var parts: Int
        /// Files smaller than this per part are read in fewer parts: threads do not pay for small files.
        public var minPartBytes: Int

        public init(
            since: Day? = nil, until: Day? = nil, rules: PaymentRules = .defaults, listLimit: Int = 1000,
            chunkSize: Int = 8 << 20, parts: Int = ProcessInfo.processInfo.activeProcessorCount,
            minPartBytes: Int = 16 << 20
        ) {
            self.since = since
            self.until = until
            self.rules = rules
            self.listLimit = listLimit
            self.chunkSize = chunkSize
            self.parts = parts
            self.minPartBytes = minPartBytes
        }
    }

    static let required = ["date", "payer_account", "payer_name", "payee_account", "payee_name", "amount"]
    static let optional = ["payer_bank", "payee_bank", "currency", "memo", "id"]
    /// ISO codes accepted; anything else is an unknown currency. 人民币 and RMB mean CNY.
    static let currencies: Set<String> = [
        "CNY", "USD", "EUR", "HKD", "JPY", "GBP", "AUD", "CAD", "SGD", "CHF", "KRW", "MOP", "TWD", "NZD", "SEK", "NOK", "DKK", "THB", "MYR", "RUB",
        "INR", "AED", "SAR", "BRL", "ZAR", "IDR", "VND", "PHP"
    ]

    /// The common `2026-03-05` form without allocating; nil for anything else (the general
    /// parser then tries). Returns the day, its month index (year * 12 + month - 1) and its day of
    /// the month.
    @inline(__always)
    static func isoDay(_ b: UnsafeBufferPointer<UInt8>) -> (Day, Int32, UInt8)? {
        guard b.count == 10, b[4] == 0x2D, b[7] == 0x2D else { return nil }
        func d(_ i: Int) -> Int? {
            let x = Int(b[i]) - 0x30
            return x >= 0 && x <= 9 ? x : nil
        }
        guard let y0 = d(0), let y1 = d(1), let y2 = d(2), let y3 = d(3), let m0 = d(5), let m1 = d(6), let d0 = d(8), let d1 = d(9) else {
            return nil
        }
        let year = y0 * 1000 + y1 * 100 + y2 * 10 + y3, month = m0 * 10 + m1, day = d0 * 10 + d1
        guard let value = Day(year: year, month: month, day: day) else { return nil }
        return (value, Int32(year * 12 + month - 1), UInt8(day))
    }

    /// A part's byte range, the reader state it started from, and how it ended.
    struct Piece {
        var range: Range<Int>
        var start: PaymentPart
        var part: PaymentPart
        var failure: Error?
        var final: Bool
        /// Added to the part's relative line numbers to give the file's.
        var lineOffset = 0
        /// The decoding mode in force when the part began (what the parts before it decided).
        var entering = PaymentPart.Mode.undecided
    }

    public static func read(_ path: String, options: Options = Options()) throws -> PaymentFlows {
        InputFiles.register(path)
        var clock = PhaseClock(label: "read payments")
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw RelmapError.io(path: path, reason: "cannot open the payments file: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            throw RelmapError.io(path: path, reason: "cannot read the payments file: \(String(cString: strerror(errno)))")
        }
        let size = Int(info.st_size)

        // The header, line by line, so that the parts start with its columns and encoding.
        var header = PaymentPart(path: path, options: options)
        header.atFileStart = true
        header.stopAfterHeader = true
        var headerEnd = 0
        do {
            while !header.sawHeader && headerEnd < size {
                guard var line = try nextLine(fd, from: headerEnd, size: size) else { break }
                headerEnd += line.count
                try line.withUnsafeMutableBufferPointer { try header.feed($0, final: headerEnd == size) }
            }
        } catch let failure as PaymentDecodingFailure {
            throw decodingError(path, failure, offset: 0)
        }
        if !header.sawHeader {
            throw RelmapError.io(path: path, reason: "the payments file is empty; it needs a header row with \(required.joined(separator: ", "))")
        }
        header.stopAfterHeader = false

        // Cut the rest at line breaks, one range per part.
        let count = max(1, min(options.parts, (size - headerEnd) / max(1, options.minPartBytes)))
        var cuts = [headerEnd]
        for k in 1..<count {
            let goal = max(cuts.last!, headerEnd + (size - headerEnd) * k / count)
            if let cut = try lineStart(fd, atOrAfter: goal, size: size), cut < size, cut > cuts.last! { cuts.append(cut) }
        }
        cuts.append(size)
        let ranges = (0..<(cuts.count - 1)).map { cuts[$0]..<cuts[$0 + 1] }
        var pieces = ranges.indices.map { k in
            let start = k == 0 ? header : header.continuation()
            return Piece(range: ranges[k], start: start, part: start, failure: nil, final: k == ranges.count - 1)
        }
        run(fd, &pieces, Array(pieces.indices))
        clock.lap("\(pieces.count) parts")

        // Join in file order; a piece whose start was not what the pieces before it left is
        // read again as their continuation.
        var joined: [Piece] = []
        var entering = header.mode
        for var piece in pieces {
            if let last = joined.last {
                let boundary = last.part.pending.isEmpty
                let decided = piece.part.decided
                let sameEncoding = entering == .undecided || decided == .undecided || decided == entering
                if !boundary || !sameEncoding {
                    var previous = joined.removeLast()
                    if previous.part.mode == .undecided && entering != .undecided {
                        previous.part.mode = entering
                        previous.part.sawNonASCII = entering == .utf8
                    }
                    do { try previous.part.run(fd, range: piece.range, final: piece.final) } catch { previous.failure = error }
                    previous.range = previous.range.lowerBound..<piece.range.upperBound
                    previous.final = piece.final
                    piece = previous
                } else {
                    piece.lineOffset = last.lineOffset + last.part.line - piece.start.line
                    piece.entering = entering
                    if piece.start.mode == .undecided && entering != .undecided {
                        piece.start.mode = entering
                        piece.start.sawNonASCII = entering == .utf8
                    }
                }
            } else {
                piece.entering = entering
            }
            if let failure = piece.failure {
                if let f = failure as? PaymentDecodingFailure { throw decodingError(path, f, offset: piece.lineOffset) }
                throw failure
            }
            if piece.part.mode != .undecided { entering = piece.part.mode }
            joined.append(piece)
        }

        // Repeated transaction ids across pieces: the first wins, so a later piece holding ids of
        // an earlier one is read again with those ids marked as seen.
        clock.lap("check parts")
        let repeats = repeatedIDs(joined.map(\.part.ids))
        clock.lap("repeated ids")
        let again = joined.indices.filter { !repeats[$0].isEmpty }
        if !again.isEmpty {
            for k in again {
                joined[k].part = joined[k].start
                for h in repeats[k] { _ = joined[k].part.ids.insert(hash: h) }
            }
            run(fd, &joined, again)
            for k in again {
                if let failure = joined[k].failure {
                    if let f = failure as? PaymentDecodingFailure { throw decodingError(path, f, offset: joined[k].lineOffset) }
                    throw failure
                }
            }
        }
        for k in joined.indices { joined[k].part.ids = HashSet64(capacity: 0) }  // done with: free before joining
        var flows = join(&joined, listLimit: options.listLimit)
        flows.encoding = entering == .gb18030 ? "GB18030" : header.flows.encoding
        clock.lap("join")
        clock.report()
        return flows
    }

    /// Runs the given pieces from their current state, in parallel.
    static func run(_ fd: Int32, _ pieces: inout [Piece], _ which: [Int]) {
        pieces.withUnsafeMutableBufferPointer { buffer in
            let shared = SendableBuffer(buffer)
            DispatchQueue.concurrentPerform(iterations: which.count) { w in
                let k = which[w]
                do { try shared.buffer[k].part.run(fd, range: shared.buffer[k].range, final: shared.buffer[k].final) } catch {
                    shared.buffer[k].failure = error
                }
            }
        }
    }

    /// Per piece, the id hashes it shares with earlier pieces, compared shard by shard in parallel.
    static func repeatedIDs(_ sets: [HashSet64]) -> [[UInt64]] {
        var result = [[UInt64]](repeating: [], count: sets.count)
        guard sets.count > 1 else { return result }
        let shards = HashSet64.shardCount
        var found = [[[UInt64]]](repeating: [[UInt64]](repeating: [], count: sets.count), count: shards)
        found.withUnsafeMutableBufferPointer { buffer in
            let shared = SendableBuffer(buffer)
            DispatchQueue.concurrentPerform(iterations: shards) { s in
                for k in 1..<sets.count {
                    sets[k].forEach(inShard: s) { h in
                        if (0..<k).contains(where: { sets[$0].contains(h) }) { shared.buffer[s][k].append(h) }
                    }
                }
            }
        }
        for s in 0..<shards { for k in sets.indices { result[k] += found[s][k] } }
        return result
    }

    /// The pieces' tables as one `PaymentFlows`: the first piece's numbering is kept, later pieces'
    /// sides and cells are mapped into it in order, then pairs and months are read off the cells.
    static func join(_ pieces: inout [Piece], listLimit: Int) -> PaymentFlows {
        // The first piece's tables are taken over, not copied.
        var flows = PaymentFlows(), sides = ByteInterner(), sideRows: [Int] = [], cells = FlowCells()
        swap(&flows, &pieces[0].part.flows)
        swap(&sides, &pieces[0].part.sides)
        swap(&sideRows, &pieces[0].part.sideRows)
        swap(&cells, &pieces[0].part.cells)
        for piece in pieces.dropFirst() {
            let p = piece.part, f = p.flows, shift = piece.lineOffset
            flows.dataRows += f.dataRows
            flows.rejected += f.rejected
            for r in f.rejections where flows.rejections.count < listLimit {
                flows.rejections.append(RejectedRow(line: r.line + shift, field: r.field, reason: r.reason))
            }
            flows.duplicates += f.duplicates
            for l in f.duplicateLines where flows.duplicateLines.count < listLimit { flows.duplicateLines.append(l + shift) }
            flows.outOfPeriod += f.outOfPeriod
            flows.reversals += f.reversals
            flows.reversalCents += f.reversalCents
            for (c, v) in f.otherCurrencies {
                flows.otherCurrencies[c, default: (0, 0)].rows += v.rows
                flows.otherCurrencies[c, default: (0, 0)].cents += v.cents
            }
            for k in f.memoExcludedRows.indices {
                flows.memoExcludedRows[k] += f.memoExcludedRows[k]
                flows.memoExcludedCents[k] += f.memoExcludedCents[k]
            }
            if let d = f.firstDay, flows.firstDay.map({ d < $0 }) ?? true { flows.firstDay = d }
            if let d = f.lastDay, flows.lastDay.map({ d > $0 }) ?? true { flows.lastDay = d }
            var global = [Int32](repeating: 0, count: p.sides.count)
            for local in 0..<p.sides.count {
                let bytes = p.sides.bytes(Int32(local))
                let before = sides.count
                let g = bytes.withUnsafeBufferPointer { sides.intern($0) }
                if sides.count > before { sideRows.append(0) }
                sideRows[Int(g)] += p.sideRows[local]
                global[local] = g
            }
            for s in p.cells.order {
                let c = p.cells.cell(at: s)
                cells.merge(c, payer: global[Int(c.payer)], payee: global[Int(c.payee)])
            }
        }
        // Sides, pairs and months, each in order of first appearance.
        for id in 0..<sides.count {
            let parts = Array(sides.bytes(Int32(id))).split(separator: 0x1F, omittingEmptySubsequences: false)
            func s(_ k: Int) -> String { k < parts.count ? String(decoding: parts[k], as: UTF8.self) : "" }
            flows.sides.append(PaymentSide(account: s(0), name: s(1), bank: s(2)))
        }
        flows.sideRows = sideRows
        var pairOf = DenseIDMap(capacity: cells.count / 8)
        let order = cells.order
        flows.slotPair.reserveCapacity(order.count)
        flows.slotMonth.reserveCapacity(order.count)
        flows.slotAmount.reserveCapacity(order.count)
        for s in order {
            let c = cells.cell(at: s)
            let pair = pairOf.id(UInt64(UInt32(bitPattern: c.payer)) << 32 | UInt64(UInt32(bitPattern: c.payee)))
            if pair == flows.pairPayer.count {
                flows.pairPayer.append(c.payer)
                flows.pairPayee.append(c.payee)
                flows.pairTxCount.append(0)
                flows.pairReversals.append(0)
                flows.pairFirst.append(.max)
                flows.pairLast.append(.min)
            }
            let p = Int(pair)
            flows.pairTxCount[p] += Int(c.txCount)
            flows.pairReversals[p] += Int(c.reversals)
            flows.pairFirst[p] = min(flows.pairFirst[p], c.first)
            flows.pairLast[p] = max(flows.pairLast[p], c.last)
            flows.slotPair.append(pair)
            flows.slotMonth.append(c.month)
            flows.slotAmount.append(Double(c.cents) / 100)
        }
        return flows
    }

    static func decodingError(_ path: String, _ f: PaymentDecodingFailure, offset: Int) -> RelmapError {
        let failure = TextDecoding.Failure(line: f.line + offset, bytes: [], mixed: f.mixed)
        let (message, fix) = failure.message(.fromEnvironment())
        let l = Language.fromEnvironment()
        return RelmapError.io(
            path: path, reason: "\(f.near ? l("near line", "约第") : l("line", "第")) \(f.line + offset)\(l("", " 行")): \(message); \(fix)")
    }

    /// The bytes from `offset` through the next line break (or the end of the file).
    static func nextLine(_ fd: Int32, from offset: Int, size: Int) throws -> [UInt8]? {
        var out: [UInt8] = []
        var at = offset
        var window = [UInt8](repeating: 0, count: 4096)
        while at < size {
            let n = window.withUnsafeMutableBytes { pread(fd, $0.baseAddress!, $0.count, off_t(at)) }
            if n <= 0 { break }
            if let k = window[..<n].firstIndex(of: 0x0A) {
                out.append(contentsOf: window[...k])
                return out
            }
            out.append(contentsOf: window[..<n])
            at += n
        }
        return out.isEmpty ? nil : out
    }

    /// The offset just after the first line break at or after `goal`, nil when there is none.
    static func lineStart(_ fd: Int32, atOrAfter goal: Int, size: Int) throws -> Int? {
        var at = goal
        var window = [UInt8](repeating: 0, count: 1 << 16)
        while at < size {
            let n = window.withUnsafeMutableBytes { pread(fd, $0.baseAddress!, $0.count, off_t(at)) }
            if n < 0 { throw RelmapError.io(path: "", reason: "read failed: \(String(cString: strerror(errno)))") }
            if n == 0 { break }
            if let k = window[..<n].firstIndex(of: 0x0A) { return at + k + 1 }
            at += n
        }
        return nil
    }
}
