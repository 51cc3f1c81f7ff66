import Testing

@testable import RelmapCore

@Suite struct GraphStatisticsTests {
    @Test func statistics() throws {
        let s = GraphStatistics(try smallChain())
        #expect(s.entities == 7)
        #expect(s.byType.first == .init(key: "supplies", count: 5))
        #expect(s.valueChain.count == 1)
        #expect(s.valueChain.largest == 5)
        #expect(s.valueChain.clientsInLargest == 1)
        #expect(s.degrees.max == 4)
    }
}
