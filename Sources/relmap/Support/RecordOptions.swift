import ArgumentParser
import Foundation
import RelmapCore
import RelmapWorkspace

/// What `relmap log`, `pipeline` and `record` share: the graph (DIR) whose ids records name, the
/// workspace file, and the user acting. Whoever can write the workspace file is trusted to act as
/// any of its users, as with `relmap users`: the command line asks for no password.
struct RecordOptions: ParsableArguments {
    @OptionGroup var input: GraphArgument
    @OptionGroup var workspace: UsersOptions
    @Option(
        help:
            "Act as this user of the workspace (records go to their book; reads follow their role). No password is asked: whoever can write the workspace file is trusted, as with relmap users."
    )
    var user: String

    var language: Language { workspace.language }

    /// Loads the graph, opens the workspace (which must exist) and finds the user.
    func open() throws -> RecordContext {
        let engine = try input.engine(language)
        let (ws, user) = try workspace.withWorkspace { ws -> (Workspace, User) in
            guard let found = try ws.user(named: self.user) else { throw WorkspaceError.unknownUser(self.user) }
            return (ws, found)
        }
        return RecordContext(engine: engine, workspace: ws, user: user, options: workspace)
    }
}

/// An open workspace, the acting user and the graph, for one command.
struct RecordContext {
    let engine: QueryEngine
    let workspace: Workspace
    let user: User
    let options: UsersOptions

    var language: Language { options.language }

    /// Whether the graph has this id; the workspace knows its own `ws-` entities.
    var exists: EntityExists {
        let graph = engine.graph
        return { graph.index(ofID: $0) != nil }
    }

    /// The id of the entity meant by `query` (an id or a name in the graph, or a recorded `ws-N`
    /// id, which the workspace checks). A name that matches nothing or several entities is a
    /// lookup error listing the nearest or the candidates.
    func entityID(_ query: String) throws -> String {
        let q = query.trimmingCharacters(in: .whitespaces)
        if q.hasPrefix("ws-") || engine.graph.index(ofID: q) != nil { return q }
        return engine.graph.entities.id(try engine.resolver(language).resolve(q))
    }

    /// Runs a workspace call, turning its errors into a message and an exit status.
    func run<T>(_ body: (Workspace) throws -> T) throws -> T {
        try options.reporting { try body(workspace) }
    }
}

/// Lists given on the command line as `A,B,C`.
func commaList(_ text: String?) -> [String] {
    (text ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
}

extension Day: ExpressibleByArgument {
    /// `2026-12-01` (also 2026/12/1, 20261201, 2026年12月1日); a date that does not exist is refused.
    public init?(argument: String) {
        guard let day = ValueParsing.parseDay(argument) else { return nil }
        self = day
    }
}

extension ActivityKind: ExpressibleByArgument {}
extension PipelineFact.Status: ExpressibleByArgument {}

extension RelationType: ExpressibleByArgument {
    public init?(argument: String) { self.init(name: argument) }
    public static var allValueStrings: [String] { allCases.map(\.name) }
}

extension ReferralOutcome: ExpressibleByArgument {
    public init?(argument: String) { self.init(name: argument) }
    public static var allValueStrings: [String] { ["won", "pending", "lost"] }
}
