import Foundation
import Testing

@testable import RelmapCore

@Suite struct ClientHistoryTests {
    /// A chain of clients 0-1-2-...-9 and ten clients without client partners: the lone ones are
    /// founders (2012 to 2019); along the chain every client that is not a founder is won after a
    /// partner, so each has a partner won before it. Prospects get no day, former clients one.
    @Test func winsSpreadAlongTheChain() {
        var status = [EntityStatus](repeating: .client, count: 20)
        status += [.prospect, .otherBank, .former]
        let tieDay = Day(year: 2015, month: 1, day: 1)!.daysSince1970
        let ties = (0..<9).map { (UInt32($0), UInt32($0 + 1), tieDay) }
        let since = ClientHistory.clientSince(status: status, ties: ties, referralWins: [:], seed: 7)
        for c in 0..<20 {
            #expect(since[c] >= ClientHistory.start.daysSince1970 && since[c] <= ClientHistory.end.daysSince1970)
        }
        for c in 10..<20 { #expect(since[c] <= ClientHistory.foundingEnd.daysSince1970, "lone client \(c) is a founder") }
        for c in 0..<10 {
            let neighbours = [c - 1, c + 1].filter { (0..<10).contains($0) }
            let founder = since[c] <= ClientHistory.foundingEnd.daysSince1970
            #expect(founder || neighbours.contains { max(since[$0], tieDay) + 30 <= since[c] }, "client \(c) won after a partner and their tie")
        }
        #expect(since[20] == Relations.noDate && since[21] == Relations.noDate)
        #expect(since[22] != Relations.noDate && since[22] <= ClientHistory.end.daysSince1970 - 4 * 365)
        #expect(ClientHistory.clientSince(status: status, ties: ties, referralWins: [:], seed: 7) == since, "deterministic")
    }

    @Test func referralWinsOpenWeeksAfterTheReferral() {
        let status: [EntityStatus] = [.client, .client, .client]
        let referral = Day(year: 2021, month: 5, day: 1)!.daysSince1970
        let since = ClientHistory.clientSince(status: status, ties: [], referralWins: [1: referral], seed: 1)
        #expect(since[1] - referral >= 21 && since[1] - referral <= 70)
    }
}
