import Foundation
import Testing

@testable import RelmapWorkspace

/// The access rules, one test each: what an rm, a lead and an admin may rank from and read.
@Suite struct AccessScopeTests {
    let rm = User(id: 1, name: "rm01", role: .rm, rm: "RM01", team: [], language: nil)
    let lead = User(id: 2, name: "lead", role: .lead, rm: nil, team: ["RM03", "RM02"], language: nil)
    let playingLead = User(id: 3, name: "lead2", role: .lead, rm: "RM04", team: ["RM05"], language: nil)
    let admin = User(id: 4, name: "admin", role: .admin, rm: nil, team: [], language: nil)

    @Test func anRMRanksOnlyFromTheirOwnBook() {
        #expect(rm.scope.mayRank(rm: "RM01"))
        #expect(!rm.scope.mayRank(rm: "RM02"))
        #expect(!rm.scope.mayRank(rm: ""))
        #expect(rm.scope.defaultRM == "RM01")
        #expect(!rm.scope.isAdmin && !rm.scope.mayManageUsers)
    }

    @Test func anRMSeesDetailsOfTheirOwnClientsOnly() {
        #expect(rm.scope.maySeeDetails(ofClientOwnedBy: "RM01"))
        #expect(!rm.scope.maySeeDetails(ofClientOwnedBy: "RM02"))
        #expect(!rm.scope.maySeeDetails(ofClientOwnedBy: "rm01"))  // ids are exact, as in the graph
    }

    @Test func aLeadRanksFromAndSeesEveryBookOfTheTeamAndNoOther() {
        for book in ["RM02", "RM03"] {
            #expect(lead.scope.mayRank(rm: book))
            #expect(lead.scope.maySeeDetails(ofClientOwnedBy: book))
        }
        #expect(!lead.scope.mayRank(rm: "RM01"))
        #expect(!lead.scope.maySeeDetails(ofClientOwnedBy: "RM01"))
        #expect(lead.scope.books == ["RM02", "RM03"])
        #expect(lead.scope.defaultRM == "RM02")  // no book of their own: the team's first, sorted
        #expect(!lead.scope.mayManageUsers)
    }

    @Test func aLeadWithABookOfTheirOwnHasItInScopeAndAsDefault() {
        #expect(playingLead.scope.books == ["RM04", "RM05"])
        #expect(playingLead.scope.defaultRM == "RM04")
        #expect(playingLead.scope.maySeeDetails(ofClientOwnedBy: "RM04"))
    }

    @Test func anAdminRanksFromAndSeesEveryBookAndManagesUsers() {
        #expect(admin.scope.books == nil)
        #expect(admin.scope.mayRank(rm: "RM99"))
        #expect(admin.scope.maySeeDetails(ofClientOwnedBy: "RM99"))
        #expect(admin.scope.mayManageUsers)
        #expect(admin.scope.defaultRM == nil)
        var withBook = admin
        withBook.rm = "RM07"
        #expect(withBook.scope.defaultRM == "RM07")
    }

    @Test func detailsOfAnEntityWithNoOwnerAreOpenToAnAdminOnly() {
        #expect(admin.scope.maySeeDetails(ofClientOwnedBy: ""))
        #expect(!rm.scope.maySeeDetails(ofClientOwnedBy: ""))
        #expect(!lead.scope.maySeeDetails(ofClientOwnedBy: ""))
    }

    @Test func anRMAccountWithoutAnRMIdHasAnEmptyScope() {
        // The store never makes one (addUser refuses it); the scope still fails closed.
        let broken = User(id: 9, name: "x", role: .rm, rm: nil, team: [], language: nil)
        #expect(broken.scope.books == [])
        #expect(!broken.scope.mayRank(rm: "RM01"))
        #expect(broken.scope.defaultRM == nil)
    }
}
