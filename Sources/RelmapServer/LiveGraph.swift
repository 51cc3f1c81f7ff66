import Foundation
import RelmapCore
import RelmapWorkspace
import Synchronization

/// The graph the server answers from: the base files, loaded once, with the workspace's records
/// laid over them (`Graph.merging`) and ties aged to today (`TieDecay`).
///
/// When a record is written (by this server, or by `relmap log` in another process), or the day
/// changes, a new engine is built in the background from the graph already in memory (no file is
/// read again: about a second per million entities for the merge, and the ranking context as at
/// start), warmed, and swapped in. Requests keep the engine they started with, so one answer never
/// mixes two graphs. Rebuilds never overlap: writes during one coalesce into the next.
final class LiveGraph: Sendable {
    let base: Graph
    let source: String
    let workspace: Workspace
    let halfLives: [RelationType: Double]
    /// Builds what the first answers need (ranking context, name index) before an engine is used.
    let warm: @Sendable (QueryEngine) -> Void
    /// Called after every swap (the server drops the rankings it cached for the old engine).
    let swapped: @Sendable () -> Void
    /// A fixed "today" for tests; nil: the real day.
    let today: Day?

    private struct Built: Sendable {
        var engine: QueryEngine
        var revision: Int64
        var day: Day
    }
    private let current: Mutex<Built>
    private let builder = Builder()

    init(
        base: Graph, source: String, workspace: Workspace, halfLives: [RelationType: Double], today: Day? = nil,
        warm: @escaping @Sendable (QueryEngine) -> Void, swapped: @escaping @Sendable () -> Void = {}
    ) throws {
        self.base = base
        self.source = source
        self.workspace = workspace
        self.halfLives = halfLives
        self.today = today
        self.warm = warm
        self.swapped = swapped
        let day = today ?? .today
        let revision = try workspace.revision()
        let engine = Self.build(base: base, source: source, facts: try workspace.facts(), revision: revision, day: day, halfLives: halfLives)
        current = Mutex(Built(engine: engine, revision: revision, day: day))
    }

    /// The engine to answer one request from.
    var engine: QueryEngine { current.withLock { $0.engine } }

    /// The workspace revision the current engine includes.
    var revision: Int64 { current.withLock { $0.revision } }

    static func build(
        base: Graph, source: String, facts: WorkspaceFacts, revision: Int64, day: Day,
        halfLives: [RelationType: Double]
    ) -> QueryEngine {
        let merged = base.merging(facts, revision: revision)
        return QueryEngine(merged: merged, source: source, decay: TieDecay(asOf: day, halfLives: halfLives))
    }

    /// Brings the engine up to the workspace's revision and today's date; returns when the engine
    /// includes at least `revision` (or whatever was there, if the workspace cannot be read).
    func refresh() async {
        await builder.run { [self] in
            let day = today ?? .today
            guard let revision = try? workspace.revision() else { return }
            let built = current.withLock { $0 }
            guard revision != built.revision || day != built.day, let facts = try? workspace.facts() else { return }
            // The facts were read after the revision: they include at least that much.
            let engine = Self.build(base: base, source: source, facts: facts, revision: revision, day: day, halfLives: halfLives)
            warm(engine)
            current.withLock { $0 = Built(engine: engine, revision: revision, day: day) }
            swapped()
        }
    }

    /// Waits for `refresh` at most `seconds`: a form's answer shows the RM's change when the merge
    /// is quick (a sample graph: milliseconds), and does not hang on a slow one (it appears a
    /// moment later).
    func refresh(waitingAtMost seconds: Double) async {
        let work = Task { await refresh() }
        let timeout = Task { try? await Task.sleep(for: .seconds(seconds)) }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await work.value }
            group.addTask { await timeout.value }
            await group.next()
            group.cancelAll()
        }
        timeout.cancel()
    }

    /// Checks every `interval` seconds for records another process wrote and for a new day.
    func watch(every interval: Double = 2) -> Task<Void, Never> {
        Task.detached(priority: .utility) { [self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(interval))
                await refresh()
            }
        }
    }

    /// One rebuild at a time: each call's work starts after the previous call's has finished.
    /// A call that finds the engine fresh does nothing, so writes during a rebuild coalesce into
    /// the one rebuild after it.
    private actor Builder {
        private var last: Task<Void, Never>?

        func run(_ body: @escaping @Sendable () -> Void) async {
            let previous = last
            let task = Task.detached(priority: .userInitiated) {
                await previous?.value
                // A rebuild is seconds of CPU on a large graph: on a thread of its own, so that
                // Swift's few cooperative threads (two on two cores) keep answering requests.
                await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
                    Thread.detachNewThread {
                        body()
                        done.resume()
                    }
                }
            }
            last = task
            await task.value
        }
    }
}
