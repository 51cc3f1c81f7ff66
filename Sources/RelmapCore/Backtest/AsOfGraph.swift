/// The graph as the bank knew it on a past day, and who became a client after it: the two halves
/// of a backtest (Guides/Backtest.md).
///
/// On `day`:
/// - relations dated after `day` are left out; a relation without `date` but with a `first_date`
///   (a relation `relmap mine` made from payments) is dated by it; undated relations are kept
///   (nothing says they are new, and the backtest counts how many of them touch a later win:
///   possible leakage);
/// - an entity whose `client_since` is after `day` (a client today, or a former client) was a
///   candidate then and is a `prospect`;
/// - a referral dated on or before `day` whose target was won after it is `pending`: that it was
///   `won` was not known yet;
/// - clients without `client_since` count as clients on `day` (and never as wins): the backtest
///   says how many.
/// The wins are the companies that became clients after `day` (and on or before `until`, when
/// given): what the ranking on `day` should have found.
public struct AsOfGraph: Sendable {
    public let graph: Graph
    public let day: Day
    public let until: Day?
    /// Entities won in (day, until], ascending index; companies and others alike.
    public let wonAfter: [Int]
    /// Relations dated after `day`, left out.
    public let relationsLeftOut: Int
    /// `refers` relations whose `won` outcome was not yet known on `day`.
    public let outcomesHidden: Int
    /// Clients on `day` whose `client_since` is missing.
    public let clientsWithoutDate: Int
    /// Undated `supplies` relations that touch an entity won after `day`: if they were mined from
    /// payments after the win, they exist because of it.
    public let undatedTiesToWins: Int

    /// - Throws: `RelmapError.unanswerable` when no entity has a `client_since`, when `day` is before
    ///   the earliest `client_since` or no client existed on it, or when nobody was won after it.
    /// - Complexity: O(n + m) to filter, plus building the adjacency of the kept relations.
    public init(_ graph: Graph, day: Day, until: Day? = nil, language: Language = .en) throws {
        let text = BacktestText(language)
        let e = graph.entities, r = graph.relations
        let dated = e.indices.filter { e.clientSince[$0] != Relations.noDate }
        guard !dated.isEmpty else { throw RelmapError.unanswerable(text.noClientSince) }
        let cutoff = day.daysSince1970, end = until?.daysSince1970 ?? Int32.max
        var statuses = e.statuses
        var won: [Int] = []
        var isLaterClient = [Bool](repeating: false, count: e.count)
        for i in dated where e.clientSince[i] > cutoff && (statuses[i] == .client || statuses[i] == .former) {
            statuses[i] = .prospect
            isLaterClient[i] = true
            if e.clientSince[i] <= end { won.append(i) }
        }
        let clientsThen = statuses.reduce(0) { $0 + ($1 == .client ? 1 : 0) }
        let earliest = dated.map { e.clientSince[$0] }.min()!, latest = dated.map { e.clientSince[$0] }.max()!
        // Before the first recorded win the history says nothing (clients without a date would
        // be the only seeds, on a day the data cannot speak for).
        guard clientsThen > 0 && cutoff >= earliest else {
            throw RelmapError.unanswerable(text.beforeEveryRecord(day, earliest: Day(daysSince1970: earliest)))
        }
        guard !won.isEmpty else {
            throw RelmapError.unanswerable(text.noWinsAfter(day, until: until, latest: Day(daysSince1970: latest)))
        }
        var keep: [UInt32] = []
        keep.reserveCapacity(r.count)
        var undatedToWins = 0
        // Relations mined from payments carry the first payment's day as `first_date`
        // (`relmap mine`) and no `date`: that day is when the bank could first have seen them.
        let firstDates = r.extra.first { $0.name == "first_date" }?.values
        for k in r.indices {
            var d = r.dates[k]
            if d == Relations.noDate, let firstDates, !firstDates.isEmpty(k),
                let first = firstDates.withBytes(k, { ValueParsing.parseDay(bytes: $0) })
            {
                d = first.daysSince1970
            }
            if d == Relations.noDate {
                if r.types[k] == .supplies && (isLaterClient[Int(r.sources[k])] || isLaterClient[Int(r.targets[k])]) { undatedToWins += 1 }
                keep.append(UInt32(k))
            } else if d <= cutoff {
                keep.append(UInt32(k))
            }
        }
        var relations = keep.count == r.count ? r : r.permuted(keep)
        var hidden = 0
        for k in relations.indices
        where relations.types[k] == .refers && relations.outcomes[k] == .won
            && isLaterClient[Int(relations.targets[k])]
        {
            relations.outcomes[k] = .pending
            hidden += 1
        }
        var entities = e
        entities.statuses = statuses
        let adjacency = GraphBuilder.Adjacency(sources: relations.sources, targets: relations.targets, entityCount: e.count)
        self.graph = Graph(
            entities: entities, relations: relations, outOffsets: adjacency.outOffsets,
            inOffsets: adjacency.inOffsets, inRelations: adjacency.inRelations, idIndex: graph.idIndex)
        self.day = day
        self.until = until
        wonAfter = won
        relationsLeftOut = r.count - keep.count
        outcomesHidden = hidden
        clientsWithoutDate = e.indices.reduce(0) { $0 + (statuses[$1] == .client && e.clientSince[$1] == Relations.noDate ? 1 : 0) }
        undatedTiesToWins = undatedToWins
    }
}
