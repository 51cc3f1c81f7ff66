/// The running totals of one (payer side, payee side, month): what a payments row adds to.
struct FlowCell: Sendable {
    var payer: Int32 = -1           // -1: empty slot
    var payee: Int32 = 0
    var month: Int32 = 0            // year * 12 + month - 1
    /// Creation rank: cells are handed out in the order their first row came.
    var order: Int32 = 0
    var txCount: Int32 = 0          // positive payments
    var reversals: Int32 = 0        // negative amounts
    var first: Int32 = .max         // days since 1970 of positive payments
    var last: Int32 = .min
    var amount: Double = 0          // net
}

/// An open-addressed table of `FlowCell`s keyed by (payer, payee, month).
///
/// One probe per payments row: the cell holds every per-pair figure (count, reversals, first and
/// last date) as well as the month's amount, so the reader needs no separate pair table in its hot
/// loop; pairs are derived from the cells once at the end (`PaymentReader`).
/// - Complexity: O(1) expected per `add`; memory about 80 bytes per distinct cell.
struct FlowCells: Sendable {
    private(set) var table: [FlowCell]
    private var mask: Int
    private(set) var count = 0

    init(capacity: Int = 1 << 12) {
        var size = 16
        while size * 7 < capacity * 10 { size <<= 1 }
        table = [FlowCell](repeating: FlowCell(), count: size)
        mask = size - 1
    }

    @inline(__always)
    private static func slot(_ payer: Int32, _ payee: Int32, _ month: Int32, _ mask: Int) -> Int {
        var h = (UInt64(UInt32(bitPattern: payer)) << 32 | UInt64(UInt32(bitPattern: payee))) &* 0x9E37_79B9_7F4A_7C15
        h ^= UInt64(UInt32(bitPattern: month)) &* 0xC2B2_AE3D_27D4_EB4F
        h ^= h >> 31
        return Int(truncatingIfNeeded: h) & mask
    }

    /// The slot of the cell, created empty when new.
    @inline(__always)
    mutating func slot(payer: Int32, payee: Int32, month: Int32) -> Int {
        var s = FlowCells.slot(payer, payee, month, mask)
        while true {
            let c = table[s]
            if c.payer < 0 { break }
            if c.payer == payer && c.payee == payee && c.month == month { return s }
            s = (s + 1) & mask
        }
        table[s].payer = payer; table[s].payee = payee; table[s].month = month
        table[s].order = Int32(count)
        count += 1
        if count * 10 > table.count * 7 {
            grow()
            return slot(payer: payer, payee: payee, month: month)
        }
        return s
    }

    /// Adds one payment (a negative amount is a reversal).
    @inline(__always)
    mutating func add(payer: Int32, payee: Int32, month: Int32, day: Int32, amount: Double) {
        let s = slot(payer: payer, payee: payee, month: month)
        table.withUnsafeMutableBufferPointer { t in
            if amount < 0 { t[s].reversals += 1 } else {
                t[s].txCount += 1
                t[s].first = min(t[s].first, day)
                t[s].last = max(t[s].last, day)
            }
            t[s].amount += amount
        }
    }

    /// Adds another table's cell (same side numbering) into this one.
    mutating func merge(_ c: FlowCell, payer: Int32, payee: Int32) {
        let s = slot(payer: payer, payee: payee, month: c.month)
        table[s].txCount += c.txCount
        table[s].reversals += c.reversals
        table[s].first = min(table[s].first, c.first)
        table[s].last = max(table[s].last, c.last)
        table[s].amount += c.amount
    }

    /// The occupied slots in creation order.
    func slotsInOrder() -> [Int] {
        var order = [Int](repeating: 0, count: count)
        for (s, c) in table.enumerated() where c.payer >= 0 { order[Int(c.order)] = s }
        return order
    }

    private mutating func grow() {
        let old = table
        table = [FlowCell](repeating: FlowCell(), count: old.count * 2)
        mask = table.count - 1
        for c in old where c.payer >= 0 {
            var s = FlowCells.slot(c.payer, c.payee, c.month, mask)
            while table[s].payer >= 0 { s = (s + 1) & mask }
            table[s] = c
        }
    }
}
