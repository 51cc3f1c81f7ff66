/// Integrated ownership (股权穿透): the share of `b` that `a` holds directly and through every chain
/// of holdings, chains round cross-holdings included, `U = (I − W)⁻¹ W = W + W² + W³ + …`.
///
/// One column of `U` (who owns `b`) or one row (what `a` owns) is solved at a time, over the
/// entities that reach `b` (or that `a` reaches) only; no matrix is built. The column satisfies
/// `u_a = Σ_c W[a][c] (δ_cb + u_c)`: a holder's share is its direct share plus its share through
/// each holding. Entities are taken component by component in the order the network precomputed,
/// so every dependency is final before it is read: an acyclic chain is exact in one pass. Inside a
/// cross-holding (a component of several entities) Gauss-Seidel sweeps repeat until the change
/// bounds the remaining error below `1e-13`; the error shrinks by the cycle's share product each
/// sweep, so a few dozen sweeps suffice for real cross-holdings.
///
/// The diagonal `U[b][b]`, what `b` holds of itself round a cross-holding, is reported apart
/// (`selfShare`), not as an owner.
public enum IntegratedOwnership {
    /// Which way to solve.
    public enum Direction: Sendable {
        /// Who holds the entity (a column of U).
        case owners
        /// What the entity holds (a row of U).
        case holdings
    }

    /// One solved row or column.
    public struct Solution: Sendable {
        public let entity: Int
        public let direction: Direction
        /// Integrated share by entity, for every entity with a share above 0 (not the entity itself).
        public let shares: [Int: Double]
        /// `U[b][b]`: the entity's share in itself through cross-holdings (0 without).
        public let selfShare: Double
        /// False when a cross-holding did not settle within the sweep limit (shares then are lower
        /// bounds); `maxSweeps` says how many were made.
        public let converged: Bool
        public let maxSweeps: Int
    }

    /// The most sweeps spent on one cross-holding before giving up (then `converged` is false).
    public static let sweepLimit = 100_000

    /// Solves one column (`.owners`) or row (`.holdings`) of U for `entity`.
    /// - Complexity: O(r log r + s·k_r) for the r entities reached and their k_r holdings, s the
    ///   sweeps of the slowest cross-holding (1 without).
    public static func solve(_ net: OwnershipNetwork, from entity: Int, _ direction: Direction) -> Solution {
        // Reach: the entities that hold `entity` (owners) or that it holds (holdings).
        let (reachOffsets, reachNext) = direction == .owners ? (net.upOffsets, net.upHolder) : (net.downOffsets, net.downHeld)
        var seen: Set<Int> = [entity]
        var reached: [Int] = []
        var queue = [entity]
        var head = 0
        var containsSelf = false
        while head < queue.count {
            let v = queue[head]
            head += 1
            for e in Int(reachOffsets[v])..<Int(reachOffsets[v + 1]) {
                let w = Int(reachNext[e])
                if w == entity { containsSelf = true }
                if seen.insert(w).inserted {
                    reached.append(w)
                    queue.append(w)
                }
            }
        }
        if containsSelf { reached.append(entity) }
        // Dependencies first: for owners a holder depends on its holdings (lower components);
        // for holdings an entity depends on its holders (higher components).
        let comp = net.component
        if direction == .owners {
            reached.sort { (comp[$0], $0) < (comp[$1], $1) }
        } else {
            reached.sort { (comp[$0], $0) > (comp[$1], $1) }
        }
        // Dependencies: for owners the holdings of a (down edges), for holdings the holders (up).
        let (depOffsets, depNext, depShare) =
            direction == .owners
            ? (net.downOffsets, net.downHeld, net.downSolveShare)
            : (net.upOffsets, net.upHolder, net.upSolveShare)
        var value: [Int: Double] = [:]
        value.reserveCapacity(reached.count)
        @inline(__always) func evaluate(_ v: Int) -> Double {
            var x = 0.0
            for e in Int(depOffsets[v])..<Int(depOffsets[v + 1]) {
                let share = depShare[e]
                guard share > 0 else { continue }
                let d = Int(depNext[e])
                x += share * ((d == entity ? 1 : 0) + (value[d] ?? 0))
            }
            return x
        }
        var converged = true, maxSweeps = 1
        var i = 0
        while i < reached.count {
            let c = comp[reached[i]]
            var j = i + 1
            while j < reached.count && comp[reached[j]] == c { j += 1 }
            if j == i + 1 && !net.inCycle[reached[i]] {
                value[reached[i]] = evaluate(reached[i])
            } else {
                let (ok, sweeps) = settle(reached[i..<j]) { v in
                    evaluate(v)
                } read: {
                    value[$0] ?? 0
                } write: {
                    value[$0] = $1
                }
                converged = converged && ok
                maxSweeps = max(maxSweeps, sweeps)
            }
            i = j
        }
        let selfShare = value.removeValue(forKey: entity) ?? 0
        return Solution(
            entity: entity, direction: direction, shares: value.filter { $0.value > 0 },
            selfShare: selfShare, converged: converged, maxSweeps: maxSweeps)
    }

    /// Gauss-Seidel over one cross-holding until the remaining error, bounded by
    /// `change · ρ / (1 − ρ)` with ρ the observed contraction per sweep, is below 1e-13.
    private static func settle(
        _ members: ArraySlice<Int>, _ evaluate: (Int) -> Double,
        read: (Int) -> Double, write: (Int, Double) -> Void
    ) -> (converged: Bool, sweeps: Int) {
        var previous = Double.infinity
        for sweep in 1...sweepLimit {
            var change = 0.0, scale = 0.0
            for v in members {
                let x = evaluate(v)
                change = max(change, abs(x - read(v)))
                scale = max(scale, abs(x))
                write(v, x)
            }
            if change == 0 { return (true, sweep) }
            let rho = previous.isFinite && previous > 0 ? change / previous : 1
            previous = change
            if rho < 1 && change * rho / (1 - rho) <= 1e-13 * max(1, scale) { return (true, sweep) }
        }
        return (false, sweepLimit)
    }

    /// Simple chains (no entity twice) that explain shares: for `.owners` each chain runs from a
    /// holder down to `entity`, for `.holdings` from `entity` down to a holding. At most
    /// `perEntity` chains per end entity, strongest (largest product of shares) first; chains
    /// whose product falls below `floor` are not followed, and at most `budget` steps are taken,
    /// so a dense cross-holding cannot make this slow. Shares that come round a cross-holding are
    /// in the integrated share but in no simple chain.
    /// - Complexity: O(budget) at most.
    public static func chains(
        _ net: OwnershipNetwork, from entity: Int, _ direction: Direction, floor: Double,
        perEntity: Int = 3, budget: Int = 200_000
    ) -> [Int: [OwnershipChain]] {
        let (offsets, next, shares) =
            direction == .owners
            ? (net.upOffsets, net.upHolder, net.upShare)
            : (net.downOffsets, net.downHeld, net.downShare)
        var found: [Int: [OwnershipChain]] = [:]
        var path = [entity]
        var onPath: Set<Int> = [entity]
        var steps = 0
        func walk(_ v: Int, _ product: Double) {
            for e in Int(offsets[v])..<Int(offsets[v + 1]) {
                guard steps < budget else { return }
                steps += 1
                let w = Int(next[e]), p = product * shares[e]
                guard p >= floor, !onPath.contains(w) else { continue }
                path.append(w)
                onPath.insert(w)
                let ids = direction == .owners ? Array(path.reversed()) : path
                var list = found[w, default: []]
                list.append(OwnershipChain(entities: ids, share: p))
                list.sort { $0.share > $1.share }
                if list.count > perEntity { list.removeLast() }
                found[w] = list
                walk(w, p)
                path.removeLast()
                onPath.remove(w)
            }
        }
        walk(entity, 1)
        return found
    }
}

/// One chain of holdings, top holder first, and the product of its shares.
public struct OwnershipChain: Sendable, Equatable {
    public var entities: [Int]
    public var share: Double
}
