/// When each client of a generated world was won: the conversion process `relmap generate` uses to
/// write `client_since` (the day the account was opened, 开户日期).
///
/// A bank grows along the value chain of the clients it already has (顺链拓客), so wins are drawn one
/// after another: the next client won is drawn from the clients not yet won with odds
/// `1 + chainBoost × (clients already won that it trades with)`. The k-th win of K falls at
/// `start + (k + u) / K × (end − start)` (u uniform in [0, 1)): a bank that wins about as many
/// clients each month. A client won through a referral logged as `won` instead opened its account
/// three to ten weeks after that referral, as the referral log says. Former clients were clients
/// from a day between `start` and four years before `end` (the day they left is not recorded).
///
/// The process makes the chain predictive by construction: a backtest on a generated world shows that
/// the machinery works and how the signals compare when the chain does matter, not that it matters
/// for a real bank. That question only the bank's own `client_since` can answer.
struct ClientHistory {
    /// First and last day a client can have been won (2012-01-01 and 2026-06-30).
    static let start = Day(year: 2012, month: 1, day: 1)!
    static let end = Day(year: 2026, month: 6, day: 30)!
    static let chainBoost = 4.0

    /// `client_since` (days since 1970) per company; `Relations.noDate` for companies that were
    /// never clients.
    /// - Parameters:
    ///   - status: each company's status today.
    ///   - ties: supplies relations between two clients (either direction, each pair once or more).
    ///   - referralWins: the day of the referral that won a client, for clients won that way.
    /// - Complexity: O((c + t) log c) for c clients and t ties (a Fenwick tree of the odds).
    static func clientSince(status: [EntityStatus], ties: [(UInt32, UInt32)], referralWins: [Int: Int32],
                            seed: UInt64) -> [Int32] {
        var rng = SplitMix64(seed: seed ^ 0x636C_6965_6E74_7321)   // its own stream: other columns do not move
        var since = [Int32](repeating: Relations.noDate, count: status.count)
        let clients = status.indices.filter { status[$0] == .client }
        let slot = Dictionary(uniqueKeysWithValues: clients.enumerated().map { ($0.element, $0.offset) })
        // Client-to-client chain partners, as compressed rows over client slots.
        var degree = [Int](repeating: 0, count: clients.count + 1)
        for (a, b) in ties { if let x = slot[Int(a)], let y = slot[Int(b)], x != y { degree[x + 1] += 1; degree[y + 1] += 1 } }
        for k in 0..<clients.count { degree[k + 1] += degree[k] }
        var partners = [Int32](repeating: 0, count: degree[clients.count])
        var cursor = degree
        for (a, b) in ties {
            guard let x = slot[Int(a)], let y = slot[Int(b)], x != y else { continue }
            partners[cursor[x]] = Int32(y); cursor[x] += 1
            partners[cursor[y]] = Int32(x); cursor[y] += 1
        }
        var odds = FenwickTree(count: clients.count, value: 1)
        var won = [Bool](repeating: false, count: clients.count)
        let span = Double(end.daysSince1970 - start.daysSince1970)
        for k in 0..<clients.count {
            let x = odds.find(rng.uniform() * odds.total)
            won[x] = true
            odds.add(x, -odds.value(x))
            for p in partners[degree[x]..<degree[x + 1]] where !won[Int(p)] { odds.add(Int(p), chainBoost) }
            let day = start.daysSince1970 + Int32((Double(k) + rng.uniform()) / Double(clients.count) * span)
            since[clients[x]] = day
        }
        for (c, referral) in referralWins where status[c] == .client {
            since[c] = min(end.daysSince1970, referral + Int32(21 + rng.next() % 50))
        }
        let formerSpan = UInt64(end.daysSince1970 - 4 * 365 - start.daysSince1970)
        for c in status.indices where status[c] == .former {
            since[c] = start.daysSince1970 + Int32(rng.next() % formerSpan)
        }
        return since
    }
}

/// Prefix sums over non-negative odds with point updates, and sampling by cumulative odds.
struct FenwickTree {
    private var tree: [Double]
    private var values: [Double]
    private(set) var total: Double

    init(count: Int, value: Double) {
        values = Array(repeating: value, count: count)
        tree = Array(repeating: 0, count: count + 1)
        total = 0
        for i in 0..<count { add(i, value, setting: false) }
    }

    func value(_ i: Int) -> Double { values[i] }

    mutating func add(_ i: Int, _ delta: Double, setting: Bool = true) {
        if setting { values[i] += delta }
        total += delta
        var k = i + 1
        while k < tree.count { tree[k] += delta; k += k & -k }
    }

    /// The index whose cumulative range holds `target` (0 ≤ target < total); never one with odds 0.
    func find(_ target: Double) -> Int {
        var pos = 0, rest = target
        var step = 1
        while step * 2 < tree.count { step *= 2 }
        while step > 0 {
            let next = pos + step
            if next < tree.count && tree[next] <= rest { pos = next; rest -= tree[next] }
            step /= 2
        }
        // Rounding can land on an entry already drawn (odds 0): take the nearest that is not.
        var i = min(pos, values.count - 1)
        while i > 0 && values[i] <= 0 { i -= 1 }
        while i < values.count - 1 && values[i] <= 0 { i += 1 }
        return i
    }
}
