/// When each client of a generated world was won: the conversion process `relmap generate` uses to
/// write `client_since` (the day the account was opened, 开户日期).
///
/// A bank grows along the value chain of the clients it already has (顺链拓客):
/// - *founding clients*, won before the chain could help (2012-01-01 to 2019-12-31, uniformly):
///   every client with no supplies tie to another client, a quarter of the others at random, and
///   one client of every group of tied clients that has none otherwise;
/// - every other client was won after the first of its chain partners became a client: that
///   partner's day (or the day their trade began, if later: the bank cannot follow a tie that
///   does not exist yet) plus a month and an exponential delay of a year on average (a
///   shortest-path sweep over the ties between clients, so a chain is won link by link), at the
///   latest on 2026-06-30;
/// - a client won through a referral logged as `won` instead opened its account three to ten
///   weeks after that referral, as the referral log says;
/// - former clients were clients from a day between 2012-01-01 and four years before 2026-06-30
///   (the day they left is not recorded).
///
/// The process makes the chain predictive by construction: a backtest on a generated world shows
/// that the machinery works and how the signals compare when the chain does matter, not that it
/// matters for a real bank. That question only the bank's own `client_since` can answer.
struct ClientHistory {
    static let start = Day(year: 2012, month: 1, day: 1)!
    static let foundingEnd = Day(year: 2019, month: 12, day: 31)!
    static let end = Day(year: 2026, month: 6, day: 30)!
    static let founderShare = 0.25
    static let meanDelayDays = 365.0

    /// `client_since` (days since 1970) per company; `Relations.noDate` for companies that were
    /// never clients.
    /// - Parameters:
    ///   - status: each company's status today.
    ///   - ties: supplies relations between two clients (either direction, repeats allowed), with
    ///     the day each began.
    ///   - referralWins: the day of the referral that won a client, for clients won that way.
    /// - Complexity: O((c + t) log c) for c clients and t ties (a heap-ordered sweep).
    static func clientSince(
        status: [EntityStatus], ties: [(UInt32, UInt32, Int32)], referralWins: [Int: Int32],
        seed: UInt64
    ) -> [Int32] {
        var rng = SplitMix64(seed: seed ^ 0x636C_6965_6E74_7321)  // its own stream: other columns do not move
        var since = [Int32](repeating: Relations.noDate, count: status.count)
        // Client-to-client chain partners, as compressed rows over companies.
        var offsets = [Int](repeating: 0, count: status.count + 1)
        for (a, b, _) in ties where a != b {
            offsets[Int(a) + 1] += 1
            offsets[Int(b) + 1] += 1
        }
        for k in 0..<status.count { offsets[k + 1] += offsets[k] }
        var partners = [(company: Int32, since: Int32)](repeating: (0, 0), count: offsets[status.count])
        var cursor = offsets
        for (a, b, day) in ties where a != b {
            partners[cursor[Int(a)]] = (Int32(b), day)
            cursor[Int(a)] += 1
            partners[cursor[Int(b)]] = (Int32(a), day)
            cursor[Int(b)] += 1
        }
        let foundingSpan = UInt64(foundingEnd.daysSince1970 - start.daysSince1970 + 1)
        var heap = CostHeap<ByCost>()  // (day, company): the sweep's frontier
        for c in status.indices where status[c] == .client {
            let founder = offsets[c + 1] == offsets[c] || rng.uniform() < founderShare
            if founder { heap.push(Double(start.daysSince1970 + Int32(rng.next() % foundingSpan)), UInt32(c)) }
        }
        // Shortest-path sweep: a client is won when its first won partner's win reaches it. A
        // group of clients tied only to each other with no founder among them gets its first
        // client (in index order) as founder, so every client is won.
        var next = 0
        while true {
            while let (won, company) = heap.pop() {
                let c = Int(company), day = Int32(won)
                guard since[c] == Relations.noDate else { continue }
                since[c] = min(day, end.daysSince1970)
                for (p, tie) in partners[offsets[c]..<offsets[c + 1]] where since[Int(p)] == Relations.noDate {
                    heap.push(Double(max(day, tie) + 30 + Int32(rng.exponential(mean: meanDelayDays))), UInt32(p))
                }
            }
            while next < status.count && !(status[next] == .client && since[next] == Relations.noDate) { next += 1 }
            guard next < status.count else { break }
            heap.push(Double(start.daysSince1970 + Int32(rng.next() % foundingSpan)), UInt32(next))
        }
        // In company order: a dictionary's order changes from run to run, and each step draws
        // from the stream, so any other order would make the same seed write another world.
        for c in referralWins.keys.sorted() where status[c] == .client {
            since[c] = min(end.daysSince1970, referralWins[c]! + Int32(21 + rng.next() % 50))
        }
        let formerSpan = UInt64(end.daysSince1970 - 4 * 365 - start.daysSince1970)
        for c in status.indices where status[c] == .former {
            since[c] = start.daysSince1970 + Int32(rng.next() % formerSpan)
        }
        return since
    }
}
