/// How warmly the bank can be introduced to each entity: the strength of the warmest introduction
/// path from the bank's side over the social and referral relations (`knows`, `works_at`,
/// `refers`, `member_of`), a path's strength being the product of its ties' strengths.
///
/// It is the warm-path finder of `relmap chain` (`Paths/`) asked for every entity at once: the
/// same bank side (every client and every entity that has introduced someone), the same tie
/// strengths (`TieStrength`, table in Guides/Paths.md), relations walked both ways. A candidate
/// two warm ties away (a client's executive, 0.8, who knows the candidate, 0.6) scores 0.48; one
/// with no path scores 0.
public struct IntroductionAccess: Sendable {
    /// Best path strength per entity, 0 when unreachable.
    public let strength: [Double]
    let paths: WarmestPaths

    /// - Complexity: O(m) for the tie strengths (none when given), then O((n + m') log n) over the
    ///   m' social relations.
    /// - Parameter strengths: every relation's strength before aging, when the graph came with them.
    public init(_ graph: Graph, aging: TieAging? = nil, strengths: [Double]? = nil) {
        let finder = WarmPathFinder(graph: graph, types: .social, aging: aging, strengths: strengths)
        paths = finder.warmest(from: WarmPathFinder.bankSide(of: graph), via: .social)
        strength = (0..<graph.entityCount).map(paths.strength)
    }

    /// The best introduction path to `v`, from the bank's side to `v`; empty when none.
    public func path(to v: Int) -> [Int] { paths.path(to: v) }
}
