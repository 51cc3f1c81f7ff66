import Testing

@testable import RelmapCore

@Suite("ValueChainProjection")
struct ValueChainProjectionTests {
    /// The node order is a renumbering of the entities in which every component is one range of
    /// nodes, and no chain tie leaves its range.
    @Test func componentsAreContiguousNodeRanges() throws {
        for name in ["tiny", "random-300", "world-2k"] {
            let chain = ValueChainProjection(try RankingFixture.load(name).graph())
            let n = chain.nodeCount
            #expect((0..<n).allSatisfy { chain.node(ofEntity: chain.entity(ofNode: $0)) == $0 })
            #expect(chain.componentStarts.first == 0 && chain.componentStarts.last == UInt32(n))
            for v in 0..<n {
                let c = chain.component(ofNode: v)
                let range = Int(chain.componentStarts[c])..<Int(chain.componentStarts[c + 1])
                #expect(range.contains(v))
                #expect(chain.slots(v).allSatisfy { range.contains(Int(chain.targets[$0])) }, "\(name) node \(v)")
            }
        }
    }
}
