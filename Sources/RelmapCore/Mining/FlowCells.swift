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
/// - Complexity: O(1) expected per `add`; memory 57 to 114 bytes per distinct cell (40-byte cells,
///   load kept between 0.35 and 0.7).
struct FlowCells: Sendable {
    private var table: HugePageTable<FlowCell>
    private var mask: Int
    private(set) var count = 0

    init(capacity: Int = 1 << 12) {
        var size = 16
        while size * 7 < capacity * 10 { size <<= 1 }
        table = HugePageTable(count: size, repeating: FlowCell())
        mask = size - 1
    }

    @inline(__always)
    private static func slot(_ payer: Int32, _ payee: Int32, _ month: Int32, _ mask: Int) -> Int {
        var h = (UInt64(UInt32(bitPattern: payer)) << 32 | UInt64(UInt32(bitPattern: payee))) &* 0x9E37_79B9_7F4A_7C15
        h ^= UInt64(UInt32(bitPattern: month)) &* 0xC2B2_AE3D_27D4_EB4F
        h ^= h >> 31
        return Int(truncatingIfNeeded: h) & mask
    }

    /// The cell in slot `s` (see `slotsInOrder`).
    func cell(at s: Int) -> FlowCell { table.base[s] }

    /// The cell's slot, created empty when new.
    @inline(__always)
    private mutating func slot(payer: Int32, payee: Int32, month: Int32) -> Int {
        if !isKnownUniquelyReferenced(&table) { table = table.copy() }
        let t = table.base
        var s = FlowCells.slot(payer, payee, month, mask)
        while true {
            let c = t[s]
            if c.payer < 0 { break }
            if c.payer == payer && c.payee == payee && c.month == month { return s }
            s = (s + 1) & mask
        }
        t[s].payer = payer; t[s].payee = payee; t[s].month = month
        t[s].order = Int32(count)
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
        let c = table.base + s
        if amount < 0 { c.pointee.reversals += 1 } else {
            c.pointee.txCount += 1
            c.pointee.first = min(c.pointee.first, day)
            c.pointee.last = max(c.pointee.last, day)
        }
        c.pointee.amount += amount
    }

    /// Adds another table's cell (same side numbering) into this one.
    mutating func merge(_ other: FlowCell, payer: Int32, payee: Int32) {
        let s = slot(payer: payer, payee: payee, month: other.month)
        let c = table.base + s
        c.pointee.txCount += other.txCount
        c.pointee.reversals += other.reversals
        c.pointee.first = min(c.pointee.first, other.first)
        c.pointee.last = max(c.pointee.last, other.last)
        c.pointee.amount += other.amount
    }

    /// The occupied slots in creation order.
    func slotsInOrder() -> [Int] {
        var order = [Int](repeating: 0, count: count)
        let t = table.base
        for s in 0..<table.count where t[s].payer >= 0 { order[Int(t[s].order)] = s }
        return order
    }

    private mutating func grow() {
        let old = table
        table = HugePageTable(count: old.count * 2, repeating: FlowCell())
        mask = table.count - 1
        let t = table.base
        for k in 0..<old.count where old.base[k].payer >= 0 {
            let c = old.base[k]
            var s = FlowCells.slot(c.payer, c.payee, c.month, mask)
            while t[s].payer >= 0 { s = (s + 1) & mask }
            t[s] = c
        }
    }
}
