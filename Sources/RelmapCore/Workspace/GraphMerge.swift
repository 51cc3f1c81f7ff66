// CONTRACT (issue 12): signatures the server and the command line program against; the coordinator
// implements the bodies on main.

/// The graph a question sees: the base files with the workspace's records laid over them.
public struct MergedGraph: Sendable {
    public let graph: Graph
    /// The latest contact per relation of `graph` (days since 1970; `Relations.noDate` when
    /// neither the relation's date nor any logged activity dates it): what `TieDecay` ages.
    public let lastContact: [Int32]
    /// Records that could not be merged (an id in neither graph nor workspace...), one line each.
    public let skipped: [String]
    /// Relations and entities left out because someone marked them wrong.
    public let suppressedRelations: Int
    public let suppressedEntities: Int
    /// The workspace revision this graph includes (0 without a workspace).
    public let revision: Int64

    public init(graph: Graph, lastContact: [Int32], skipped: [String], suppressedRelations: Int,
                suppressedEntities: Int, revision: Int64) {
        self.graph = graph
        self.lastContact = lastContact
        self.skipped = skipped
        self.suppressedRelations = suppressedRelations
        self.suppressedEntities = suppressedEntities
        self.revision = revision
    }
}

extension Graph {
    /// The base graph with `facts` laid over it. O(n + m + records): the columns are copied and
    /// the adjacency rebuilt; no file is read again.
    public func merging(_ facts: WorkspaceFacts, revision: Int64 = 0) -> MergedGraph {
        MergedGraph(graph: self, lastContact: relations.dates, skipped: [], suppressedRelations: 0,
                    suppressedEntities: 0, revision: revision)
    }
}
