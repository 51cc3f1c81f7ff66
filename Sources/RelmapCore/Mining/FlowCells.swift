/// The running totals of one (payer side, payee side, month): what a payments row adds to.
/// 32 bytes, all zero when empty (see `HugePageTable`).
struct FlowCell: Sendable {
    var cents: Int64 = 0  // net, in whole cents: integer sums come out the same in any order
    var payerPlusOne: Int32 = 0  // the payer side + 1; 0 marks an empty slot
    var payee: Int32 = 0
    var month: Int32 = 0  // year * 12 + month - 1
    var txCount: Int32 = 0  // positive payments
    var reversals: Int32 = 0  // negative amounts
    var firstDay: UInt8 = 0  // day of the month of the first and last positive payment; 0: none
    var lastDay: UInt8 = 0

    var payer: Int32 { payerPlusOne - 1 }

    /// Days since 1970 of day `d` of this cell's month.
    func days(_ d: UInt8) -> Int32 {
        let year = Int(month) >= 0 ? Int(month) / 12 : (Int(month) - 11) / 12
        return Day(year: year, month: Int(month) - year * 12 + 1, day: Int(d))?.daysSince1970 ?? 0
    }
    /// First and last positive payment as days since 1970 (.max and .min when there is none).
    var first: Int32 { firstDay == 0 ? .max : days(firstDay) }
    var last: Int32 { lastDay == 0 ? .min : days(lastDay) }
}

/// An open-addressed table of `FlowCell`s keyed by (payer, payee, month).
///
/// One probe per payments row: the cell holds every per-pair figure (count, reversals, first and
/// last date) as well as the month's amount, so the reader needs no separate pair table in its hot
/// loop; pairs are derived from the cells once at the end (`PaymentReader`).
/// - Complexity: O(1) expected per `add`; memory 46 to 91 bytes per distinct cell (32-byte cells
///   at a load between 0.35 and 0.7, plus 4 bytes of creation order).
struct FlowCells: Sendable {
    private var table: HugePageTable<FlowCell>
    private var mask: Int
    /// Slots in creation order: the reader numbers pairs and months by first appearance.
    private(set) var order: [Int32] = []

    init(capacity: Int = 1 << 12) {
        var size = 16
        while size * 7 < capacity * 10 { size <<= 1 }
        table = HugePageTable(zeroed: size)
        mask = size - 1
    }

    var count: Int { order.count }

    @inline(__always)
    private static func slot(_ payer: Int32, _ payee: Int32, _ month: Int32, _ mask: Int) -> Int {
        var h = (UInt64(UInt32(bitPattern: payer)) << 32 | UInt64(UInt32(bitPattern: payee))) &* 0x9E37_79B9_7F4A_7C15
        h ^= UInt64(UInt32(bitPattern: month)) &* 0xC2B2_AE3D_27D4_EB4F
        h ^= h >> 31
        return Int(truncatingIfNeeded: h) & mask
    }

    /// The cell in slot `s` (see `order`).
    func cell(at s: Int32) -> FlowCell { table.base[Int(s)] }

    /// The cell, created empty when new.
    @inline(__always)
    private mutating func cell(payer: Int32, payee: Int32, month: Int32) -> UnsafeMutablePointer<FlowCell> {
        if !isKnownUniquelyReferenced(&table) { table = table.copy() }
        let key = payer + 1
        var s = FlowCells.slot(payer, payee, month, mask)
        while true {
            let c = table.base[s]
            if c.payerPlusOne == 0 { break }
            if c.payerPlusOne == key && c.payee == payee && c.month == month { return table.base + s }
            s = (s + 1) & mask
        }
        if (order.count + 1) * 10 > table.count * 7 {
            grow()
            return cell(payer: payer, payee: payee, month: month)
        }
        table.base[s].payerPlusOne = key
        table.base[s].payee = payee
        table.base[s].month = month
        order.append(Int32(s))
        return table.base + s
    }

    /// Adds one payment made on day `day` of `month` (a negative amount is a reversal).
    @inline(__always)
    mutating func add(payer: Int32, payee: Int32, month: Int32, day: UInt8, cents: Int64) {
        let c = cell(payer: payer, payee: payee, month: month)
        if cents < 0 {
            c.pointee.reversals += 1
        } else {
            c.pointee.txCount += 1
            if c.pointee.firstDay == 0 || day < c.pointee.firstDay { c.pointee.firstDay = day }
            c.pointee.lastDay = max(c.pointee.lastDay, day)
        }
        c.pointee.cents += cents
    }

    /// Adds another table's cell (same side numbering) into this one.
    mutating func merge(_ other: FlowCell, payer: Int32, payee: Int32) {
        let c = cell(payer: payer, payee: payee, month: other.month)
        c.pointee.txCount += other.txCount
        c.pointee.reversals += other.reversals
        if other.firstDay != 0 && (c.pointee.firstDay == 0 || other.firstDay < c.pointee.firstDay) { c.pointee.firstDay = other.firstDay }
        c.pointee.lastDay = max(c.pointee.lastDay, other.lastDay)
        c.pointee.cents += other.cents
    }

    /// Twice the slots, cells reinserted in creation order (which keeps `order` in step).
    private mutating func grow() {
        let old = table, oldOrder = order
        table = HugePageTable(zeroed: old.count * 2)
        mask = table.count - 1
        order.removeAll(keepingCapacity: true)
        for o in oldOrder {
            let c = old.base[Int(o)]
            var s = FlowCells.slot(c.payer, c.payee, c.month, mask)
            while table.base[s].payerPlusOne != 0 { s = (s + 1) & mask }
            table.base[s] = c
            order.append(Int32(s))
        }
    }
}
