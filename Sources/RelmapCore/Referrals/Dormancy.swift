/// Ties and introducers that have gone quiet, judged against their own rhythm.
///
/// A tie's contacts are its date in the files and every logged activity that met both ends; an
/// introducer's are the days of its referrals and every activity that met it. The usual gap is
/// the median gap between consecutive contacts. Something is dormant when its silence (days since
/// the last contact) is at least `factor` (8) times its usual gap, and at least `minimumSilence`
/// days: a tie met every month is dormant after eight silent months, a yearly one after eight
/// years. Ties that fall silent for eight times their usual gap seldom come back without a reason
/// to call (`Guides/Workspace.md`).
///
/// With a single contact there is no rhythm yet: the usual gap is taken as `defaultGap` (a
/// quarter, the rhythm most contact plans follow), so a tie met once is dormant after two years.
/// Undated ties without any logged contact have no age and are never called dormant.
public struct Dormancy: Sendable {
    public var asOf: Day
    public var factor = 8.0
    public var defaultGap = 90
    public var minimumSilence = 90

    public init(asOf: Day) { self.asOf = asOf }

    public struct Item: Sendable, Codable, Equatable {
        public enum Kind: String, Sendable, Codable { case tie, introducer }
        public var kind: Kind
        /// The entity to call: the introducer, or the tie's end outside the RM's book (the
        /// client's side when both are in it).
        public var entity: EntityRef
        /// The tie's other end (the RM's client or its person); nil for an introducer.
        public var via: EntityRef?
        /// The tie's type (`knows`, `refers`, `member_of`); `refers` for an introducer.
        public var type: String
        public var contacts: Int
        public var lastContact: Day
        public var usualGapDays: Int
        public var silentDays: Int
        /// The RMs whose books the tie or introducer touches.
        public var rms: [String]
        /// For an introducer: referrals and won ones, and the value won through them.
        public var referrals: Int
        public var won: Int
        public var valueWon: Double

        enum CodingKeys: String, CodingKey {
            case kind, entity, via, type, contacts, rms, referrals, won
            case lastContact = "last_contact", usualGapDays = "usual_gap_days", silentDays = "silent_days", valueWon = "value_won"
        }
    }

    /// What is dormant in the books of `rms` (nil: every book), introducers first (most value won
    /// first), then ties (longest silence relative to their rhythm first).
    /// - Complexity: O(n + m + contacts log contacts).
    public func find(
        in graph: Graph, contacts logged: [Int: [Int32]] = [:], types: Set<RelationType> = [.knows, .refers, .memberOf],
        rms: Set<String>? = nil
    ) -> [Item] {
        let e = graph.entities, rel = graph.relations
        // The book: clients of the RMs asked for, and the people who work at them.
        var owner = [String?](repeating: nil, count: graph.entityCount)
        for i in e.indices where e.statuses[i] == .client && !e.rm(i).isEmpty && (rms?.contains(e.rm(i)) ?? true) {
            owner[i] = e.rm(i)
        }
        for r in rel.indices where rel.types[r] == .worksAt {
            let person = Int(rel.sources[r]), company = Int(rel.targets[r])
            if owner[person] == nil, let rm = owner[company] { owner[person] = rm }
        }
        func days(_ r: Int) -> [Int32] {
            var d = logged[r] ?? []
            if rel.dates[r] != Relations.noDate { d.append(rel.dates[r]) }
            return Array(Set(d)).sorted()
        }
        var items: [Item] = []

        // Introducers: every referral's day, and the contacts logged on any of its ties.
        struct Introduced {
            var days: [Int32] = []
            var rms = Set<String>()
            var referrals = 0
            var won = 0
            var value = 0.0
        }
        var introducers: [Int: Introduced] = [:]
        // Judged on the whole history, so that a referral into another book counts as a sign of
        // life; listed for the books it touched.
        for r in rel.indices where rel.types[r] == .refers {
            let s = Int(rel.sources[r]), t = Int(rel.targets[r])
            var x = introducers[s] ?? Introduced()
            x.days += days(r)
            x.rms.formUnion([owner[s], owner[t]].compactMap { $0 })
            x.referrals += 1
            if rel.outcomes[r] == .won {
                x.won += 1
                x.value += e.value(t) ?? 0
            }
            introducers[s] = x
        }
        introducers = introducers.filter { !$0.value.rms.isEmpty }
        for (s, x) in introducers {
            var all = x.days
            graph.forEachNeighbor(of: s) { _, r in all += logged[r] ?? [] }
            if let item = judge(Array(Set(all)).sorted()) {
                items.append(
                    Item(
                        kind: .introducer, entity: EntityRef(graph, s), via: nil, type: RelationType.refers.name,
                        contacts: item.contacts, lastContact: item.last, usualGapDays: item.gap, silentDays: item.silent,
                        rms: x.rms.sorted(), referrals: x.referrals, won: x.won, valueWon: x.value))
            }
        }

        // Ties of the book.
        for r in rel.indices where types.contains(rel.types[r]) && rel.types[r] != .refers {
            let s = Int(rel.sources[r]), t = Int(rel.targets[r])
            let books = Set([owner[s], owner[t]].compactMap { $0 })
            guard !books.isEmpty, let item = judge(days(r)) else { continue }
            // Call the end outside the book; when both are inside, the source.
            let (call, via) = owner[s] == nil ? (s, t) : (owner[t] == nil ? (t, s) : (s, t))
            items.append(
                Item(
                    kind: .tie, entity: EntityRef(graph, call), via: EntityRef(graph, via), type: rel.types[r].name,
                    contacts: item.contacts, lastContact: item.last, usualGapDays: item.gap, silentDays: item.silent,
                    rms: books.sorted(), referrals: 0, won: 0, valueWon: 0))
        }
        return items.sorted { a, b in
            if a.kind != b.kind { return a.kind == .introducer }
            if a.valueWon != b.valueWon { return a.valueWon > b.valueWon }
            let ra = Double(a.silentDays) / Double(max(1, a.usualGapDays)), rb = Double(b.silentDays) / Double(max(1, b.usualGapDays))
            if ra != rb { return ra > rb }
            return (a.entity.id, a.via?.id ?? "") < (b.entity.id, b.via?.id ?? "")
        }
    }

    /// Whether contacts on these days (ascending, distinct) end in a dormant silence.
    func judge(_ days: [Int32]) -> (contacts: Int, last: Day, gap: Int, silent: Int)? {
        guard let last = days.last else { return nil }
        let silent = Int(asOf.daysSince1970) - Int(last)
        let gaps = zip(days.dropFirst(), days).map { Int($0) - Int($1) }.sorted()
        let gap =
            gaps.isEmpty ? defaultGap : max(1, gaps.count % 2 == 1 ? gaps[gaps.count / 2] : (gaps[gaps.count / 2 - 1] + gaps[gaps.count / 2]) / 2)
        guard silent >= minimumSilence, Double(silent) >= factor * Double(gap) else { return nil }
        return (days.count, Day(daysSince1970: last), gap, silent)
    }
}
