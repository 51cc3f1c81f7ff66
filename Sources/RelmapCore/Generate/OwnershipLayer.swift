/// The ownership layer of a generated world: groups (集团) under a holding company, each held by
/// one or more natural persons, with chains of subsidiaries 1 to 6 deep, relative control (30 to
/// 50 % with an outside co-holder), minority stakes, and some cross-holdings (a subsidiary holding
/// a little of an entity above it).
///
/// The layer is consistent by construction, as a real register is: no company's direct holders add
/// up to more than 100 %, every cross-holding has an outside holder (the top is held by persons), and
/// no two entities control each other. It draws from its own random stream, so the rest of the
/// world is the same with or without it.
struct OwnershipLayer {
    /// Share of each company already held (by the world's earlier `owns` relations), by company.
    var held: [Double]
    let persons: Range<Int>
    var rng: SplitMix64
    /// Companies already placed in a group (as top or subsidiary).
    private var taken: [Bool]

    init(held: [Double], persons: Range<Int>, seed: UInt64) {
        self.held = held
        self.persons = persons
        rng = SplitMix64(seed: seed ^ 0x4F57_4E45_5253_4850)
        taken = [Bool](repeating: false, count: held.count)
    }

    /// A share in [lo, hi], rounded to 0.1 %.
    private mutating func share(_ lo: Double, _ hi: Double) -> Double {
        ((lo + (hi - lo) * rng.uniform()) * 1000).rounded() / 1000
    }

    /// A company nobody holds yet and in no group; nil after a few misses (the world is full).
    private mutating func freshCompany() -> Int? {
        for _ in 0..<16 {
            let c = Int(rng.next() % UInt64(held.count))
            if !taken[c] && held[c] == 0 {
                taken[c] = true
                return c
            }
        }
        return nil
    }

    /// Writes the layer's `owns` relations through `write(holder, held, share)`; returns how many.
    /// - Complexity: O(companies): about one group per 60 companies, up to 40 members each.
    mutating func write(_ write: (Int, Int, Double) -> Void) -> Int {
        let companies = held.count
        var count = 0
        func own(_ a: Int, _ b: Int, _ s: Double, _ layer: inout OwnershipLayer) {
            guard s > 0 else { return }
            write(a, b, s)
            if b < companies { layer.held[b] += s }
            count += 1
        }
        let groups = companies / 60
        for _ in 0..<groups {
            guard let top = freshCompany() else { break }
            // The top: a founder with a majority (70 %), a relative majority beside a partner (20 %),
            // or several small holders and no controller (10 %, the top then controls the group).
            let kind = rng.uniform()
            let founder = persons.lowerBound + Int(rng.next() % UInt64(persons.count))
            var partner = persons.lowerBound + Int(rng.next() % UInt64(persons.count))
            if partner == founder { partner = persons.lowerBound + (founder - persons.lowerBound + 1) % persons.count }
            if kind < 0.7 {
                let s = share(0.51, 1.0)
                own(founder, top, s, &self)
                if s < 0.95 { own(partner, top, ((1 - s) * 1000).rounded(.down) / 1000, &self) }
            } else if kind < 0.9 {
                let s = share(0.3, 0.45)
                own(founder, top, s, &self)
                own(partner, top, share(0.1, min(0.25, s - 0.05)), &self)
            } else {
                own(founder, top, share(0.1, 0.25), &self)
                own(partner, top, share(0.1, 0.25), &self)
            }
            // Chains of subsidiaries, level by level.
            let depth = 1 + Int(rng.next() % 6)
            var members = [top]
            var level = [top]
            for _ in 0..<depth {
                var next: [Int] = []
                for parent in level where members.count < 40 {
                    for _ in 0..<(1 + Int(rng.next() % 2) + (rng.uniform() < 0.15 ? 1 : 0)) {
                        guard let child = freshCompany() else { break }
                        let r = rng.uniform()
                        if r < 0.65 {
                            own(parent, child, share(0.51, 1.0), &self)
                        } else if r < 0.9 {
                            // Relative control beside a minority co-holder from outside the group.
                            own(parent, child, share(0.3, 0.5), &self)
                            let outside = Int(rng.next() % UInt64(companies))
                            if outside != child && !members.contains(outside) { own(outside, child, share(0.05, 0.2), &self) }
                        } else {
                            own(parent, child, share(0.05, 0.29), &self)
                        }
                        members.append(child)
                        next.append(child)
                    }
                }
                if next.isEmpty { break }
                level = next
            }
            // A cross-holding: a member low in the group takes a small stake in one above it, within
            // what is left of that one's capital.
            if members.count >= 3 && rng.uniform() < 0.15 {
                let low = members[members.count - 1 - Int(rng.next() % UInt64(members.count / 2))]
                let high = members[Int(rng.next() % UInt64(max(1, members.count / 3)))]
                let room = 1 - held[high]
                if low != high && room > 0.03 { own(low, high, share(0.01, min(0.1, room - 0.01)), &self) }
            }
        }
        return count
    }
}
