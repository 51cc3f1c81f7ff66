import Foundation
import Testing

@testable import RelmapCore

@Suite struct TieDecayTests {
    let decay = TieDecay(asOf: Day(year: 2026, month: 12, day: 1)!)

    @Test func halvesPerHalfLife() {
        let today = decay.asOf.daysSince1970
        #expect(decay.factor(type: .knows, lastContact: today) == 1)
        #expect(abs(decay.factor(type: .knows, lastContact: today - 90) - 0.5) < 1e-12)
        #expect(abs(decay.factor(type: .knows, lastContact: today - 180) - 0.25) < 1e-12)
        #expect(abs(decay.factor(type: .refers, lastContact: today - 365) - 0.5) < 1e-12)
    }

    @Test func statesDoNotDecay() {
        let long = decay.asOf.daysSince1970 - 5000
        for type in [RelationType.supplies, .owns, .guarantees, .worksAt] {
            #expect(decay.factor(type: type, lastContact: long) == 1)
        }
    }

    @Test func unknownAgesAndFutureDatesKeepTheirStrength() {
        #expect(decay.factor(type: .knows, lastContact: Relations.noDate) == 1)
        #expect(decay.factor(type: .knows, lastContact: decay.asOf.daysSince1970 + 30) == 1)
        #expect(decay.age(lastContact: Relations.noDate) == nil)
    }

    @Test func weightsFileHalfLivesOverrideAndTurnOff() throws {
        let path = NSTemporaryDirectory() + "relmap-weights-\(UUID().uuidString).yaml"
        try "half_life_knows: 30\nhalf_life_member_of: 0\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let w = try RankingWeights.load(path: path)
        #expect(w.halfLives[.knows] == 30)
        #expect(w.halfLives[.memberOf] == nil)
        #expect(w.halfLives[.refers] == 365)
        #expect(RankingWeights().halfLives == TieDecay.defaultHalfLives)
    }

    @Test func aNegativeHalfLifeIsRefused() throws {
        let path = NSTemporaryDirectory() + "relmap-weights-\(UUID().uuidString).yaml"
        try "half_life_knows: -3\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(throws: RelmapError.self) { try RankingWeights.load(path: path) }
    }

    @Test func agesAreSaidAsPeopleSayThem() {
        #expect(Words.age(days: 0, .en) == "in contact today")
        #expect(Words.age(days: 12, .en) == "last contact 12 days ago")
        #expect(Words.age(days: 426, .en) == "last contact 14 months ago")
        #expect(Words.age(days: 426, .zh) == "上次接触 14 个月前")
        #expect(Words.age(days: 1000, .en) == "last contact 2.7 years ago")
    }
}
