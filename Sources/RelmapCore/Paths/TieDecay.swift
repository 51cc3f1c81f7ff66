import Foundation

/// How a tie cools when nobody tends it: strength × 2^(−age / half-life), where age is the days
/// since the tie's last contact (the relation's date, or the latest logged activity that met both
/// ends) and the half-life is the relation type's. `Guides/Paths.md` says why each half-life.
///
/// Only ties that live by contact decay. A supplier relation, a shareholding, a guarantee or a
/// job is a state: it holds until the files say otherwise, and its date is when it began, not
/// when anyone last spoke. A relation without a date and without a logged activity keeps its
/// strength: its age is unknown, and guessing "old" would punish every bank whose export leaves
/// dates out.
public struct TieDecay: Sendable, Equatable {
    /// The day ages are counted to (today, or `--as-of`).
    public var asOf: Day
    /// Days after which an untended tie keeps half its strength; nil: the type does not decay.
    public var halfLives: [RelationType: Double] {
        didSet { halfLifeByType = Self.table(halfLives) }
    }
    /// `halfLives` by raw value (0: no decay): `factor` runs once per relation, millions of times
    /// per ranking, where a dictionary lookup per call hashed every relation.
    private var halfLifeByType: [Double]

    private static func table(_ halfLives: [RelationType: Double]) -> [Double] {
        var t = [Double](repeating: 0, count: RelationType.allCases.count)
        for (type, days) in halfLives { t[Int(type.rawValue)] = days }
        return t
    }

    /// `knows` 90 days: an acquaintance not seen for a season needs a reason to call again.
    /// `refers` 365 days: an introducer's goodwill outlasts a casual acquaintance, but a referral
    /// two years old is a story, not an open door. `member_of` 730 days: a chamber or association
    /// membership is long-standing, and the contact it gives fades slowly.
    public static let defaultHalfLives: [RelationType: Double] = [.knows: 90, .refers: 365, .memberOf: 730]

    public init(asOf: Day, halfLives: [RelationType: Double] = TieDecay.defaultHalfLives) {
        self.asOf = asOf
        self.halfLives = halfLives
        halfLifeByType = Self.table(halfLives)
    }

    /// The factor in (0, 1] for a tie of `type` last in contact on `lastContact` (days since 1970,
    /// `Relations.noDate` for unknown). A contact after `asOf` (a date in the future, or a
    /// backtest's later evidence) counts as today: factor 1.
    @inline(__always)
    public func factor(type: RelationType, lastContact: Int32) -> Double {
        guard lastContact != Relations.noDate else { return 1 }
        let halfLife = halfLifeByType[Int(type.rawValue)]
        guard halfLife > 0 else { return 1 }
        let age = Double(max(0, asOf.daysSince1970 - lastContact))
        return exp2(-age / halfLife)
    }

    /// Age in whole days since the last contact, nil when unknown.
    public func age(lastContact: Int32) -> Int? {
        lastContact == Relations.noDate ? nil : max(0, Int(asOf.daysSince1970 - lastContact))
    }
}

/// Decay with the dates it ages: one `lastContact` per relation of the graph it was made for.
public struct TieAging: Sendable {
    public let decay: TieDecay
    /// Days since 1970 per relation; `Relations.noDate` when unknown.
    public let lastContact: [Int32]

    public init(decay: TieDecay, lastContact: [Int32]) {
        self.decay = decay
        self.lastContact = lastContact
    }

    /// Aging by the relations' own dates alone (no workspace).
    public init(decay: TieDecay, graph: Graph) {
        self.init(decay: decay, lastContact: graph.relations.dates)
    }

    @inline(__always)
    public func factor(_ r: Int, type: RelationType) -> Double {
        decay.factor(type: type, lastContact: lastContact[r])
    }
}
