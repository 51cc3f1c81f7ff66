/// Orders the segments of a value chain into columns, upstream to downstream, from the trade
/// between them: the segment view's columns (`SegmentMap`).
///
/// Trade data is not a clean chain: a cell maker sells scrap back to a lithium-salt refiner, two
/// distributors trade with each other. The order is the one that leaves the least trade weight
/// running backwards (a minimum-weight feedback arc set); the arcs that still run backwards are not
/// drawn as arrows. Then each segment gets a column: one after the latest segment that sells to it
/// (longest path), and a segment nobody on the map sells to moves right to sit just before the
/// first segment it sells to, so equipment makers and logistics firms do not draw long arrows from
/// the far left across the chain.
public enum SegmentOrder {
    /// Trade from segment `from` to segment `to`.
    public struct Arc: Sendable, Equatable {
        public var from: Int
        public var to: Int
        public var weight: Double
        public init(from: Int, to: Int, weight: Double) {
            self.from = from
            self.to = to
            self.weight = weight
        }
    }

    /// Up to this many segments the order is exact (dynamic programming over subsets); beyond it,
    /// the Eades–Lin–Smyth greedy heuristic (sinks last, sources first, else the largest surplus).
    public static let exactLimit = 16

    /// Column of each of the `count` segments, from 0.
    /// - Complexity: O(2^S · S) for S ≤ `exactLimit` segments, else O(S² + A); plus O(S + A) for
    ///   the columns, for A arcs.
    public static func columns(count: Int, arcs: [Arc]) -> [Int] {
        let order = linearOrder(count: count, arcs: arcs)
        var position = [Int](repeating: 0, count: count)
        for (i, v) in order.enumerated() { position[v] = i }
        let forward = arcs.filter { $0.from != $0.to && position[$0.from] < position[$0.to] }
        var column = [Int](repeating: 0, count: count)
        var hasIn = [Bool](repeating: false, count: count)
        for a in forward { hasIn[a.to] = true }
        // Longest path: visit in order, every forward arc goes to a later vertex.
        let outgoing = Dictionary(grouping: forward, by: \.from)
        for v in order {
            for a in outgoing[v] ?? [] { column[a.to] = max(column[a.to], column[v] + 1) }
        }
        // Sources move right, latest first, so a source feeding a moved source follows it.
        for v in order.reversed() where !hasIn[v] {
            if let targets = outgoing[v], let first = targets.map({ column[$0.to] }).min() {
                column[v] = max(column[v], first - 1)
            }
        }
        return column
    }

    /// The order of the segments with the least weight on backward arcs (exact up to
    /// `exactLimit`). Ties go to the order that keeps lower indices first.
    static func linearOrder(count: Int, arcs: [Arc]) -> [Int] {
        guard count > 1 else { return Array(0..<count) }
        var weight = [[Double]](repeating: [Double](repeating: 0, count: count), count: count)
        for a in arcs where a.from != a.to { weight[a.from][a.to] += a.weight }
        return count <= exactLimit ? exactOrder(weight) : greedyOrder(weight)
    }

    /// Backward weight of `order` under `weight`: what `linearOrder` minimises.
    static func backwardWeight(_ order: [Int], _ weight: [[Double]]) -> Double {
        var total = 0.0
        for i in order.indices { for j in order.indices where j < i { total += weight[order[i]][order[j]] } }
        return total
    }

    /// best[mask]: least backward weight when the segments in `mask` come first, in some order.
    /// Appending v after `mask` makes every arc from v into `mask` backward.
    private static func exactOrder(_ weight: [[Double]]) -> [Int] {
        let n = weight.count
        let full = (1 << n) - 1
        var best = [Double](repeating: .infinity, count: 1 << n)
        var last = [Int8](repeating: -1, count: 1 << n)
        best[0] = 0
        for mask in 0..<full where best[mask] < .infinity {
            for v in 0..<n where mask & (1 << v) == 0 {
                var cost = best[mask]
                var m = mask
                while m != 0 {
                    let u = m.trailingZeroBitCount
                    cost += weight[v][u]
                    m &= m - 1
                }
                let next = mask | (1 << v)
                // Strictly better only: the first v found (lowest index) wins ties.
                if cost < best[next] - 1e-9 * max(1, abs(cost)) {
                    best[next] = cost
                    last[next] = Int8(v)
                }
            }
        }
        var order: [Int] = []
        var mask = full
        while mask != 0 {
            let v = Int(last[mask])
            order.append(v)
            mask &= ~(1 << v)
        }
        return order.reversed()
    }

    private static func greedyOrder(_ weight: [[Double]]) -> [Int] {
        let n = weight.count
        var alive = Set(0..<n)
        var head: [Int] = [], tail: [Int] = []
        func inWeight(_ v: Int) -> Double { alive.reduce(0) { $1 == v ? $0 : $0 + weight[$1][v] } }
        func outWeight(_ v: Int) -> Double { alive.reduce(0) { $1 == v ? $0 : $0 + weight[v][$1] } }
        while !alive.isEmpty {
            if let sink = alive.sorted().first(where: { outWeight($0) == 0 }) {
                tail.append(sink)
                alive.remove(sink)
                continue
            }
            if let source = alive.sorted().first(where: { inWeight($0) == 0 }) {
                head.append(source)
                alive.remove(source)
                continue
            }
            let v = alive.sorted().max { outWeight($0) - inWeight($0) < outWeight($1) - inWeight($1) }!
            head.append(v)
            alive.remove(v)
        }
        return head + tail.reversed()
    }
}
