import Dispatch
import Foundation
import Synchronization

/// What every ranking question on one graph shares and nothing about the seeds changes: the
/// value-chain projection, introduction access from the bank's side, the candidates and their
/// size percentiles. Made once per loaded graph (about a second on a million entities); a
/// server keeps one and answers RM after RM from it, each question paying only for what depends
/// on its seeds (ppr, bridge, coverage, scales).
public final class RankingContext: Sendable {
    public let graph: Graph
    public let chain: ValueChainProjection
    public let access: IntroductionAccess
    /// Every company that does not bank with us: prospects, other-bank and former clients.
    public let candidates: [Int]
    /// Size percentile among `candidates`, per entity.
    public let potential: [Double]
    /// Signals of this graph kept beside its snapshot (`SignalsCache`); nil when it came from files
    /// alone or includes workspace records.
    let signalsCache: SignalsCache?
    /// Push workspaces (one query at a time each), made on demand and reused.
    private let workspaces = Mutex<[LocalPushPageRank.Workspace]>([])

    /// - Throws: `RelmapError.unanswerable` when every company is already a client.
    /// - Complexity: the projection, O((n + m) log n), beside access, O((n + m') log n).
    /// - Parameter aging: ties cooled by time (`TieDecay`), for the access signal.
    /// - Parameter chain: `graph`'s projection when it came with the graph (a snapshot's).
    /// - Parameter signalsCache: where `graph`'s snapshot keeps its signals; used only when ties
    ///   are aged by the graph's own dates (or not at all), which is what those files hold.
    /// - Parameter tieStrengths: `graph`'s tie strengths when they came with it (a snapshot's).
    public init(
        _ graph: Graph, threads: Int = Machine.cores, aging: TieAging? = nil,
        chain given: ValueChainProjection? = nil, signalsCache: SignalsCache? = nil,
        tieStrengths: TieStrengthSource? = nil
    ) throws {
        let e = graph.entities
        let candidates = e.indices.filter { e.kinds[$0] == .company && e.statuses[$0] != .client }
        guard !candidates.isEmpty else {
            throw RelmapError.unanswerable(
                "no candidates: every company in this graph is already a client; add prospects (status=prospect, other_bank or former) to entities.csv"
            )
        }
        // access and potential read only the graph: they run on a second thread beside the
        // projection, which has only one.
        let cache = aging.map { $0.lastContact == graph.relations.dates } ?? true ? signalsCache : nil
        let inputs = GraphSignalInputs(graph: graph, candidates: candidates, aging: aging, tieStrengths: tieStrengths?.value)
        let besideChain = Background { () -> (IntroductionAccess, [Double]) in
            let access =
                cache?.access(decay: aging?.decay, graph: graph)
                ?? {
                    let made = IntroductionAccess(inputs)
                    cache?.store(made, decay: aging?.decay, graph: graph)
                    return made
                }()
            return (access, Potential(inputs).percentile)
        }
        self.graph = graph
        self.signalsCache = cache
        self.candidates = candidates
        precondition(given.map { $0.nodeCount == graph.entityCount } ?? true, "the projection of another graph")
        chain = given ?? ValueChainProjection(graph, threads: threads)
        (access, potential) = besideChain.value
    }

    /// Whether a question is answered by the local push: one RM's book on a large chain.
    func usesLocalPush(_ query: ExpansionRanking.Query) -> Bool {
        guard case .rm = query.seeds else { return false }
        return chain.nodeCount >= query.localPushMinimumNodes
    }

    /// Runs `body` with a push workspace no other question is using.
    func withPushWorkspace<T>(_ body: (LocalPushPageRank.Workspace) -> T) -> T {
        let ws = workspaces.withLock { $0.popLast() } ?? LocalPushPageRank.Workspace(chain)
        defer { workspaces.withLock { $0.append(ws) } }
        return body(ws)
    }
}
