/// Ultimate beneficial owners (受益所有人): the natural persons who hold `threshold` (25 % by
/// default, as in the PBoC rules in force since November 2024 and EU anti-money-laundering rules) or
/// more of an entity through every chain of holdings, plus the actual controller where that is a
/// person, whatever its share.
public enum BeneficialOwners {
    public static let defaultThreshold = 0.25

    public struct Owner: Sendable, Equatable {
        public var entity: Int
        /// Integrated ownership.
        public var share: Double
        /// Why: a share at or above the threshold, control, or both.
        public var byShare: Bool
        public var byControl: Bool
    }

    /// The beneficial owners of the entity an owners solution is for, largest share first.
    /// - Complexity: O(r log r) over the r owners in the solution.
    public static func find(
        _ net: OwnershipNetwork, owners: IntegratedOwnership.Solution, ultimate: Int?,
        threshold: Double = defaultThreshold
    ) -> [Owner] {
        let e = net.graph.entities
        var out: [Owner] = []
        for (v, share) in owners.shares where e.kind(v) == .person && share >= threshold - OwnershipNetwork.tolerance {
            out.append(Owner(entity: v, share: share, byShare: true, byControl: v == ultimate))
        }
        if let u = ultimate, e.kind(u) == .person, !out.contains(where: { $0.entity == u }) {
            out.append(Owner(entity: u, share: owners.shares[u] ?? 0, byShare: false, byControl: true))
        }
        return out.sorted { ($0.share, e.id($1.entity)) > ($1.share, e.id($0.entity)) }
    }
}
