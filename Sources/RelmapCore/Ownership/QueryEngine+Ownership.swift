import Foundation
import Synchronization

/// What the ownership questions share on one graph: the network, every controller and the groups,
/// with the warnings found, made on first use at the default control floor and kept.
public struct OwnershipState: Sendable {
    public let network: OwnershipNetwork
    public let control: ControlStructure
    public let groups: OwnershipGroups
    /// The ownership warnings as diagnostics (file and line when the graph is a folder).
    public let warnings: [Diagnostic]
}

/// The engine's cache of `OwnershipState` (a second caller waits for the first).
final class OwnershipCache: Sendable {
    let state = Mutex<OwnershipState?>(nil)
}

extension QueryEngine {
    /// The ownership network, controllers and groups; at the default floor made once and kept.
    /// - Throws: `RelmapError.invalidData` listing every ownership problem when one of them makes
    ///   shares impossible (a share above 100 %, a cycle with no outside holder, a loop of control);
    ///   warnings are kept in the state for the answers' notes.
    public func ownership(floor: Double = ControlStructure.defaultFloor, _ lang: Language = .en) throws -> OwnershipState {
        if floor == ControlStructure.defaultFloor {
            return try ownershipCache.state.withLock { state in
                if let state { return state }
                let made = try makeOwnership(floor: floor, lang)
                state = made
                return made
            }
        }
        return try makeOwnership(floor: floor, lang)
    }

    private func makeOwnership(floor: Double, _ lang: Language) throws -> OwnershipState {
        let net = OwnershipNetwork(graph: graph)
        let control = ControlStructure(net, floor: floor)
        let issues = net.issues + control.issues
        var log = DiagnosticLog(limit: 50)
        if !issues.isEmpty {
            let shown = Array(issues.prefix(100))
            let lines = OwnershipLines.locate(shown.flatMap(\.relations), in: graph, path: source)
            let folderFile = (source as NSString).appendingPathComponent("relations.csv")
            let file = FileManager.default.fileExists(atPath: folderFile) ? folderFile : source
            for d in shown.map({ $0.diagnostic(graph, file: file, lines: lines, lang) }).sorted(by: { ($0.line ?? .max) < ($1.line ?? .max) }) {
                log.add(d)
            }
            for issue in issues.dropFirst(shown.count) {
                log.add(Diagnostic(issue.severity, file: file, lang("ownership problem not shown", "未显示的持股问题")))
            }
        }
        if log.hasErrors { throw RelmapError.invalidData(log) }
        return OwnershipState(
            network: net, control: control, groups: OwnershipGroups(net, control: control, minMembers: 1),
            warnings: log.warnings)
    }

    /// The question of `relmap owners` and `relmap holdings`.
    public struct OwnershipQuestion: Sendable {
        public var entity: String
        public var options: OwnershipOptions
        public var language: Language
        public init(entity: String, options: OwnershipOptions = .init(), language: Language = .en) {
            self.entity = entity
            self.options = options
            self.language = language
        }
    }

    /// Who owns and controls an entity. - Throws: `RelmapError` for an unknown name or bad
    /// ownership data.
    public func owners(_ q: OwnershipQuestion) throws -> OwnersAnswer {
        let (state, entity) = try prepare(q)
        var answer = OwnershipQuery.owners(state.network, of: entity, q.options, q.language)
        answer.notes = state.warnings.map(\.description) + answer.notes
        return answer
    }

    /// What an entity owns and controls. - Throws: as `owners`.
    public func holdings(_ q: OwnershipQuestion) throws -> HoldingsAnswer {
        let (state, entity) = try prepare(q)
        var answer = OwnershipQuery.holdings(state.network, of: entity, q.options, q.language)
        answer.notes = state.warnings.map(\.description) + answer.notes
        return answer
    }

    private func prepare(_ q: OwnershipQuestion) throws -> (OwnershipState, Int) {
        let entity = try resolver(q.language).resolve(q.entity)
        return (try ownership(floor: q.options.controlFloor, q.language), entity)
    }

    /// Every group, largest first. - Throws: `RelmapError.lookup` for an RM no entity belongs to,
    /// and as `owners`.
    public func groups(
        minMembers: Int = 2, rm: String? = nil, floor: Double = ControlStructure.defaultFloor,
        language: Language = .en
    ) throws -> GroupsAnswer {
        if let rm { try checkRM(rm, language) }
        let state = try ownership(floor: floor, language)
        var answer = OwnershipQuery.groups(state.groups, graph, rm: rm, minMembers: minMembers)
        answer.notes = state.warnings.map(\.description)
        return answer
    }
}

extension QueryEngine {
    /// `relmap next --group-of ID`: the members of ID's group that do not bank with us, ranked as
    /// `next` ranks (every one of them listed), from the group's clients (from all clients when the
    /// group has none).
    /// - Throws: `RelmapError` for an unknown name, an entity in no group, a group wholly with us,
    ///   or bad ownership data.
    public func nextInGroup(of name: String, _ query: ExpansionRanking.Query, explain: Bool = false) throws -> RankingAnswer {
        let lang = query.language
        let (state, group) = try group(of: name, lang)
        let e = graph.entities
        let top = "\(e.name(group.controller)) (\(e.id(group.controller)))"
        let uncovered = group.uncovered.filter { e.kind($0) == .company }
        guard !uncovered.isEmpty else {
            throw RelmapError.unanswerable(
                lang(
                    "every company of the group of \(top) (\(group.members.count) members) already banks with us",
                    "\(top) 旗下集团 (\(group.members.count) 家) 的企业均已在本行开户"))
        }
        var q = query
        q.ownership = state
        q.onlyCandidates = Set(uncovered)
        q.top = nil
        q.seeds = group.clients.isEmpty ? .allClients : .clients(group.clients.map { e.id($0) })
        let result = try ExpansionRanking.rank(try rankingContext(), q)
        var answer = RankingAnswer(result, seeds: q.seeds, explain: explain, lang: lang)
        answer.seedsLabel =
            group.clients.isEmpty
            ? lang("all clients: the group has none", "全部本行客户: 该集团尚无客户")
            : lang("the group's clients", "该集团的本行客户")
        answer.notes.insert(
            lang(
                "group of \(top): \(group.members.count) members, \(group.clients.count) bank with us, \(uncovered.count) companies do not",
                "\(top) 旗下集团: 共 \(group.members.count) 家, \(group.clients.count) 家在本行开户, \(uncovered.count) 家企业尚未开户"), at: 0)
        answer.notes = state.warnings.map(\.description) + answer.notes
        return answer
    }
}

extension QueryEngine {
    /// `relmap map --group ID`: the group of ID (its ultimate controller's) as one cluster with the
    /// shares on the edges, as DOT.
    /// - Throws: `RelmapError` for an unknown name, an entity in no group, or bad ownership data.
    public func groupMap(of name: String, _ lang: Language) throws -> MapAnswer {
        let (state, group) = try group(of: name, lang)
        let dot = GroupMapDOT.dot(state, group: group, lang)
        // A group map is one company-level cluster: one sheet, no segment pages.
        return MapAnswer(
            drawing: MapDrawing(
                view: .company, dot: dot, smallestFont: 10, pageDOTs: [],
                nodeCount: group.members.count + 1, edgeCount: dot.components(separatedBy: " -> ").count - 1,
                legend: MapLegend(chinese: lang == .zh, hasHighlights: false, hasFolds: false)))
    }
}

extension QueryEngine {
    /// The group the entity named `name` belongs to. - Throws: `RelmapError` for an unknown name,
    /// an entity in no group, or bad ownership data.
    func group(of name: String, _ lang: Language) throws -> (OwnershipState, OwnershipGroups.Group) {
        let v = try resolver(lang).resolve(name)
        let state = try ownership(lang)
        let e = graph.entities
        guard let group = state.groups.group(of: v) else {
            throw RelmapError.unanswerable(
                lang(
                    "\(e.id(v)) \(e.name(v)) is in no group: nobody controls it and it controls nobody; see `relmap owners --of \(e.id(v))`",
                    "\(e.id(v)) \(e.name(v)) 不属于任何集团: 无人控制它, 它也不控制他人; 可查看 `relmap owners --of \(e.id(v))`"))
        }
        return (state, group)
    }
}
