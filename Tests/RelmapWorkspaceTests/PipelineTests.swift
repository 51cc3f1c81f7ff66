import Foundation
import RelmapCore
import Testing

@testable import RelmapWorkspace

/// One pipeline row per RM and target, with a version: a save based on an old version is refused
/// with the row as it is now, and every accepted change is kept in the history.
@Suite struct PipelineTests {
    let bench: RecordBench
    init() throws { bench = try RecordBench() }

    func update(_ u: PipelineUpdate, by user: User? = nil) throws -> PipelineEntry {
        try bench.ws.updatePipeline(u, by: user ?? bench.rm01, exists: bench.exists)
    }

    @Test func aNewRowStartsAtVersionOneAndEachChangeAddsOne() throws {
        let due = Day(year: 2027, month: 1, day: 15)!
        let first = try update(PipelineUpdate(target: "C1", stage: 1, status: .approaching, nextStep: "约财务总监", due: due))
        #expect(first.version == 1 && first.updatedBy == "rm01" && first.due == due && first.nextStep == "约财务总监")
        let second = try update(PipelineUpdate(target: "C1", stage: 2, status: .approaching, version: 1))
        #expect(second.version == 2 && second.due == nil)
        #expect(try bench.ws.pipeline(rm: "RM01", for: bench.rm01) == [second])
    }

    @Test func theSecondOfTwoSavesFromTheSameVersionIsRefusedWithTheCurrentRow() throws {
        // Two users of one book (an RM and their assistant account) read version 1.
        let assistant = try bench.ws.addUser(name: "assistant", role: .rm, rm: "RM01", team: [], password: TemporaryWorkspace.password)
        _ = try update(PipelineUpdate(target: "C1", stage: 1, status: .approaching))
        let saved = try update(PipelineUpdate(target: "C1", stage: 3, status: .approaching, version: 1), by: assistant)
        let before = try bench.footprint()
        let error = workspaceError { _ = try update(PipelineUpdate(target: "C1", stage: 2, status: .paused, version: 1)) }
        #expect(error == .staleVersion(current: saved))
        #expect(error?.message(chinese: false).contains("assistant saved this pipeline row first (version 2") == true)
        #expect(try bench.footprint() == before)
        // Without a version, an existing row is not overwritten either.
        #expect(workspaceError { _ = try update(PipelineUpdate(target: "C1", stage: 2, status: .paused)) } == .staleVersion(current: saved))
        // Reloaded, the change goes through.
        #expect(try update(PipelineUpdate(target: "C1", stage: 2, status: .paused, version: 2)).version == 3)
    }

    @Test func concurrentSavesFromOneVersionLetExactlyOneThrough() async throws {
        _ = try update(PipelineUpdate(target: "C2", stage: 1, status: .approaching))
        let ws = bench.ws, user = bench.rm01, exists = bench.exists
        let outcomes = try await withThrowingTaskGroup(of: Bool.self) { group in
            for k in 0..<8 {
                group.addTask {
                    do {
                        _ = try ws.updatePipeline(
                            PipelineUpdate(target: "C2", stage: 1 + k % 6, status: .approaching, version: 1), by: user, exists: exists)
                        return true
                    } catch WorkspaceError.staleVersion { return false }
                }
            }
            return try await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(outcomes.filter { $0 }.count == 1)
        #expect(try ws.pipeline(rm: nil, for: user).first?.version == 2)
    }

    @Test func theHistoryKeepsEveryChangeWithWhoAndWhen() throws {
        let start = Date()
        _ = try update(PipelineUpdate(target: "C1", stage: 1, status: .approaching))
        _ = try update(PipelineUpdate(target: "C1", stage: 2, status: .approaching, nextStep: "走访工厂", version: 1))
        _ = try update(PipelineUpdate(target: "C1", stage: 5, status: .won, version: 2))
        _ = try update(PipelineUpdate(target: "C1", stage: 1, status: .approaching), by: bench.rm02)
        let history = try bench.ws.pipelineHistory(target: "C1", rm: "RM01", for: bench.rm01)
        #expect(history.map(\.version) == [1, 2, 3])
        #expect(history.map(\.stage) == [1, 2, 5])
        #expect(history.map(\.status) == [.approaching, .approaching, .won])
        #expect(history[1].nextStep == "走访工厂")
        #expect(history.allSatisfy { $0.user == "rm01" && $0.at >= start.addingTimeInterval(-1) && $0.rm == "RM01" })
        #expect(try bench.ws.pipelineHistory(target: "C1", rm: nil, for: bench.lead).count == 4)
        #expect(try bench.ws.pipelineHistory(target: "C1", rm: nil, for: bench.rm02).map(\.user) == ["rm02"])
    }

    @Test func rowsAreListedByStageThenDueDate() throws {
        _ = try update(PipelineUpdate(target: "C1", stage: 3, status: .approaching))
        _ = try update(PipelineUpdate(target: "C2", stage: 3, status: .approaching, due: Day(year: 2027, month: 3, day: 1)!))
        _ = try update(PipelineUpdate(target: "C3", stage: 2, status: .approaching, due: Day(year: 2027, month: 9, day: 1)!))
        _ = try update(PipelineUpdate(target: "P1", stage: 3, status: .approaching, due: Day(year: 2027, month: 1, day: 1)!))
        #expect(try bench.ws.pipeline(rm: nil, for: bench.rm01).map(\.target) == ["C3", "P1", "C2", "C1"])
    }
}
