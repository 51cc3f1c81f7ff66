/// The value-chain projection stored beside the graph (sections 80 to 88). Like every section it
/// is checked before use: a projection that is not a valid one of `n` entities is refused as
/// malformed, never handed to a ranking kernel that indexes by it without bounds checks.
extension SnapshotReader {
    func chain(entityCount n: Int) throws -> ValueChainProjection {
        typealias T = SnapshotLayout.Tag
        let part = "value-chain projection"
        let entityOfNode: [UInt32] = try array(T.chainEntityOfNode, count: n)
        let nodeOfEntity: [UInt32] = try array(T.chainNodeOfEntity, count: n)
        // A permutation and its inverse: each entity is one node and back.
        let bijective = entityOfNode.withUnsafeBufferPointer { entityOf in
            nodeOfEntity.withUnsafeBufferPointer { nodeOf in
                (0..<n).allSatisfy { v in
                    let e = Int(entityOf[v])
                    return e < n && Int(nodeOf[e]) == v
                }
            }
        }
        guard bijective else { throw SnapshotProblem.malformed(part: part, detail: "nodes and entities are not one to one") }
        let starts: [UInt32] = try anyCount(T.chainComponentStarts.rawValue)
        guard SnapshotReader.isCSR(starts, total: n) else {
            throw SnapshotProblem.malformed(part: part, detail: "component ranges out of order or not ending at \(n)")
        }
        let offsets: [UInt32] = try array(T.chainOffsets, count: n + 1)
        let slots = Int(offsets.last ?? 0)
        guard SnapshotReader.isCSR(offsets, total: slots) else {
            throw SnapshotProblem.malformed(part: part, detail: "row offsets out of order")
        }
        let targets: [UInt32] = try array(T.chainTargets, count: slots)
        let weights: [Double] = try array(T.chainWeights, count: slots)
        let strengths: [Double] = try array(T.chainStrengths, count: n)
        let couplings: [Double] = try array(T.chainCouplings, count: slots)
        guard targets.allSatisfy({ Int($0) < n }) else {
            throw SnapshotProblem.malformed(part: part, detail: "a neighbour past the \(n) nodes")
        }
        // The kernels divide by strengths and sum couplings: a NaN or a negative would not crash
        // them but would rank nonsense, which is worse.
        let sane = { (x: Double) in x.isFinite && x >= 0 }
        guard weights.allSatisfy(sane), strengths.allSatisfy(sane), couplings.allSatisfy(sane) else {
            throw SnapshotProblem.malformed(part: part, detail: "a volume or coupling that is negative or not a number")
        }
        return ValueChainProjection(
            nodeCount: n, entityOfNode: entityOfNode, nodeOfEntity: nodeOfEntity,
            componentStarts: starts, offsets: offsets, targets: targets,
            weights: weights, strengths: strengths, couplings: couplings)
    }
}

extension ValueChainProjection {
    /// The parts, as derived (`init(_:threads:)`) or as stored (the snapshot reader has checked them).
    init(
        nodeCount: Int, entityOfNode: [UInt32], nodeOfEntity: [UInt32], componentStarts: [UInt32],
        offsets: [UInt32], targets: [UInt32], weights: [Double], strengths: [Double], couplings: [Double]
    ) {
        self.nodeCount = nodeCount
        self.entityOfNode = entityOfNode
        self.nodeOfEntity = nodeOfEntity
        self.componentStarts = componentStarts
        self.offsets = offsets
        self.targets = targets
        self.weights = weights
        self.strengths = strengths
        self.couplings = couplings
    }
}

extension SnapshotReader {
    /// Every relation's tie strength before aging (section 90), checked: the warm-path searches
    /// take `-ln` of each, so a value outside (0, 1] (which neither a file nor the defaults give)
    /// would make a negative or undefined cost.
    func tieStrengths(relationCount m: Int) throws -> [Double] {
        let strengths: [Double] = try array(SnapshotLayout.Tag.tieStrengths, count: m)
        guard strengths.allSatisfy({ $0 > 0 && $0 <= 1 }) else {
            throw SnapshotProblem.malformed(part: "tie strengths", detail: "a strength outside (0, 1]")
        }
        return strengths
    }
}
