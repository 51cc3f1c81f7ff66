import Foundation
import Testing
@testable import RelmapCore

@Suite struct ClientHistoryTests {
    /// Clients tied to an early client are won sooner than clients with no chain partner, every
    /// client and former client gets a day in the documented window, and nobody else gets one.
    @Test func winsSpreadAlongTheChain() {
        // Company 0 is a hub tied to clients 1...60; clients 61...120 trade with no client.
        var status = [EntityStatus](repeating: .client, count: 121)
        status += [.prospect, .otherBank, .former]
        let ties = (1...60).map { (UInt32(0), UInt32($0)) }
        let since = ClientHistory.clientSince(status: status, ties: ties, referralWins: [:], seed: 7)
        for c in 0..<121 {
            #expect(since[c] >= ClientHistory.start.daysSince1970 && since[c] <= ClientHistory.end.daysSince1970)
        }
        #expect(since[121] == Relations.noDate && since[122] == Relations.noDate)
        #expect(since[123] != Relations.noDate && since[123] < ClientHistory.end.daysSince1970 - 4 * 365 + 1)
        #expect(Set(since[0..<121]).count > 110, "wins spread over the window")
        func mean(_ r: ClosedRange<Int>) -> Double { Double(r.reduce(0) { $0 + Int(since[$1]) }) / Double(r.count) }
        let hub = since[0]
        let tiedAfterHub = (1...60).filter { since[$0] > hub }
        let loneAfterHub = (61...120).filter { since[$0] > hub }
        let tiedMean = Double(tiedAfterHub.reduce(0) { $0 + Int(since[$1]) }) / Double(max(1, tiedAfterHub.count))
        let loneMean = Double(loneAfterHub.reduce(0) { $0 + Int(since[$1]) }) / Double(max(1, loneAfterHub.count))
        #expect(tiedMean < loneMean - 365, "tied \(tiedMean) lone \(loneMean)")
        #expect(mean(1...120) > 0)
    }

    @Test func referralWinsOpenWeeksAfterTheReferral() {
        let status: [EntityStatus] = [.client, .client, .client]
        let referral = Day(year: 2021, month: 5, day: 1)!.daysSince1970
        let since = ClientHistory.clientSince(status: status, ties: [], referralWins: [1: referral], seed: 1)
        #expect(since[1] - referral >= 21 && since[1] - referral <= 70)
    }

    @Test func fenwickSamplesByOdds() {
        var t = FenwickTree(count: 5, value: 1)
        t.add(2, 3)   // odds 1 1 4 1 1
        #expect(t.total == 8)
        #expect(t.find(0.5) == 0 && t.find(1.5) == 1 && t.find(2.0) == 2 && t.find(5.9) == 2 && t.find(6.1) == 3 && t.find(7.9) == 4)
        t.add(2, -4)
        #expect(t.find(2.5) == 3)
    }
}
