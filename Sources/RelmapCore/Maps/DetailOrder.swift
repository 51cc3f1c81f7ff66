/// Orders the segments of each column, and the cards of each segment, so that the lines of a
/// segment view with `--detail` cross as little as possible.
///
/// Cards ordered by trade scatter the detail lines: the largest cell maker's line to the lower of
/// two customer segments crosses every line of the cards below it that go to the upper one (the
/// battery chain with `--detail 8` drew 28 crossings on 17 lines). This is the barycentre heuristic
/// of layered drawing (Sugiyama, Tagawa and Toda 1981): sweep the columns left to right and back,
/// and sort each column's segments, then each segment's cards, by the mean position of what their
/// lines lead to in the columns already placed. Segment arrows are lines from a segment's middle;
/// cards without a line keep their place as their key, so the trade order survives where nothing
/// pulls. Every sweep is scored by counting crossings of straight lines between the positions
/// (`crossings`), and the best order seen is kept, the trade order included: the result never
/// crosses more, in that model, than what it started from.
///
/// Graphviz lays the columns out itself and may still swap two segments; `SegmentMapDOT` draws
/// detail maps with straight lines (`splines=line`) so that the drawing follows the model.
/// `Scripts/map_quality.py` measures the result.
enum DetailOrder {
    /// Left-right and right-left sweeps; more rarely changes the result on maps of a few columns.
    static let sweeps = 6

    /// Where every segment and card sits: segments top to bottom per column, cards per segment.
    struct Arrangement: Equatable {
        /// Column -> group indices, top to bottom.
        var columns: [[Int]]
        /// Group -> entities of its cards, top to bottom.
        var cards: [[Int]]
    }

    /// Row positions of an arrangement: a segment's header and summary take two rows, each card
    /// one, a fold one, and one row of gap follows each segment.
    struct Positions {
        var top: [Double]
        var middle: [Double]
        var card: [Int: Double]

        init(_ a: Arrangement, _ groups: [SegmentMap.Group]) {
            top = [Double](repeating: 0, count: groups.count)
            middle = top
            card = [:]
            for column in a.columns {
                var y = 0.0
                for g in column {
                    let height = 2 + Double(a.cards[g].count) + (groups[g].foldedCount > 0 ? 1 : 0)
                    top[g] = y
                    middle[g] = y + height / 2
                    for (k, v) in a.cards[g].enumerated() { card[v] = y + 2.5 + Double(k) }
                    y += height + 1
                }
            }
        }
    }

    /// A drawn line in the model: from position `p` in column `a` to position `q` in column `b > a`.
    struct Line {
        var a: Int, b: Int, p: Double, q: Double
        /// Where the line is at column `c` (a ≤ c ≤ b), straight between its ends.
        func at(_ c: Int) -> Double { a == b ? p : p + (q - p) * Double(c - a) / Double(b - a) }
    }

    /// Reorders `groups` (keeping them sorted by column) and their cards, and renumbers the group
    /// indices of `flows` and `details`. Nothing changes without details.
    /// - Complexity: O(sweeps · (L² + n log n)) for L lines (flows and details) and n cards.
    static func arrange(groups: inout [SegmentMap.Group], flows: inout [SegmentMap.Flow], details: inout [SegmentMap.DetailFlow]) {
        guard !details.isEmpty else { return }
        let start = Arrangement(
            columns: (0..<((groups.map(\.column).max() ?? -1) + 1)).map { c in groups.indices.filter { groups[$0].column == c } },
            cards: groups.map { $0.cards.map(\.entity) })
        let best = bestArrangement(start, groups: groups, flows: flows, details: details)
        guard best != start else { return }
        // Renumber: groups in the order of the columns, top to bottom.
        let order = best.columns.flatMap { $0 }
        var newIndex = [Int](repeating: 0, count: groups.count)
        for (k, g) in order.enumerated() { newIndex[g] = k }
        groups = order.map { g in
            var group = groups[g]
            let byEntity = Dictionary(uniqueKeysWithValues: group.cards.map { ($0.entity, $0) })
            group.cards = best.cards[g].map { byEntity[$0]! }
            return group
        }
        for k in flows.indices {
            flows[k].from = newIndex[flows[k].from]
            flows[k].to = newIndex[flows[k].to]
        }
        for k in details.indices {
            details[k].fromGroup = newIndex[details[k].fromGroup]
            details[k].toGroup = newIndex[details[k].toGroup]
        }
    }

    /// The arrangement with the fewest crossings among the start and the result of each sweep.
    static func bestArrangement(
        _ start: Arrangement, groups: [SegmentMap.Group], flows: [SegmentMap.Flow],
        details: [SegmentMap.DetailFlow]
    ) -> Arrangement {
        var current = start
        var best = start
        var fewest = crossings(start, groups: groups, flows: flows, details: details)
        for sweep in 0..<sweeps where fewest > 0 {
            let rightward = sweep % 2 == 0
            let order = rightward ? Array(current.columns.indices) : Array(current.columns.indices.reversed())
            for c in order {
                // Segments first (by the middles and cards of what they link to), then the cards
                // of each against the new segment order.
                var at = Positions(current, groups)
                func pulls(_ g: Int) -> [Double] {
                    var partners: [Double] = []
                    for f in flows {
                        if f.to == g, rightward == (groups[f.from].column < c) { partners.append(at.middle[f.from]) }
                        if f.from == g, rightward == (groups[f.to].column < c) { partners.append(at.middle[f.to]) }
                    }
                    for d in details {
                        if d.toGroup == g, rightward == (groups[d.fromGroup].column < c) { partners.append(at.card[d.from]!) }
                        if d.fromGroup == g, rightward == (groups[d.toGroup].column < c) { partners.append(at.card[d.to]!) }
                    }
                    return partners
                }
                current.columns[c] = sortedByBarycentre(current.columns[c], key: { pulls($0) }, own: { at.middle[$0] })
                at = Positions(current, groups)
                for g in current.columns[c] {
                    current.cards[g] = sortedByBarycentre(
                        current.cards[g],
                        key: { v in
                            details.compactMap { d in
                                if d.to == v, rightward == (groups[d.fromGroup].column < c) { return at.card[d.from]! }
                                if d.from == v, rightward == (groups[d.toGroup].column < c) { return at.card[d.to]! }
                                return nil
                            }
                        }, own: { at.card[$0]! })
                }
            }
            let n = crossings(current, groups: groups, flows: flows, details: details)
            if n < fewest {
                fewest = n
                best = current
            }
        }
        return best
    }

    /// Sorted by the mean of `key` (the positions an item's lines lead to), an item without lines
    /// by its own position; ties keep the current order.
    static func sortedByBarycentre(_ items: [Int], key: (Int) -> [Double], own: (Int) -> Double) -> [Int] {
        items.enumerated().map { k, item -> (Double, Int, Int) in
            let pulls = key(item)
            return (pulls.isEmpty ? own(item) : pulls.reduce(0, +) / Double(pulls.count), k, item)
        }.sorted { ($0.0, $0.1) < ($1.0, $1.1) }.map(\.2)
    }

    /// Pairs of lines that cross when every line is drawn straight between its row positions: two
    /// lines cross when their order differs at the two ends of the columns they share. Lines that
    /// meet at an end (one card, or one segment's middle) do not count.
    /// - Complexity: O(L²) for L lines.
    static func crossings(_ a: Arrangement, groups: [SegmentMap.Group], flows: [SegmentMap.Flow], details: [SegmentMap.DetailFlow]) -> Int {
        let at = Positions(a, groups)
        var lines = flows.map { Line(a: groups[$0.from].column, b: groups[$0.to].column, p: at.middle[$0.from], q: at.middle[$0.to]) }
        lines += details.map { Line(a: groups[$0.fromGroup].column, b: groups[$0.toGroup].column, p: at.card[$0.from]!, q: at.card[$0.to]!) }
        var count = 0
        for i in lines.indices {
            for j in lines.indices where j > i {
                let lo = max(lines[i].a, lines[j].a), hi = min(lines[i].b, lines[j].b)
                guard lo < hi else { continue }
                let left = lines[i].at(lo) - lines[j].at(lo), right = lines[i].at(hi) - lines[j].at(hi)
                if left * right < 0 { count += 1 }
            }
        }
        return count
    }
}
