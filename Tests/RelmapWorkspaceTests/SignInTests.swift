import Foundation
import GRDB
import Testing

@testable import RelmapWorkspace

/// Sign-in: the answers, and the limits per name and per address, on a clock the tests move.
@Suite struct SignInTests {
    let tmp: TemporaryWorkspace
    init() throws { tmp = try TemporaryWorkspace() }
    let pw = TemporaryWorkspace.password
    let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    @Test func theRightPasswordSignsInWhateverTheNamesCase() throws {
        let ws = try tmp.populated()
        let rm = try #require(try ws.user(named: "rm01"))
        #expect(try ws.logIn(name: " RM01 ", password: pw, address: "a", now: t0) == .success(rm))
    }

    @Test func aWrongPasswordIsRefused() throws {
        let ws = try tmp.populated()
        #expect(try ws.logIn(name: "rm01", password: pw + "!", address: "a", now: t0) == .wrongCredentials)
        #expect(try ws.logIn(name: "rm01", password: "", address: "a", now: t0) == .wrongCredentials)
    }

    @Test func anUnknownNameGetsTheSameAnswerAfterTheSameBcryptCheck() throws {
        let ws = try tmp.populated()
        #expect(ws.passwordChecks.value == 0)
        #expect(try ws.logIn(name: "rm01", password: "wrong one", address: "a", now: t0) == .wrongCredentials)
        #expect(ws.passwordChecks.value == 1)
        #expect(try ws.logIn(name: "ghost", password: "wrong one", address: "a", now: t0) == .wrongCredentials)
        #expect(ws.passwordChecks.value == 2)
        // The decoy has the workspace's cost, so both checks do the same work.
        #expect(Secrets.bcryptCost(of: ws.decoy.value) == ws.bcryptCost)
        // Unknown names count towards their own lock too, so the lock tells nothing either.
        for _ in 1..<Workspace.failuresPerName { _ = try ws.logIn(name: "ghost", password: "x", address: "b", now: t0) }
        guard case .locked = try ws.logIn(name: "ghost", password: "x", address: "c", now: t0) else {
            Issue.record("an unknown name was not locked like a known one")
            return
        }
    }

    @Test func failuresLockTheNameFromEveryAddressUntilTheWindowPasses() throws {
        let ws = try tmp.populated()
        let rm = try #require(try ws.user(named: "rm01"))
        for k in 0..<Workspace.failuresPerName {
            let at = t0.addingTimeInterval(Double(k) * 60)
            #expect(try ws.logIn(name: "rm01", password: "guess \(k)", address: "10.0.0.\(k)", now: at) == .wrongCredentials)
        }
        let checks = ws.passwordChecks.value
        // Locked even with the right password, from a new address; no bcrypt check is spent.
        let later = t0.addingTimeInterval(300)
        #expect(
            try ws.logIn(name: "rm01", password: pw, address: "10.9.9.9", now: later)
                == .locked(retryAfterSeconds: Int(Workspace.failureWindow) - 300))
        #expect(ws.passwordChecks.value == checks)
        // Other names are not affected.
        #expect(try ws.logIn(name: "lead", password: pw, address: "10.9.9.9", now: later) != .wrongCredentials)
        // The first failure leaves the window at t0 + 15 min: one slot frees, sign-in works.
        let free = t0.addingTimeInterval(Workspace.failureWindow + 1)
        #expect(try ws.logIn(name: "rm01", password: pw, address: "10.9.9.9", now: free) == .success(rm))
    }

    @Test func lockedAttemptsDoNotExtendTheLock() throws {
        let ws = try tmp.populated()
        for _ in 0..<Workspace.failuresPerName { _ = try ws.logIn(name: "rm01", password: "bad", address: "a", now: t0) }
        for minute in 1...14 {
            guard case .locked = try ws.logIn(name: "rm01", password: "bad", address: "a", now: t0.addingTimeInterval(Double(minute) * 60)) else {
                Issue.record("not locked at minute \(minute)")
                return
            }
        }
        #expect(try ws.logIn(name: "rm01", password: pw, address: "a", now: t0.addingTimeInterval(Workspace.failureWindow + 1)) != .wrongCredentials)
    }

    @Test func failuresFromOneAddressLockThatAddressForEveryName() throws {
        let ws = try tmp.populated()
        for k in 0..<Workspace.failuresPerAddress {
            #expect(try ws.logIn(name: "user\(k)", password: "bad guess", address: "203.0.113.7", now: t0) == .wrongCredentials)
        }
        #expect(
            try ws.logIn(name: "rm01", password: pw, address: "203.0.113.7", now: t0)
                == .locked(retryAfterSeconds: Int(Workspace.failureWindow)))
        // The same user from another address is fine: the name itself has no failures.
        #expect(try ws.logIn(name: "rm01", password: pw, address: "198.51.100.1", now: t0) != .wrongCredentials)
        guard
            case .success = try ws.logIn(name: "rm01", password: pw, address: "203.0.113.7", now: t0.addingTimeInterval(Workspace.failureWindow + 1))
        else {
            Issue.record("the address stayed locked after the window")
            return
        }
    }

    @Test func anIPv6ClientCountsByItsSlash64() throws {
        #expect(Workspace.addressKey("2001:db8:1:2:aaaa::1") == "2001:db8:1:2::/64")
        #expect(Workspace.addressKey("[2001:DB8:1:2:ffff:ffff:ffff:ffff]") == "2001:db8:1:2::/64")
        #expect(Workspace.addressKey("fe80::1%eth0") == "fe80:0:0:0::/64")
        #expect(Workspace.addressKey("::ffff:192.0.2.7") == "192.0.2.7")
        #expect(Workspace.addressKey("192.0.2.7") == "192.0.2.7")
        #expect(Workspace.addressKey("not an address") == "not an address")
        let ws = try tmp.populated()
        for k in 0..<Workspace.failuresPerAddress {
            _ = try ws.logIn(name: "user\(k)", password: "bad guess", address: "2001:db8:1:2::\(k + 1)", now: t0)
        }
        guard case .locked = try ws.logIn(name: "rm01", password: pw, address: "2001:db8:1:2::ffff", now: t0) else {
            Issue.record("a fresh address in the same /64 was not locked")
            return
        }
        guard case .success = try ws.logIn(name: "rm01", password: pw, address: "2001:db8:1:3::1", now: t0) else {
            Issue.record("another /64 was locked")
            return
        }
    }

    @Test func aSuccessClearsTheNamesFailures() throws {
        let ws = try tmp.populated()
        for _ in 1..<Workspace.failuresPerName { _ = try ws.logIn(name: "rm01", password: "bad", address: "a", now: t0) }
        guard case .success = try ws.logIn(name: "rm01", password: pw, address: "a", now: t0) else {
            Issue.record("refused")
            return
        }
        for _ in 1..<Workspace.failuresPerName {
            #expect(try ws.logIn(name: "rm01", password: "bad", address: "b", now: t0) == .wrongCredentials)
        }
        guard case .success = try ws.logIn(name: "rm01", password: pw, address: "b", now: t0) else {
            Issue.record("failures from before the success still counted")
            return
        }
    }

    @Test func concurrentGuessesCannotOutrunTheLimit() async throws {
        let ws = try tmp.populated()
        let start = t0
        let results = await withTaskGroup(of: LoginResult?.self) { group in
            for k in 0..<24 {
                group.addTask { try? ws.logIn(name: "rm01", password: "guess \(k)", address: "a\(k)", now: start) }
            }
            return await group.reduce(into: [LoginResult?]()) { $0.append($1) }
        }
        #expect(results.allSatisfy { $0 != nil })
        #expect(results.filter { $0 == .wrongCredentials }.count == Workspace.failuresPerName)
        #expect(ws.passwordChecks.value == Workspace.failuresPerName)
    }

    @Test func aHashOfALowerCostIsRemadeAtTheCurrentCostOnSignIn() throws {
        _ = try tmp.populated()
        let stronger = try tmp.open(cost: 5)
        let hashCost = { () throws -> UInt8? in
            try stronger.database.read { db in try String.fetchOne(db, sql: "SELECT passwordHash FROM user WHERE nameKey = 'rm01'") }.flatMap(
                Secrets.bcryptCost)
        }
        #expect(try hashCost() == 4)
        guard case .success = try stronger.logIn(name: "rm01", password: pw, address: "a", now: t0) else {
            Issue.record("refused")
            return
        }
        #expect(try hashCost() == 5)
        guard case .success = try stronger.logIn(name: "rm01", password: pw, address: "a", now: t0) else {
            Issue.record("refused after rehash")
            return
        }
    }
}
