import Dispatch

/// The value chain as an undirected weighted graph in compressed sparse rows: the graph the
/// ranking signals (`ppr`, `bridge`, `coverage`) walk.
///
/// Only `supplies` relations enter it. Direction is dropped (a supplier and its customer are tied
/// both ways for a bank: either can vouch for the other), and the weight between two entities is
/// the sum of the `supplies` volumes in both directions; duplicate relations add. Every entity is a
/// node, so a client without any chain relation is an isolated (dangling) node.
///
/// Rules a user may need to know:
/// - A `supplies` relation without a volume counts with the median of the known volumes (1 when no
///   volume is known at all): it is a real trade tie of unknown size, so a typical size is the
///   least surprising guess; 0 or 1 would make it vanish next to volumes in the millions.
/// - A relation from an entity to itself is ignored (it says nothing about the chain).
/// - A pair tied only by zero volume stays adjacent (it counts for `bridge`, which is unweighted)
///   but carries no PageRank mass.
///
/// Nodes are not entity indices: the projection numbers the entities in breadth-first order
/// along the chain (`node(ofEntity:)`, `entity(ofNode:)`), so that trading partners sit close
/// together in memory. Entity indices follow the order of entities.csv, which says nothing about
/// who trades with whom; in that order nearly every neighbour read of a PageRank sweep or a
/// breadth-first search is a cache miss, and the ranking kernels run several times slower.
/// Every ranking API takes and returns entity indices and translates at its boundary.
///
/// Row `v` lists its neighbours in ascending node order, each once.
public struct ValueChainProjection: Sendable {
    /// Number of nodes: every entity of the graph.
    public let nodeCount: Int
    /// The entity each node stands for.
    public let entityOfNode: [UInt32]
    /// The node of each entity.
    public let nodeOfEntity: [UInt32]
    /// Component c is the node range `componentStarts[c]..<componentStarts[c + 1]`: largest first,
    /// entities without chain partners last, one each.
    public let componentStarts: [UInt32]
    /// `offsets[v]..<offsets[v+1]` are the CSR slots of node `v`.
    public let offsets: [UInt32]
    /// Neighbour of each slot.
    public let targets: [UInt32]
    /// Summed trade volume of each slot's pair (both directions, duplicates added).
    public let weights: [Double]
    /// Weighted degree: the total trade volume of each node.
    public let strengths: [Double]
    /// `weights[e] / sqrt(strengths[v] * strengths[targets[e]])` for slot e of row v: the
    /// symmetric form of the walk's transition probabilities that PersonalizedPageRank solves
    /// with (0 where either end has no volume). Precomputed: one multiply-add per slot.
    public let couplings: [Double]

    /// Number of undirected edges (each stored twice).
    public var edgeCount: Int { targets.count / 2 }

    @inline(__always)
    public func slots(_ v: Int) -> Range<Int> { Int(offsets[v])..<Int(offsets[v + 1]) }

    @inline(__always)
    public func node(ofEntity e: Int) -> Int { Int(nodeOfEntity[e]) }

    @inline(__always)
    public func entity(ofNode v: Int) -> Int { Int(entityOfNode[v]) }

    /// Number of chain partners of an entity.
    @inline(__always)
    public func degree(ofEntity e: Int) -> Int { degree(node(ofEntity: e)) }

    /// A per-node array re-indexed by entity.
    public func byEntity<T>(_ perNode: [T]) -> [T] { byEntity(perNode) { $0 } }

    /// A field of a per-node array, re-indexed by entity.
    public func byEntity<T, U>(_ perNode: [T], _ field: (T) -> U) -> [U] {
        precondition(perNode.count == nodeCount)
        return perNode.withUnsafeBufferPointer { values in
            entityOfNode.withUnsafeBufferPointer { entityOf in
                [U](unsafeUninitializedCapacity: nodeCount) { out, count in
                    for v in 0..<nodeCount { (out.baseAddress! + Int(entityOf[v])).initialize(to: field(values[v])) }
                    count = nodeCount
                }
            }
        }
    }

    /// Entity indices translated to nodes.
    public func nodes(ofEntities entities: [Int]) -> [Int] { entities.map { Int(nodeOfEntity[$0]) } }

    @inline(__always)
    public func degree(_ v: Int) -> Int { Int(offsets[v + 1] - offsets[v]) }

    /// Projects the `supplies` relations of `graph`; rows are built on `threads` workers (the
    /// result does not depend on how many).
    /// - Complexity: O(n + m log d) for n entities, m supplies relations and maximum degree d.
    public init(_ graph: Graph, threads: Int = Machine.cores) {
        let n = graph.entityCount
        let rel = graph.relations
        // The chain's relations, once: later passes walk this list rather than every relation.
        var chain: [UInt32] = []
        var missing = 0
        for r in rel.indices where rel.types[r] == .supplies && rel.sources[r] != rel.targets[r] {
            chain.append(UInt32(r))
            if rel.weights[r].isNaN { missing += 1 }
        }
        var fallback = 1.0
        if missing > 0 {
            var known = chain.compactMap { rel.weights[Int($0)].isNaN ? nil : rel.weights[Int($0)] }
            fallback = ValueChainProjection.median(&known) ?? 1
        }
        let pairs = chain.count

        // Counting sort of both directions of every relation into rows, then sort and merge each row.
        var rowCount = [UInt32](repeating: 0, count: n + 1)
        var rawTargets = [UInt32](repeating: 0, count: 2 * pairs)
        var rawWeights = [Double](repeating: 0, count: 2 * pairs)
        rel.sources.withUnsafeBufferPointer { sources in
            rel.targets.withUnsafeBufferPointer { targets in
                rel.weights.withUnsafeBufferPointer { weights in
                    rowCount.withUnsafeMutableBufferPointer { rowCount in
                        rawTargets.withUnsafeMutableBufferPointer { rawTargets in
                            rawWeights.withUnsafeMutableBufferPointer { rawWeights in
                                for r in chain {
                                    rowCount[Int(sources[Int(r)]) + 1] += 1
                                    rowCount[Int(targets[Int(r)]) + 1] += 1
                                }
                                for v in 0..<n { rowCount[v + 1] += rowCount[v] }
                                var cursor = Array(rowCount)
                                for r in chain {
                                    let s = Int(sources[Int(r)]), t = Int(targets[Int(r)])
                                    let w = weights[Int(r)].isNaN ? fallback : weights[Int(r)]
                                    rawTargets[Int(cursor[s])] = UInt32(t)
                                    rawWeights[Int(cursor[s])] = w
                                    cursor[s] += 1
                                    rawTargets[Int(cursor[t])] = UInt32(s)
                                    rawWeights[Int(cursor[t])] = w
                                    cursor[t] += 1
                                }
                            }
                        }
                    }
                }
            }
        }

        let (entityOfNode, nodeOfEntity, componentStarts) = ValueChainProjection.breadthFirstOrder(
            n: n, rowStart: rowCount, rawTargets: rawTargets)

        // Rows are independent, so the nodes are cut into one range per worker, of about equal
        // raw slot counts; each range is built where its raw slots would begin.
        var rawStart = [Int](repeating: 0, count: n + 1)
        for v in 0..<n {
            let e = Int(entityOfNode[v])
            rawStart[v + 1] = rawStart[v] + Int(rowCount[e + 1] - rowCount[e])
        }
        let workers = max(1, min(threads, n))
        var cuts = [0]
        for w in 1..<workers {
            var v = cuts[w - 1]
            while v < n && rawStart[v] < rawStart[n] * w / workers { v += 1 }
            cuts.append(v)
        }
        cuts.append(n)
        let ranges = (0..<workers).map { cuts[$0]..<cuts[$0 + 1] }
        let starts = ranges.map { rawStart[$0.lowerBound] }

        var offsets = [UInt32](repeating: 0, count: n + 1)
        var targets = [UInt32](repeating: 0, count: 2 * pairs)
        var weights = [Double](repeating: 0, count: 2 * pairs)
        var strengths = [Double](repeating: 0, count: n)
        var couplings = [Double](repeating: 0, count: 2 * pairs)
        rowCount.withUnsafeBufferPointer { rowCount in
            rawTargets.withUnsafeBufferPointer { rawTargets in
                rawWeights.withUnsafeBufferPointer { rawWeights in
                    nodeOfEntity.withUnsafeBufferPointer { nodeOfEntity in
                        entityOfNode.withUnsafeBufferPointer { entityOfNode in
                            offsets.withUnsafeMutableBufferPointer { offsets in
                                targets.withUnsafeMutableBufferPointer { targets in
                                    weights.withUnsafeMutableBufferPointer { weights in
                                        strengths.withUnsafeMutableBufferPointer { strengths in
                                            couplings.withUnsafeMutableBufferPointer { couplings in
                                                let rows = RowBuilder(
                                                    rowStart: rowCount.baseAddress!, rawTargets: rawTargets.baseAddress!,
                                                    rawWeights: rawWeights.baseAddress!, nodeOfEntity: nodeOfEntity.baseAddress!,
                                                    entityOfNode: entityOfNode.baseAddress!, offsets: offsets.baseAddress!,
                                                    targets: targets.baseAddress!, weights: weights.baseAddress!,
                                                    strengths: strengths.baseAddress!, couplings: couplings.baseAddress!)
                                                DispatchQueue.concurrentPerform(iterations: workers) { w in
                                                    rows.build(ranges[w], from: starts[w])
                                                }
                                                // Close the gaps a range leaves where pairs tied both ways merged into one slot.
                                                var used = 0
                                                for (range, start) in zip(ranges, starts) where !range.isEmpty {
                                                    let count = Int(offsets[range.upperBound]) - start
                                                    if start > used {
                                                        UnsafeMutableRawPointer(targets.baseAddress! + used)
                                                            .copyMemory(
                                                                from: targets.baseAddress! + start, byteCount: count * MemoryLayout<UInt32>.stride)
                                                        UnsafeMutableRawPointer(weights.baseAddress! + used)
                                                            .copyMemory(
                                                                from: weights.baseAddress! + start, byteCount: count * MemoryLayout<Double>.stride)
                                                        for v in range { offsets[v + 1] -= UInt32(start - used) }
                                                    }
                                                    used += count
                                                }
                                                // A coupling needs both ends' strengths: all strengths first.
                                                DispatchQueue.concurrentPerform(iterations: workers) { w in rows.sumStrengths(ranges[w]) }
                                                DispatchQueue.concurrentPerform(iterations: workers) { w in rows.couple(ranges[w]) }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        let used = Int(offsets[n])
        targets.removeLast(targets.count - used)
        weights.removeLast(weights.count - used)
        couplings.removeLast(couplings.count - used)
        self.init(
            nodeCount: n, entityOfNode: entityOfNode, nodeOfEntity: nodeOfEntity, componentStarts: componentStarts,
            offsets: offsets, targets: targets, weights: weights, strengths: strengths, couplings: couplings)
    }

    /// Breadth-first numbering: each component from its best-connected entity, neighbours in
    /// entity order, the largest components first and entities without chain partners last.
    /// Partners then mostly sit close together rather than anywhere among a million, and every
    /// component is one contiguous range of nodes.
    /// - Returns: the order, its inverse, and where each component starts (ascending, ending with n).
    static func breadthFirstOrder(n: Int, rowStart: [UInt32], rawTargets: [UInt32])
        -> (entityOfNode: [UInt32], nodeOfEntity: [UInt32], componentStarts: [UInt32])
    {
        let unplaced = UInt32.max
        var nodeOf = [UInt32](repeating: unplaced, count: n)
        // Components in the order found, each from its highest-degree entity not yet placed.
        var order = [UInt32]()
        order.reserveCapacity(n)
        var found: [Range<Int>] = []
        // Entities with chain partners by degree, highest first, ties by index (a counting sort).
        let degree = { (e: Int) in Int(rowStart[e + 1] - rowStart[e]) }
        var maxDegree = 0
        for e in 0..<n { maxDegree = max(maxDegree, degree(e)) }
        var bucketStart = [Int](repeating: 0, count: maxDegree + 2)
        for e in 0..<n where degree(e) > 0 { bucketStart[maxDegree - degree(e) + 1] += 1 }
        for d in 0...maxDegree { bucketStart[d + 1] += bucketStart[d] }
        var byDegree = [Int](repeating: 0, count: bucketStart[maxDegree + 1])
        for e in 0..<n where degree(e) > 0 {
            byDegree[bucketStart[maxDegree - degree(e)]] = e
            bucketStart[maxDegree - degree(e)] += 1
        }
        for root in byDegree where nodeOf[root] == unplaced {
            let start = order.count
            nodeOf[root] = 0
            order.append(UInt32(root))
            var head = start
            while head < order.count {
                let v = Int(order[head])
                head += 1
                for e in Int(rowStart[v])..<Int(rowStart[v + 1]) {
                    let u = Int(rawTargets[e])
                    if nodeOf[u] == unplaced {
                        nodeOf[u] = 0
                        order.append(UInt32(u))
                    }
                }
            }
            found.append(start..<order.count)
        }
        var entityOf = [UInt32]()
        entityOf.reserveCapacity(n)
        var starts: [UInt32] = []
        for c in found.sorted(by: { ($0.count, $1.lowerBound) > ($1.count, $0.lowerBound) }) {
            starts.append(UInt32(entityOf.count))
            entityOf.append(contentsOf: order[c])
        }
        for e in 0..<n where rowStart[e + 1] == rowStart[e] {
            starts.append(UInt32(entityOf.count))
            entityOf.append(UInt32(e))
        }
        starts.append(UInt32(n))
        for (v, e) in entityOf.enumerated() { nodeOf[Int(e)] = UInt32(v) }
        return (entityOf, nodeOf, starts)
    }

    /// The component holding node v: the last one that starts at or before it.
    public func component(ofNode v: Int) -> Int {
        var lo = 0, hi = componentStarts.count - 1  // componentStarts[lo] <= v < componentStarts[hi]
        while hi - lo > 1 {
            let mid = (lo + hi) / 2
            if Int(componentStarts[mid]) <= v { lo = mid } else { hi = mid }
        }
        return lo
    }

    /// The components that contain at least one of `seeds` (nodes), as ascending, merged node
    /// ranges. Walks and PageRank mass from the seeds never leave them.
    /// - Complexity: O(s log c) for s seeds and c components.
    public func componentRanges(containing seeds: [Int]) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        for c in Set(seeds.map(component(ofNode:))).sorted() {
            let range = Int(componentStarts[c])..<Int(componentStarts[c + 1])
            if let last = ranges.last, last.upperBound == range.lowerBound {
                ranges[ranges.count - 1] = last.lowerBound..<range.upperBound
            } else {
                ranges.append(range)
            }
        }
        return ranges
    }

    static func median(_ values: inout [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        values.sort()
        let mid = values.count / 2
        return values.count % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2
    }
}

/// The rows of a projection in node order, from the raw rows the counting sort left in entity
/// order. Workers build disjoint node ranges: each writes only its own rows and slots.
private struct RowBuilder: @unchecked Sendable {
    let rowStart: UnsafePointer<UInt32>, rawTargets: UnsafePointer<UInt32>, rawWeights: UnsafePointer<Double>
    let nodeOfEntity: UnsafePointer<UInt32>, entityOfNode: UnsafePointer<UInt32>
    let offsets: UnsafeMutablePointer<UInt32>, targets: UnsafeMutablePointer<UInt32>, weights: UnsafeMutablePointer<Double>
    let strengths: UnsafeMutablePointer<Double>, couplings: UnsafeMutablePointer<Double>

    /// Each row of `nodes`, its neighbours renumbered, sorted, and duplicates merged, written from
    /// slot `start` on. A neighbour and its slot in the raw row travel as one 64-bit key: a plain
    /// integer sort.
    /// `offsets[v + 1]` is left at the slot after row v.
    func build(_ nodes: Range<Int>, from start: Int) {
        var used = start
        var keys: [UInt64] = []
        for v in nodes {
            let entity = Int(entityOfNode[v])
            let lo = Int(rowStart[entity]), hi = Int(rowStart[entity + 1])
            keys.removeAll(keepingCapacity: true)
            for e in lo..<hi { keys.append(UInt64(nodeOfEntity[Int(rawTargets[e])]) << 32 | UInt64(e - lo)) }
            if keys.count > 1 { keys.sort() }
            var k = 0
            while k < keys.count {
                let neighbour = UInt32(keys[k] >> 32)
                var w = rawWeights[lo + Int(keys[k] & 0xFFFF_FFFF)]
                var l = k + 1
                while l < keys.count && UInt32(keys[l] >> 32) == neighbour {
                    w += rawWeights[lo + Int(keys[l] & 0xFFFF_FFFF)]
                    l += 1
                }
                targets[used] = neighbour
                weights[used] = w
                used += 1
                k = l
            }
            offsets[v + 1] = UInt32(used)
        }
    }

    func sumStrengths(_ nodes: Range<Int>) {
        for v in nodes {
            var s = 0.0
            for e in Int(offsets[v])..<Int(offsets[v + 1]) { s += weights[e] }
            strengths[v] = s
        }
    }

    func couple(_ nodes: Range<Int>) {
        for v in nodes where strengths[v] > 0 {
            for e in Int(offsets[v])..<Int(offsets[v + 1]) {
                let s = strengths[Int(targets[e])]
                couplings[e] = s > 0 ? weights[e] / (strengths[v] * s).squareRoot() : 0
            }
        }
    }
}
