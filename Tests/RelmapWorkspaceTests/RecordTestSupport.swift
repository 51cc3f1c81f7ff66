import Foundation
import GRDB
import RelmapCore

@testable import RelmapWorkspace

/// A workspace with users of every role for the record tests, the entities the "graph" knows, and
/// a way to see that a refused write changed nothing.
struct RecordBench {
    let tmp: TemporaryWorkspace
    let ws: Workspace
    let rm01: User, rm02: User, rm03: User, lead: User, admin: User

    /// C1..C3 companies, P1..P3 people: what `exists` says the graph has.
    static let graphIDs: Set<String> = ["C1", "C2", "C3", "P1", "P2", "P3"]
    let exists: EntityExists = { RecordBench.graphIDs.contains($0) }

    init() throws {
        tmp = try TemporaryWorkspace()
        ws = try tmp.populated()
        rm01 = try require(try ws.user(named: "rm01"))
        rm02 = try ws.addUser(name: "rm02", role: .rm, rm: "RM02", team: [], password: TemporaryWorkspace.password)
        rm03 = try ws.addUser(name: "rm03", role: .rm, rm: "RM03", team: [], password: TemporaryWorkspace.password)
        lead = try require(try ws.user(named: "lead"))
        admin = try require(try ws.user(named: "admin"))
    }

    /// Rows per record table, and the revision: equal before and after a refused write.
    func footprint() throws -> [String: Int64] {
        try ws.database.read { db in
            var counts: [String: Int64] = [:]
            for table in ["activity", "activityPerson", "pipeline", "pipelineChange", "recordedEntity", "recordedRelation", "correction"] {
                counts[table] = try Int64.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table)")
            }
            counts["revision"] = try Int64.fetchOne(db, sql: "SELECT revision FROM recordRevision")
            return counts
        }
    }

    func visit(_ target: String, on day: Day = Day(year: 2026, month: 11, day: 20)!, people: [String] = []) -> ActivityDraft {
        ActivityDraft(target: target, kind: .visit, date: day, outcome: "met the CFO", note: "lunch", people: people)
    }
}

private func require<T>(_ value: T?) throws -> T {
    guard let value else { throw WorkspaceError.unknownUser("fixture user") }
    return value
}
