/// What is in a graph: counts by kind, status, relation type, region and industry; each RM's
/// book; the value chain's connected components; degree spread. The first thing to run on data.
public struct GraphStatistics: Sendable, Codable {
    public struct Count: Sendable, Codable, Equatable {
        public var key: String
        public var count: Int
    }
    public struct RMBook: Sendable, Codable {
        public var rm: String
        public var clients: Int
        public var value: Double
    }
    public struct Components: Sendable, Codable {
        /// Components of the `supplies` graph among entities that have at least one supplies relation.
        public var count: Int
        public var largest: Int
        /// Clients in the largest component.
        public var clientsInLargest: Int
        public var sizes: [Int]
    }
    public struct Degrees: Sendable, Codable {
        public var mean: Double
        public var median: Int
        public var p99: Int
        public var max: Int
        public var maxEntity: String
        public var isolated: Int
    }

    public var entities: Int
    public var relations: Int
    public var byKind: [Count]
    public var byStatus: [Count]
    public var byType: [Count]
    public var byRegion: [Count]
    public var byIndustry: [Count]
    public var books: [RMBook]
    public var valueChain: Components
    public var degrees: Degrees
    /// Heap bytes held by the graph: relation columns and adjacency, and entity columns and id index.
    public var memory: Memory

    public struct Memory: Sendable, Codable {
        public var relationBytes: Int
        public var entityBytes: Int
        public var bytesPerRelation: Double
        public var relationSideBytesPerRelation: Double
    }

    /// - Complexity: O(n + m) plus sorting the category counts.
    public init(_ g: Graph) {
        let e = g.entities
        entities = g.entityCount
        relations = g.relationCount
        func counts<T>(_ values: [T], _ name: (T) -> String) -> [Count] {
            var d: [String: Int] = [:]
            for v in values { d[name(v), default: 0] += 1 }
            return d.map { Count(key: $0.key, count: $0.value) }.sorted { ($0.count, $1.key) > ($1.count, $0.key) }
        }
        func categorical(_ c: CategoricalColumn) -> [Count] {
            var n = [Int](repeating: 0, count: c.values.count)
            for code in c.codes { n[Int(code)] += 1 }
            return c.values.indices.filter { n[$0] > 0 }
                .map { Count(key: c.values[$0].isEmpty ? "(none)" : c.values[$0], count: n[$0]) }
                .sorted { ($0.count, $1.key) > ($1.count, $0.key) }
        }
        byKind = counts(e.kinds) { $0.name }
        byStatus = counts(e.statuses) { $0.name }
        byType = counts(g.relations.types) { $0.name }
        byRegion = categorical(e.regions)
        byIndustry = categorical(e.industries)

        var books: [String: RMBook] = [:]
        for i in e.indices where e.statuses[i] == .client && !e.rms.values[Int(e.rms.codes[i])].isEmpty {
            let rm = e.rms[i]
            books[rm, default: RMBook(rm: rm, clients: 0, value: 0)].clients += 1
            books[rm]!.value += e.value(i) ?? 0
        }
        self.books = books.values.sorted { ($0.clients, $1.rm) > ($1.clients, $0.rm) }

        // Union-find over supplies relations, path halving.
        var parent = Array(0..<UInt32(g.entityCount))
        func find(_ x: UInt32) -> UInt32 {
            var x = x
            while parent[Int(x)] != x {
                parent[Int(x)] = parent[Int(parent[Int(x)])]
                x = parent[Int(x)]
            }
            return x
        }
        var onChain = [Bool](repeating: false, count: g.entityCount)
        let r = g.relations
        for k in r.indices where r.types[k] == .supplies {
            let a = find(r.sources[k]), b = find(r.targets[k])
            onChain[Int(r.sources[k])] = true
            onChain[Int(r.targets[k])] = true
            if a != b { parent[Int(max(a, b))] = min(a, b) }
        }
        var size: [UInt32: Int] = [:], clients: [UInt32: Int] = [:]
        for v in 0..<g.entityCount where onChain[v] {
            let root = find(UInt32(v))
            size[root, default: 0] += 1
            if e.statuses[v] == .client { clients[root, default: 0] += 1 }
        }
        let largestRoot = size.max { ($0.value, $1.key) < ($1.value, $0.key) }
        valueChain = Components(
            count: size.count, largest: largestRoot?.value ?? 0,
            clientsInLargest: largestRoot.map { clients[$0.key] ?? 0 } ?? 0,
            sizes: Array(size.values.sorted(by: >).prefix(10)))

        let (relationBytes, entityBytes) = g.memoryBytes
        let m = Double(max(1, g.relationCount))
        memory = Memory(
            relationBytes: relationBytes, entityBytes: entityBytes,
            bytesPerRelation: Double(relationBytes + entityBytes) / m,
            relationSideBytesPerRelation: Double(relationBytes) / m)

        var degree = (0..<g.entityCount).map { g.outDegree($0) + g.inDegree($0) }
        let maxIndex = degree.indices.max { (degree[$0], $1) < (degree[$1], $0) }
        let isolated = degree.filter { $0 == 0 }.count
        let mean = degree.isEmpty ? 0 : Double(degree.reduce(0, +)) / Double(degree.count)
        degree.sort()
        degrees = Degrees(
            mean: mean, median: degree.isEmpty ? 0 : degree[degree.count / 2],
            p99: degree.isEmpty ? 0 : degree[min(degree.count - 1, degree.count * 99 / 100)],
            max: degree.last ?? 0, maxEntity: maxIndex.map { e.ids[$0] } ?? "", isolated: isolated)
    }
}
