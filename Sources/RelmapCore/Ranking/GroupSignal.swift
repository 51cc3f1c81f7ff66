import Foundation

/// The `group` signal of `relmap next`: a candidate in the same group (集团, entities under one
/// actual controller) as seed clients. A group's treasurer often decides for its subsidiaries, so
/// a subsidiary of a group that already banks with us is the cheapest door there is.
///
/// The value is `1 − 0.5^k` for the k seed clients in the candidate's group: 0.5 for one, 0.75 for
/// two, 0.875 for three; 0 outside any group with seed clients. Its default weight is 0 (see
/// `RankingWeights.group`): the reason is always given, the score moves only when a weights file
/// asks for it.
public struct GroupSignal: Sendable {
    public let network: OwnershipNetwork
    /// Controllers and groups of the whole graph, when made (given, or needed to score every
    /// candidate); without them each row's group is found from its own control chain.
    public let state: OwnershipState?
    private let seeds: Set<Int>
    /// Seed clients in each group (by position in `groups.groups`), with `state`.
    private let seedsInGroup: [Int: Int]

    /// `everyone`: the signal will be read for every candidate (a weight above 0), so the groups
    /// of the whole graph are made; otherwise only the network is, and a row's group is found
    /// from its control chain when its reasons are written.
    /// - Complexity: O(n + k) for the network (and the groups with `everyone`), O(s) for s seeds.
    public init(graph: Graph, seeds: [Int], state: OwnershipState?, everyone: Bool) {
        var made = state
        let net = state?.network ?? OwnershipNetwork(graph: graph)
        if made == nil && everyone {
            let control = ControlStructure(net)
            made = OwnershipState(network: net, control: control, groups: OwnershipGroups(net, control: control, minMembers: 1), warnings: [])
        }
        network = net
        self.state = made
        self.seeds = Set(seeds)
        var count: [Int: Int] = [:]
        if let groups = made?.groups {
            for s in seeds where groups.groupOf[s] >= 0 { count[Int(groups.groupOf[s]), default: 0] += 1 }
        }
        seedsInGroup = count
    }

    /// The group of `c`: from the whole-graph groups when made, else from `c`'s control chain
    /// (its top, and everything the top controls), which is the same set.
    /// - Complexity: O(1) with the groups; else O(chain + group) holders visited.
    func group(of c: Int) -> OwnershipGroups.Group? {
        if let groups = state?.groups { return groups.group(of: c) }
        let (links, loops) = ControlStructure.chain(network, of: c)
        guard !loops else { return nil }
        let top = links.last?.controller ?? c
        let below = OwnershipQuery.controlledBy(network, top)
        guard !below.isEmpty else { return nil }
        let e = network.graph.entities
        let members = e.kind(top) == .person ? below : [top] + below
        let clients = members.filter { e.statuses[$0] == .client }
        return .init(controller: top, members: members, clients: clients, value: clients.reduce(0.0) { $0 + (e.value($1) ?? 0) })
    }

    /// Seed clients in `c`'s group, `c` itself not counted.
    public func seedClients(near c: Int, isSeed: Bool) -> Int {
        if let groups = state?.groups {
            guard groups.groupOf[c] >= 0 else { return 0 }
            return (seedsInGroup[Int(groups.groupOf[c])] ?? 0) - (isSeed ? 1 : 0)
        }
        guard let group = group(of: c) else { return 0 }
        return group.members.filter { seeds.contains($0) }.count - (isSeed ? 1 : 0)
    }

    /// Whether `c` is one of the seed clients.
    func isSeed(_ c: Int) -> Bool { seeds.contains(c) }

    public func value(_ c: Int, isSeed: Bool) -> Double {
        let k = seedClients(near: c, isSeed: isSeed)
        return k > 0 ? 1 - pow(0.5, Double(k)) : 0
    }

    /// "owned 60% by 赣南锂源控股, whose 3 subsidiaries bank with us": the direct controller and its
    /// share, and how many of the group bank with us; nil outside a group with seed clients.
    public func reason(_ c: Int, isSeed: Bool, _ lang: Language) -> String? {
        guard seedClients(near: c, isSeed: isSeed) > 0, let group = group(of: c) else { return nil }
        let e = network.graph.entities
        let banked = group.clients.filter { $0 != c }.count
        let top = group.controller
        let topName = "\(e.name(top)) (\(e.id(top)))"
        if case let (controller?, _) = ControlStructure.direct(network, of: c) {
            let share = lang.percent(network.directShare(of: controller, in: c))
            let via = controller == top ? "" : lang(", in the group of \(topName)", "，属 \(topName) 旗下")
            return lang(
                "owned \(share) by \(e.name(controller)) (\(e.id(controller)))\(via), whose group has \(banked) member(s) banking with us",
                "\(e.name(controller))（\(e.id(controller))）持股 \(share)\(via)，该集团已有 \(banked) 家在本行开户")
        }
        return lang(
            "controls a group of \(group.members.count) of which \(banked) bank with us",
            "控制的集团共 \(group.members.count) 家，其中 \(banked) 家在本行开户")
    }
}
