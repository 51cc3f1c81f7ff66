import Testing

@testable import RelmapCore

@Suite struct DetailOrderTests {
    func group(_ column: Int, _ cards: [Int], folded: Int = 0) -> SegmentMap.Group {
        SegmentMap.Group(
            segment: "s\(column)", side: .whole, column: column, memberCount: cards.count + folded, clientCount: 0, trade: 0,
            cards: cards.map { SegmentMap.Card(entity: $0, figure: 1, rank: nil, isCentre: false) },
            foldedCount: folded, foldedFigure: 0, isCentre: false)
    }

    func detail(_ from: Int, _ to: Int, _ fromGroup: Int, _ toGroup: Int) -> SegmentMap.DetailFlow {
        SegmentMap.DetailFlow(from: from, to: to, fromGroup: fromGroup, toGroup: toGroup, volume: 1)
    }

    @Test func crossingsCountLinesWhoseOrderDiffersAtBothEnds() {
        // Column 0: one segment of cards 0, 1, 2; column 1: one segment of cards 10, 11, 12.
        // 0 -> 12 crosses 1 -> 11 and 2 -> 10; 1 -> 11 crosses 2 -> 10; lines sharing a card don't.
        let groups = [group(0, [0, 1, 2]), group(1, [10, 11, 12])]
        let a = DetailOrder.Arrangement(columns: [[0], [1]], cards: [[0, 1, 2], [10, 11, 12]])
        let reversed = [detail(0, 12, 0, 1), detail(1, 11, 0, 1), detail(2, 10, 0, 1)]
        #expect(DetailOrder.crossings(a, groups: groups, flows: [], details: reversed) == 3)
        let fan = [detail(0, 10, 0, 1), detail(0, 11, 0, 1), detail(1, 11, 0, 1)]
        #expect(DetailOrder.crossings(a, groups: groups, flows: [], details: fan) == 0)
        // A segment arrow leaves the middle of both segments (row 3 of a segment of four cards):
        // 0 -> 13 runs from above it to below it, 0 -> 10 stays above.
        let four = [group(0, [0, 1, 2, 3]), group(1, [10, 11, 12, 13])]
        let b = DetailOrder.Arrangement(columns: [[0], [1]], cards: [[0, 1, 2, 3], [10, 11, 12, 13]])
        let arrow = [SegmentMap.Flow(from: 0, to: 1, volume: 1, relationCount: 3)]
        #expect(DetailOrder.crossings(b, groups: four, flows: arrow, details: [detail(0, 13, 0, 1)]) == 1)
        #expect(DetailOrder.crossings(b, groups: four, flows: arrow, details: [detail(0, 10, 0, 1)]) == 0)
    }

    @Test func arrangeUntanglesReversedLinesAndRenumbersGroups() {
        // Column 1 has two segments: group 1 (cards 10, 11) over group 2 (cards 20, 21). The top
        // cards of column 0 sell to the lower segment, the bottom ones to the upper.
        var groups = [group(0, [0, 1, 2, 3]), group(1, [10, 11]), group(1, [20, 21])]
        var flows = [SegmentMap.Flow(from: 0, to: 1, volume: 2, relationCount: 2), SegmentMap.Flow(from: 0, to: 2, volume: 2, relationCount: 2)]
        var details = [detail(0, 21, 0, 2), detail(1, 20, 0, 2), detail(2, 11, 0, 1), detail(3, 10, 0, 1)]
        let start = DetailOrder.Arrangement(columns: [[0], [1, 2]], cards: groups.map { $0.cards.map(\.entity) })
        let before = DetailOrder.crossings(start, groups: groups, flows: flows, details: details)
        DetailOrder.arrange(groups: &groups, flows: &flows, details: &details)
        let after = DetailOrder.Arrangement(columns: [[0], [1, 2]], cards: groups.map { $0.cards.map(\.entity) })
        let count = DetailOrder.crossings(after, groups: groups, flows: flows, details: details)
        // The lines no longer cross each other; two still cross the segment arrows out of the middle.
        #expect(before == 10 && count == 2, "before \(before), after \(count)")
        // Here the cheaper move is the customers': the lower segment goes up, cards turned over.
        #expect(groups.map { $0.cards.map(\.entity) } == [[0, 1, 2, 3], [21, 20], [11, 10]])
        // Every line still joins cards of the groups it names; groups stay sorted by column.
        for d in details {
            #expect(groups[d.fromGroup].cards.contains { $0.entity == d.from })
            #expect(groups[d.toGroup].cards.contains { $0.entity == d.to })
        }
        for f in flows { #expect(groups[f.from].column == 0 && groups[f.to].column == 1) }
        #expect(groups.map(\.column) == [0, 1, 1])
        #expect(Set(groups.flatMap { $0.cards.map(\.entity) }) == [0, 1, 2, 3, 10, 11, 20, 21])
    }

    @Test func cardsWithoutLinesKeepTheirPlace() {
        // Only card 3 has a line; 0, 1 and 2 keep their order around it.
        let order = DetailOrder.sortedByBarycentre([0, 1, 2, 3], key: { $0 == 3 ? [0.5] : [] }, own: { Double($0) + 0.5 })
        #expect(order == [0, 3, 1, 2])
        #expect(DetailOrder.sortedByBarycentre([5, 6], key: { _ in [] }, own: { _ in 1 }) == [5, 6], "ties keep the order")
    }

    @Test func neverMoreCrossingsThanTheTradeOrderOnRandomMaps() {
        var rng = SplitMix64(seed: 1919)
        for trial in 0..<40 {
            // Three columns of one to three segments, two to five cards each, random lines forward.
            var groups: [SegmentMap.Group] = []
            var next = 0
            for column in 0..<3 {
                for _ in 0...(rng.next() % 3) {
                    let n = 2 + Int(rng.next() % 4)
                    groups.append(group(column, Array(next..<next + n)))
                    next += n
                }
            }
            var flows: [SegmentMap.Flow] = []
            var details: [SegmentMap.DetailFlow] = []
            for a in groups.indices {
                for b in groups.indices where groups[a].column < groups[b].column && rng.uniform() < 0.5 {
                    flows.append(.init(from: a, to: b, volume: 1, relationCount: 1))
                    for _ in 0..<(1 + rng.next() % 3) {
                        let from = groups[a].cards[Int(rng.next() % UInt64(groups[a].cards.count))].entity
                        let to = groups[b].cards[Int(rng.next() % UInt64(groups[b].cards.count))].entity
                        details.append(detail(from, to, a, b))
                    }
                }
            }
            let start = DetailOrder.Arrangement(
                columns: (0..<3).map { c in groups.indices.filter { groups[$0].column == c } },
                cards: groups.map { $0.cards.map(\.entity) })
            let best = DetailOrder.bestArrangement(start, groups: groups, flows: flows, details: details)
            #expect(
                DetailOrder.crossings(best, groups: groups, flows: flows, details: details)
                    <= DetailOrder.crossings(start, groups: groups, flows: flows, details: details), "trial \(trial)")
            #expect(best.columns.map { Set($0) } == start.columns.map { Set($0) })
            #expect(zip(best.cards, start.cards).allSatisfy { Set($0) == Set($1) })
        }
    }

    @Test func mapsWithoutDetailsKeepTheTradeOrder() throws {
        let g = try chainGraph(upstream: 4, downstream: 3)
        let plain = try SegmentMap.extract(g, focus: .industry("电芯"))
        let detailed = try SegmentMap.extract(g, focus: .industry("电芯"), options: .init(detail: 4))
        #expect(!plain.dot(g).contains("splines"))
        #expect(detailed.dot(g).contains("splines=\"line\""))
        // The same segments and cards, whatever the order.
        #expect(Set(plain.groups.map(\.segment)) == Set(detailed.groups.map(\.segment)))
        #expect(Set(plain.groups.flatMap { $0.cards.map(\.entity) }) == Set(detailed.groups.flatMap { $0.cards.map(\.entity) }))
    }
}
