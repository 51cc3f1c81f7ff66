/// The normalised names of a graph (see `CompanyName.normalized`) and, for each pair of adjacent
/// characters, the names that hold it: what lets a search box answer "names that contain 宁德" on
/// a million entities in a millisecond instead of comparing the query with every name (two seconds,
/// and a server thread held for all of it).
///
/// A name contains the query only if it holds every character pair of the query, so the names to
/// compare are the intersection of the query's pair lists, shortest first; the comparison itself
/// stays `String.contains`, so the answers are those of a full scan. The nearest names (the
/// suggestion when nothing matches) are exact by edit distance when few names have a comparable
/// length; on a large graph they are chosen among the names sharing the most pairs with the query:
/// a suggestion, which may miss a name within the distance that shares no pair at all.
///
/// Memory: the names once, and one 32-bit entry per distinct pair of each name (about 50 MB for a
/// million Chinese company names), in flat arrays.
struct NameIndex: Sendable {
    /// Distinct normalised names.
    let keys: [String]
    /// Characters (Unicode scalars) of each key.
    let keyLengths: [Int32]
    let keyOfName: [String: Int32]
    /// Entities of key `k`: `entities[entityOffsets[k] ..< entityOffsets[k + 1]]`, ascending.
    let entityOffsets: [Int32]
    let entities: [Int32]
    /// Keys holding pair `p`: `pairKeys[pairOffsets[p] ..< pairOffsets[p + 1]]`, ascending.
    let pairOfCode: [UInt64: Int32]
    let pairOffsets: [Int32]
    let pairKeys: [Int32]
    /// Keys per length, to know whether an exact nearest-name scan is cheap.
    let keysOfLength: [Int: Int]

    /// Names with a comparable length up to which `nearest` compares them all.
    static let exactNearestLimit = 20_000
    /// How many of the names sharing the most pairs `nearest` compares beyond that.
    static let shortlist = 5_000

    /// - Complexity: O(total characters) plus one hash per distinct name and pair.
    init(names: StringColumn) {
        var keyOfName: [String: Int32] = [:]
        var keys: [String] = []
        var keyOfEntity = [Int32](repeating: 0, count: names.count)
        for i in 0..<names.count {
            let key = CompanyName.normalized(names[i])
            if let k = keyOfName[key] {
                keyOfEntity[i] = k
                continue
            }
            let k = Int32(keys.count)
            keyOfName[key] = k
            keys.append(key)
            keyOfEntity[i] = k
        }
        // Entities per key, by counting (names in entity order, so each list is ascending).
        var entityOffsets = [Int32](repeating: 0, count: keys.count + 1)
        for k in keyOfEntity { entityOffsets[Int(k) + 1] += 1 }
        for k in 0..<keys.count { entityOffsets[k + 1] += entityOffsets[k] }
        var fill = Array(entityOffsets.dropLast())
        var entities = [Int32](repeating: 0, count: names.count)
        for (i, k) in keyOfEntity.enumerated() {
            entities[Int(fill[Int(k)])] = Int32(i)
            fill[Int(k)] += 1
        }
        // Pairs: count the keys holding each (once per key), then fill; keys in order, so ascending.
        var pairOfCode: [UInt64: Int32] = [:]
        var counts: [Int32] = [], lastKey: [Int32] = []
        var keyLengths = [Int32](repeating: 0, count: keys.count)
        var keysOfLength: [Int: Int] = [:]
        for (k, key) in keys.enumerated() {
            var length: Int32 = 0
            Self.forEachPair(key) { code in
                let p: Int32
                if let known = pairOfCode[code] {
                    p = known
                } else {
                    p = Int32(counts.count)
                    pairOfCode[code] = p
                    counts.append(0)
                    lastKey.append(-1)
                }
                if lastKey[Int(p)] != Int32(k) {
                    lastKey[Int(p)] = Int32(k)
                    counts[Int(p)] += 1
                }
            }
            for _ in key.unicodeScalars { length += 1 }
            keyLengths[k] = length
            keysOfLength[Int(length), default: 0] += 1
        }
        var pairOffsets = [Int32](repeating: 0, count: counts.count + 1)
        for p in counts.indices { pairOffsets[p + 1] = pairOffsets[p] + counts[p] }
        var pairFill = Array(pairOffsets.dropLast())
        var pairKeys = [Int32](repeating: 0, count: Int(pairOffsets.last ?? 0))
        for p in lastKey.indices { lastKey[p] = -1 }
        for (k, key) in keys.enumerated() {
            Self.forEachPair(key) { code in
                let p = Int(pairOfCode[code]!)
                guard lastKey[p] != Int32(k) else { return }
                lastKey[p] = Int32(k)
                pairKeys[Int(pairFill[p])] = Int32(k)
                pairFill[p] += 1
            }
        }
        self.keys = keys
        self.keyLengths = keyLengths
        self.keyOfName = keyOfName
        self.entityOffsets = entityOffsets
        self.entities = entities
        self.pairOfCode = pairOfCode
        self.pairOffsets = pairOffsets
        self.pairKeys = pairKeys
        self.keysOfLength = keysOfLength
    }

    /// Each pair of adjacent scalars of `key`, packed in 42 bits (21 per scalar).
    static func forEachPair(_ key: String, _ body: (UInt64) -> Void) {
        var previous: UInt32?
        for s in key.unicodeScalars {
            if let p = previous { body(UInt64(p) << 21 | UInt64(s.value)) }
            previous = s.value
        }
    }

    /// Entities whose normalised name is `key`, ascending.
    func entities(named key: String) -> [Int]? {
        guard let k = keyOfName[key] else { return nil }
        return entitiesOf(Int(k))
    }

    func entitiesOf(_ k: Int) -> [Int] {
        entities[Int(entityOffsets[k])..<Int(entityOffsets[k + 1])].map(Int.init)
    }

    func keysOf(pair p: Int32) -> ArraySlice<Int32> { pairKeys[Int(pairOffsets[Int(p)])..<Int(pairOffsets[Int(p) + 1])] }

    /// Entities whose normalised name contains `key` (at least two characters), ascending.
    /// - Complexity: O(s log m) for the s keys of the query's rarest pair and m the longest other
    ///   list, plus one `contains` per key holding every pair.
    func entities(containing key: String) -> [Int] {
        var lists: [ArraySlice<Int32>] = []
        var missing = false
        Self.forEachPair(key) { code in
            guard let p = pairOfCode[code] else {
                missing = true
                return
            }
            lists.append(keysOf(pair: p))
        }
        guard !missing, !lists.isEmpty else { return [] }
        lists.sort { $0.count < $1.count }
        var found: [Int] = []
        for k in lists[0] where lists.dropFirst().allSatisfy({ Self.holds($0, k) }) && keys[Int(k)].contains(key) {
            found += entitiesOf(Int(k))
        }
        return found.sorted()
    }

    /// Binary search in an ascending list.
    static func holds(_ list: ArraySlice<Int32>, _ k: Int32) -> Bool {
        var lo = list.startIndex, hi = list.endIndex
        while lo < hi {
            let mid = (lo + hi) / 2
            if list[mid] < k { lo = mid + 1 } else { hi = mid }
        }
        return lo < list.endIndex && list[lo] == k
    }

    /// The entities whose names are nearest to `key` by edit distance, at most `bound` edits away,
    /// nearest first (ties by entity index).
    func nearest(_ key: String, bound: Int, limit: Int, exactUpTo: Int = exactNearestLimit) -> [Int] {
        let length = key.unicodeScalars.count
        let comparable = (max(0, length - bound)...(length + bound)).reduce(0) { $0 + (keysOfLength[$1] ?? 0) }
        let candidates: [Int32]
        if comparable <= exactUpTo {
            candidates = keyLengths.indices.filter { abs(Int(keyLengths[$0]) - length) <= bound }.map(Int32.init)
        } else {
            var shared: [Int32: Int32] = [:]
            Self.forEachPair(key) { code in
                guard let p = pairOfCode[code] else { return }
                for k in keysOf(pair: p) where abs(Int(keyLengths[Int(k)]) - length) <= bound { shared[k, default: 0] += 1 }
            }
            candidates = shared.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(Self.shortlist).map(\.key)
        }
        var scored: [(entity: Int, distance: Int)] = []
        for k in candidates {
            let d = Suggest.distance(key, keys[Int(k)], limit: bound)
            if d <= bound { scored += entitiesOf(Int(k)).map { ($0, d) } }
        }
        return scored.sorted { ($0.distance, $0.entity) < ($1.distance, $1.entity) }.prefix(limit).map(\.entity)
    }
}
