import Foundation
import GRDB
import Testing

@testable import RelmapWorkspace

/// Users: the rules for names, passwords and roles, and what removing or re-passwording does.
@Suite struct AccountTests {
    let tmp: TemporaryWorkspace
    init() throws { tmp = try TemporaryWorkspace() }
    let pw = TemporaryWorkspace.password

    @Test func namesAreTrimmedNormalisedAndUniqueWhateverTheirCase() throws {
        let ws = try tmp.open()
        let added = try ws.addUser(name: "  Wang Fang ", role: .rm, rm: " RM07 ", team: [], password: pw)
        #expect(added.name == "Wang Fang")
        #expect(added.rm == "RM07")
        #expect(try ws.user(named: "wang fang") == added)
        #expect(
            workspaceError { _ = try ws.addUser(name: "WANG FANG", role: .rm, rm: "RM08", team: [], password: pw) } == .duplicateUser("WANG FANG"))
        // "é" typed as one scalar or as e + combining accent is one name.
        _ = try ws.addUser(name: "Ren\u{E9}", role: .rm, rm: "RM09", team: [], password: pw)
        #expect(try ws.user(named: "Rene\u{301}")?.rm == "RM09")
        _ = try ws.addUser(name: "张伟", role: .rm, rm: "RM10", team: [], password: pw)
        #expect(try ws.user(named: "张伟")?.rm == "RM10")
    }

    @Test(arguments: ["", "   ", String(repeating: "a", count: 65), "tab\there", "zero\u{200B}width", "new\nline", "rtl\u{202E}name"])
    func badNamesAreRefused(name: String) throws {
        let ws = try tmp.open()
        #expect(workspaceError { _ = try ws.addUser(name: name, role: .rm, rm: "RM01", team: [], password: pw) } == .invalidName(name))
        #expect(try ws.users().isEmpty)
    }

    @Test func aNameOfSixtyFourCharactersIsFine() throws {
        let ws = try tmp.open()
        _ = try ws.addUser(name: String(repeating: "名", count: 64), role: .rm, rm: "RM01", team: [], password: pw)
    }

    @Test func passwordRules() throws {
        let ws = try tmp.open()
        func add(_ password: String) -> WorkspaceError? {
            workspaceError { _ = try ws.addUser(name: "u\(UUID().uuidString.prefix(8))", role: .rm, rm: "RM01", team: [], password: password) }
        }
        #expect(add("seven77") == .weakPassword)
        #expect(add("eight888") == nil)
        #expect(add("密码密码密码密码") == nil)  // 8 characters, 24 bytes
        #expect(add(String(repeating: "x", count: 72)) == nil)
        #expect(add(String(repeating: "x", count: 73)) == .passwordTooLong)
        #expect(add(String(repeating: "密", count: 25)) == .passwordTooLong)  // 75 bytes
        #expect(add("nul\u{0}after") == .passwordHasControlCharacter)
        #expect(add("tab\tinside") == .passwordHasControlCharacter)
        #expect(workspaceError { try ws.setPassword(named: "nobody", password: "short") } == .weakPassword)
    }

    @Test func roleRules() throws {
        let ws = try tmp.open()
        #expect(workspaceError { _ = try ws.addUser(name: "a", role: .rm, rm: nil, team: [], password: pw) } == .roleNeedsBook(.rm))
        #expect(workspaceError { _ = try ws.addUser(name: "a", role: .rm, rm: "  ", team: [], password: pw) } == .roleNeedsBook(.rm))
        #expect(workspaceError { _ = try ws.addUser(name: "a", role: .rm, rm: "RM01", team: ["RM02"], password: pw) } == .teamNotAllowed(.rm))
        #expect(workspaceError { _ = try ws.addUser(name: "a", role: .lead, rm: nil, team: [], password: pw) } == .roleNeedsBook(.lead))
        #expect(workspaceError { _ = try ws.addUser(name: "a", role: .admin, rm: nil, team: ["RM01"], password: pw) } == .teamNotAllowed(.admin))
        #expect(workspaceError { _ = try ws.addUser(name: "a", role: .lead, rm: nil, team: ["RM01", "R,M"], password: pw) } == .invalidRMID("R,M"))
        #expect(workspaceError { _ = try ws.addUser(name: "a", role: .lead, rm: nil, team: [""], password: pw) } == .invalidRMID(""))
        #expect(try ws.users().isEmpty)

        let lead = try ws.addUser(name: "lead", role: .lead, rm: nil, team: ["RM02", " RM01", "RM02"], password: pw)
        #expect(lead.team == ["RM02", "RM01"])
        let ownBook = try ws.addUser(name: "lead2", role: .lead, rm: "RM05", team: [], password: pw)
        #expect(ownBook.team.isEmpty)
        let admin = try ws.addUser(name: "boss", role: .admin, rm: "RM09", team: [], password: pw)
        #expect(admin.rm == "RM09")
        #expect(try ws.user(named: "lead") == lead)
    }

    @Test func listingNeverCarriesAPasswordHash() throws {
        let ws = try tmp.populated()
        let json = String(decoding: try JSONEncoder().encode(try ws.users()), as: UTF8.self)
        #expect(!json.contains("$2b$"))
        #expect(!json.lowercased().contains("password"))
        #expect(json.contains("\"rm01\""))
    }

    @Test func removingAUserEndsTheirSessionsAndOnlyTheirs() throws {
        let ws = try tmp.populated()
        let rm = try #require(try ws.user(named: "rm01")), lead = try #require(try ws.user(named: "lead"))
        let a = try ws.createSession(for: rm), b = try ws.createSession(for: rm), c = try ws.createSession(for: lead)
        try ws.removeUser(named: "RM01")
        #expect(try ws.session(token: a.token) == nil)
        #expect(try ws.session(token: b.token) == nil)
        #expect(try ws.session(token: c.token) != nil)
        #expect(try ws.user(named: "rm01") == nil)
        #expect(try ws.logIn(name: "rm01", password: pw, address: "10.0.0.1") == .wrongCredentials)
        #expect(workspaceError { try ws.removeUser(named: "rm01") } == .unknownUser("rm01"))
        let rows = try ws.database.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM session WHERE userID = ?", arguments: [rm.id]) }
        #expect(rows == 0)
    }

    @Test func theLastAdminCannotBeRemovedButOneOfTwoCan() throws {
        let ws = try tmp.populated()
        #expect(workspaceError { try ws.removeUser(named: "admin") } == .lastAdmin("admin"))
        _ = try ws.addUser(name: "admin2", role: .admin, rm: nil, team: [], password: pw)
        try ws.removeUser(named: "admin")
        #expect(workspaceError { try ws.removeUser(named: "admin2") } == .lastAdmin("admin2"))
        #expect(try ws.users().map(\.name) == ["admin2", "lead", "rm01"])
    }

    @Test func aNewPasswordEndsEverySessionAndReplacesTheOldOne() throws {
        let ws = try tmp.populated()
        let rm = try #require(try ws.user(named: "rm01"))
        let session = try ws.createSession(for: rm)
        try ws.setPassword(named: "rm01", password: "a new secret")
        #expect(try ws.session(token: session.token) == nil)
        #expect(try ws.logIn(name: "rm01", password: pw, address: "a") == .wrongCredentials)
        #expect(try ws.logIn(name: "rm01", password: "a new secret", address: "a") == .success(rm))
        #expect(workspaceError { try ws.setPassword(named: "ghost", password: "long enough") } == .unknownUser("ghost"))
    }

    @Test func languageIsZhEnOrUnset() throws {
        let ws = try tmp.populated()
        let rm = try #require(try ws.user(named: "rm01"))
        try ws.setLanguage(userID: rm.id, language: "zh")
        #expect(try ws.user(named: "rm01")?.language == "zh")
        #expect(workspaceError { try ws.setLanguage(userID: rm.id, language: "fr") } == .unsupportedLanguage("fr"))
        try ws.setLanguage(userID: rm.id, language: nil)
        #expect(try ws.user(named: "rm01")?.language == nil)
    }
}
