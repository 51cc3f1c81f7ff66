/// Who brought whom to the bank: referral trees, introducer scorecards, dormant introducers to
/// re-activate, chains per RM, and the anomalies found in the referral log.
///
/// Built from the `refers` relations (source introduced target; `date`, `outcome`). Rendered by
/// `markdown()`, `html()`, `csv(_:)` and JSON (the type is `Encodable`). See `Guides/Referrals.md`.
public struct ReferralReport: Sendable, Encodable {
    public struct Options: Sendable {
        /// Only chains touching this RM's book, and introducers referring into it or in it.
        public var rm: String?
        /// Only referrals dated on or after this day (undated referrals are left out and counted).
        public var since: Day?
        /// An introducer with a won referral and no referral for this many days is dormant.
        public var dormantDays: Int = 365
        /// "Today" for dormancy and future dates; fixed in tests and samples for stable output.
        public var asOf: Day = .today
        /// How many of the largest trees get a diagram in the HTML report.
        public var diagrams: Int = 6

        public init(rm: String? = nil, since: Day? = nil, dormantDays: Int = 365, asOf: Day = .today, diagrams: Int = 6) {
            self.rm = rm
            self.since = since
            self.dormantDays = dormantDays
            self.asOf = asOf
            self.diagrams = diagrams
        }
    }

    public struct Summary: Sendable, Encodable {
        public var asOf: String
        public var since: String?
        public var rm: String?
        public var dormantDays: Int
        public var referrals: Int
        public var introducers: Int
        public var won: Int
        public var pending: Int
        public var lost: Int
        public var noOutcome: Int
        /// won / referrals.
        public var conversionRate: Double
        /// Sum of `value` of entities won through referrals.
        public var valueWon: Double
        public var trees: Int
        public var deepestTree: Int
        public var largestTree: Int
        /// Referrals left out by `--since` because they carry no date.
        public var undatedExcluded: Int
    }

    /// One entity in a referral tree.
    public struct Member: Sendable, Encodable {
        public var id: String
        public var name: String
        /// Index of the parent in the tree's `members`; nil for the root.
        public var parent: Int?
        public var depth: Int
        /// Outcome of the referral that brought this member in ("" for the root).
        public var outcome: String
        public var date: String?
        public var status: String
        public var rm: String
        public var value: Double?
    }

    /// A root introducer and everyone downstream of it, following for each referred entity its
    /// first referral (earliest date).
    public struct Tree: Sendable, Encodable {
        public var root: String
        public var rootName: String
        /// Entities referred downstream of the root (the root not counted).
        public var size: Int
        /// Longest chain of introductions from the root, in referrals.
        public var depth: Int
        public var won: Int
        /// Sum of `value` of won entities downstream.
        public var valueBrought: Double
        /// RMs owning at least one member.
        public var rms: [String]
        /// Root first, then breadth-first; children in referral order.
        public var members: [Member]
    }

    /// An introducer's scorecard.
    public struct Introducer: Sendable, Encodable {
        public var id: String
        public var name: String
        public var kind: String
        public var status: String
        public var rm: String
        public var referred: Int
        public var won: Int
        public var pending: Int
        public var lost: Int
        public var noOutcome: Int
        /// won / referred.
        public var conversionRate: Double
        /// Sum of `value` of the entities this introducer brought in directly (won).
        public var valueBrought: Double
        /// Value won in the whole tree below this introducer (its own and its referrals' referrals).
        public var valueDownstream: Double
        public var lastReferral: String?
        /// Days since the last referral (as of the report date).
        public var daysSilent: Int?
    }

    /// A referral as written in the log, for anomaly lists and the CSV of referrals.
    public struct Referral: Sendable, Encodable {
        public var introducer: String
        public var introducerName: String
        public var referred: String
        public var referredName: String
        public var date: String?
        public var outcome: String
        public var value: Double?
        public var referredRM: String
    }

    public struct Anomalies: Sendable, Encodable {
        /// Referral cycles (A introduced B, B introduced A...), each as ids in referral order.
        public var cycles: [[String]]
        /// Referrals dated after the report date: probably a typo in the date.
        public var future: [Referral]
        /// Entities introduced by more than one introducer: the tree follows the first referral,
        /// the scorecards credit every introducer.
        public var multipleIntroducers: [[String]]
        /// Referrals without a date: counted, but they cannot show when an introducer was active.
        public var undated: Int
        /// Referrals to entities missing from the entity table cannot reach this report: the
        /// loader refuses them (`relmap validate` names file, line and id).
        public var unknownEntitiesNote: String
    }

    public struct RMChains: Sendable, Encodable {
        public var rm: String
        /// Clients in this RM's book that were won through referrals.
        public var wonInBook: Int
        public var valueInBook: Double
        /// Roots of the trees that touch this RM's book (indices into `trees` in JSON order).
        public var trees: [Int]
    }

    public var summary: Summary
    /// Largest first (size, then value brought).
    public var trees: [Tree]
    /// Most value brought first.
    public var introducers: [Introducer]
    /// Dormant introducers to re-activate, most value brought first. Judged on the whole history,
    /// not only the `--since` window.
    public var dormant: [Introducer]
    public var rms: [RMChains]
    public var anomalies: Anomalies
    /// Every referral counted, in log order.
    public var referrals: [Referral]
    /// How many of the largest trees get diagrams.
    public var diagramCount: Int

    enum CodingKeys: String, CodingKey {
        case summary, trees, introducers, dormant, rms, anomalies, referrals
    }

    /// Builds the report.
    /// - Complexity: O(n + m + R log R) for R referrals: one pass over relations, a sort of each
    ///   entity's incoming referrals by date, and linear walks over the referral forest.
    public init(graph: Graph, options: Options = Options()) {
        let e = graph.entities, rel = graph.relations
        let n = graph.entityCount
        let asOf = options.asOf.daysSince1970
        func day(_ d: Int32) -> String? { d == Relations.noDate ? nil : Day(daysSince1970: d).description }
        func value(_ i: Int) -> Double? { e.value(i) }

        // 1. The referrals in scope.
        var all: [Int] = []  // every refers relation (for dormancy: the whole history)
        var inScope: [Int] = []
        var undatedExcluded = 0
        for r in 0..<rel.count where rel.types[r] == .refers {
            all.append(r)
            if let since = options.since {
                if rel.dates[r] == Relations.noDate {
                    undatedExcluded += 1
                    continue
                }
                if rel.dates[r] < since.daysSince1970 { continue }
            }
            inScope.append(r)
        }
        func earlier(_ a: Int, _ b: Int) -> Bool {
            let da = rel.dates[a] == Relations.noDate ? Int32.max : rel.dates[a]
            let db = rel.dates[b] == Relations.noDate ? Int32.max : rel.dates[b]
            return (da, a) < (db, b)
        }

        // 2. Each referred entity's first referral is its tree edge.
        var parentEdge = [Int](repeating: -1, count: n)
        var introducersOf: [Int: [Int]] = [:]
        for r in inScope {
            let t = Int(rel.targets[r])
            if parentEdge[t] < 0 || earlier(r, parentEdge[t]) { parentEdge[t] = r }
            introducersOf[t, default: []].append(Int(rel.sources[r]))
        }
        // Self-referrals are cycles of one.
        var cycles: [[String]] = []
        for v in 0..<n where parentEdge[v] >= 0 && Int(rel.sources[parentEdge[v]]) == v {
            cycles.append([e.id(v)])
            parentEdge[v] = -1
        }

        // 3. Cycles in the parent pointers: report, and break each at its latest referral.
        var state = [UInt8](repeating: 0, count: n)  // 0 new, 1 on the current walk, 2 done
        for start in 0..<n where state[start] == 0 && parentEdge[start] >= 0 {
            var walk: [Int] = []
            var v = start
            while v >= 0 && state[v] == 0 {
                state[v] = 1
                walk.append(v)
                v = parentEdge[v] >= 0 ? Int(rel.sources[parentEdge[v]]) : -1
            }
            if v >= 0 && state[v] == 1 {
                let cycle = Array(walk[walk.firstIndex(of: v)!...])
                // In referral order: parent before child, i.e. reverse of the parent walk.
                cycles.append(cycle.reversed().map { e.id($0) })
                let latest = cycle.max { earlier(parentEdge[$0], parentEdge[$1]) }!
                parentEdge[latest] = -1
            }
            for w in walk { state[w] = 2 }
        }

        // 4. The forest.
        var childCount = [Int32](repeating: 0, count: n)
        for v in 0..<n where parentEdge[v] >= 0 { childCount[Int(rel.sources[parentEdge[v]])] += 1 }
        var childStart = [Int32](repeating: 0, count: n + 1)
        for v in 0..<n { childStart[v + 1] = childStart[v] + childCount[v] }
        var children = [Int32](repeating: 0, count: Int(childStart[n]))
        var cursor = childStart
        // Children in referral order (date, then log order).
        let treeEdges = (0..<n).filter { parentEdge[$0] >= 0 }.sorted { earlier(parentEdge[$0], parentEdge[$1]) }
        for v in treeEdges {
            let p = Int(rel.sources[parentEdge[v]])
            children[Int(cursor[p])] = Int32(v)
            cursor[p] += 1
        }
        // Value won below each node (post-order through the forest, iteratively).
        var downstream = [Double](repeating: 0, count: n)
        let isWon: (Int) -> Bool = { v in parentEdge[v] >= 0 && rel.outcomes[parentEdge[v]] == .won }

        var inBook: (Int) -> Bool = { _ in true }
        if let rm = options.rm { inBook = { e.rm($0) == rm } }

        var trees: [Tree] = []
        for root in 0..<n where parentEdge[root] < 0 && childCount[root] > 0 {
            var members: [Member] = [
                Member(
                    id: e.id(root), name: e.name(root), parent: nil, depth: 0, outcome: "",
                    date: nil, status: e.status(root).name, rm: e.rm(root), value: value(root))
            ]
            var order: [Int] = [root]
            var head = 0
            var depth = 0, won = 0
            var valueBrought = 0.0
            var rms = Set<String>()
            var touches = inBook(root)
            if !e.rm(root).isEmpty { rms.insert(e.rm(root)) }
            while head < order.count {
                let v = order[head]
                for c32 in children[Int(childStart[v])..<Int(childStart[v + 1])] {
                    let c = Int(c32)
                    let r = parentEdge[c]
                    let d = members[head].depth + 1
                    depth = max(depth, d)
                    if isWon(c) {
                        won += 1
                        valueBrought += value(c) ?? 0
                    }
                    if !e.rm(c).isEmpty { rms.insert(e.rm(c)) }
                    if inBook(c) { touches = true }
                    members.append(
                        Member(
                            id: e.id(c), name: e.name(c), parent: head, depth: d, outcome: rel.outcomes[r].name,
                            date: day(rel.dates[r]), status: e.status(c).name, rm: e.rm(c), value: value(c)))
                    order.append(c)
                }
                head += 1
            }
            for v in order.reversed() where parentEdge[v] >= 0 {
                downstream[Int(rel.sources[parentEdge[v]])] += downstream[v] + (isWon(v) ? value(v) ?? 0 : 0)
            }
            guard touches else { continue }
            trees.append(
                Tree(
                    root: e.id(root), rootName: e.name(root), size: members.count - 1, depth: depth, won: won,
                    valueBrought: valueBrought, rms: rms.sorted(), members: members))
        }
        trees.sort { ($0.size, $0.valueBrought, $1.root) > ($1.size, $1.valueBrought, $0.root) }

        // 5. Scorecards over every referral in scope (an entity referred twice credits both).
        struct Tally {
            var referred = 0, won = 0, pending = 0, lost = 0, none = 0
            var value = 0.0
            var last = Int32.min

            /// Counts one referral: its outcome, the value it brought, and its date if not later than `asOf`.
            mutating func count(_ outcome: ReferralOutcome, value brought: Double?, date: Int32, asOf: Int32) {
                referred += 1
                switch outcome {
                case .won:
                    won += 1
                    value += brought ?? 0
                case .pending: pending += 1
                case .lost: lost += 1
                case .none: none += 1
                }
                if date != Relations.noDate && date <= asOf { last = max(last, date) }
            }
        }
        var tally: [Int: Tally] = [:]
        var referrals: [Referral] = []
        var future: [Referral] = []
        var undated = 0
        for r in inScope {
            let s = Int(rel.sources[r]), t = Int(rel.targets[r])
            let referral = Referral(
                introducer: e.id(s), introducerName: e.name(s), referred: e.id(t), referredName: e.name(t),
                date: day(rel.dates[r]), outcome: rel.outcomes[r].name, value: value(t), referredRM: e.rm(t))
            guard inBook(s) || inBook(t) else { continue }
            if rel.dates[r] == Relations.noDate { undated += 1 } else if rel.dates[r] > asOf { future.append(referral) }
            referrals.append(referral)
            tally[s, default: Tally()].count(rel.outcomes[r], value: value(t), date: rel.dates[r], asOf: asOf)
        }
        func card(_ s: Int, _ x: Tally) -> Introducer {
            Introducer(
                id: e.id(s), name: e.name(s), kind: e.kind(s).name, status: e.status(s).name, rm: e.rm(s),
                referred: x.referred, won: x.won, pending: x.pending, lost: x.lost, noOutcome: x.none,
                conversionRate: x.referred > 0 ? Double(x.won) / Double(x.referred) : 0,
                valueBrought: x.value, valueDownstream: downstream[s],
                lastReferral: x.last == Int32.min ? nil : day(x.last),
                daysSilent: x.last == Int32.min ? nil : Int(asOf - x.last))
        }
        let introducers = tally.map { card($0.key, $0.value) }
            .sorted { ($0.valueBrought, $0.won, $0.referred, $1.id) > ($1.valueBrought, $1.won, $1.referred, $0.id) }

        // 6. Dormant: productive once (a won referral, ever) and silent for dormantDays, on the
        // whole history so that --since does not hide who went quiet.
        var history: [Int: Tally] = [:]
        for r in all {
            let s = Int(rel.sources[r]), t = Int(rel.targets[r])
            guard inBook(s) || inBook(t) else { continue }
            history[s, default: Tally()].count(rel.outcomes[r], value: value(t), date: rel.dates[r], asOf: asOf)
        }
        let dormant = history.filter { $0.value.won > 0 && $0.value.last != Int32.min && Int(asOf - $0.value.last) >= options.dormantDays }
            .map { card($0.key, $0.value) }
            .sorted { ($0.valueBrought, $0.won, $1.id) > ($1.valueBrought, $1.won, $0.id) }

        // 7. Per RM: the trees that touch each book.
        var byRM: [String: RMChains] = [:]
        for (k, tree) in trees.enumerated() {
            for rm in tree.rms where options.rm == nil || rm == options.rm {
                byRM[rm, default: RMChains(rm: rm, wonInBook: 0, valueInBook: 0, trees: [])].trees.append(k)
            }
            for m in tree.members where m.parent != nil && m.outcome == "won" && !m.rm.isEmpty && (options.rm == nil || m.rm == options.rm) {
                byRM[m.rm]!.wonInBook += 1
                byRM[m.rm]!.valueInBook += m.value ?? 0
            }
        }
        let rms = byRM.values.sorted { ($0.valueInBook, $0.trees.count, $1.rm) > ($1.valueInBook, $1.trees.count, $0.rm) }

        var multiple: [[String]] = []
        for (t, sources) in introducersOf where Set(sources).count > 1 {
            multiple.append([e.id(t)] + Set(sources).map { e.id($0) }.sorted())
        }
        multiple.sort { $0[0] < $1[0] }

        let won = referrals.filter { $0.outcome == "won" }
        summary = Summary(
            asOf: options.asOf.description, since: options.since?.description, rm: options.rm,
            dormantDays: options.dormantDays, referrals: referrals.count, introducers: introducers.count,
            won: won.count, pending: referrals.filter { $0.outcome == "pending" }.count,
            lost: referrals.filter { $0.outcome == "lost" }.count,
            noOutcome: referrals.filter { $0.outcome.isEmpty }.count,
            conversionRate: referrals.isEmpty ? 0 : Double(won.count) / Double(referrals.count),
            valueWon: won.reduce(0) { $0 + ($1.value ?? 0) }, trees: trees.count,
            deepestTree: trees.map(\.depth).max() ?? 0, largestTree: trees.first?.size ?? 0,
            undatedExcluded: undatedExcluded)
        self.trees = trees
        self.introducers = introducers
        self.dormant = dormant
        self.rms = rms
        anomalies = Anomalies(
            cycles: cycles, future: future, multipleIntroducers: multiple, undated: undated,
            unknownEntitiesNote:
                "referrals naming an entity missing from the entity table are refused when the graph is loaded; `relmap validate` lists each with its file and line"
        )
        self.referrals = referrals
        diagramCount = options.diagrams
    }
}
