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
    public let state: OwnershipState?
    /// Seed clients in each group (by position in `groups.groups`).
    private let seedsInGroup: [Int: Int]

    /// - Complexity: O(n + k) to build the network, controllers and groups when `state` is nil;
    ///   O(s) for the s seeds.
    public init(graph: Graph, seeds: [Int], state: OwnershipState?) {
        var made = state
        if made == nil {
            let net = OwnershipNetwork(graph: graph)
            let control = ControlStructure(net)
            made = OwnershipState(network: net, control: control, groups: OwnershipGroups(net, control: control, minMembers: 1), warnings: [])
        }
        self.state = made
        var count: [Int: Int] = [:]
        if let groups = made?.groups {
            for s in seeds where groups.groupOf[s] >= 0 { count[Int(groups.groupOf[s]), default: 0] += 1 }
        }
        seedsInGroup = count
    }

    /// Seed clients in `c`'s group, `c` itself not counted.
    public func seedClients(near c: Int, isSeed: Bool) -> Int {
        guard let groups = state?.groups, groups.groupOf[c] >= 0 else { return 0 }
        return (seedsInGroup[Int(groups.groupOf[c])] ?? 0) - (isSeed ? 1 : 0)
    }

    public func value(_ c: Int, isSeed: Bool = false) -> Double {
        let k = seedClients(near: c, isSeed: isSeed)
        return k > 0 ? 1 - pow(0.5, Double(k)) : 0
    }

    /// "owned 60% by 赣南锂源控股, whose 3 subsidiaries bank with us": the direct controller and its
    /// share, and how many of the group bank with us; nil outside a group with seed clients.
    public func reason(_ c: Int, isSeed: Bool, _ lang: Language) -> String? {
        guard let state, seedClients(near: c, isSeed: isSeed) > 0, let group = state.groups.group(of: c) else { return nil }
        let e = state.network.graph.entities
        let banked = group.clients.filter { $0 != c }.count
        let top = group.controller
        let topName = "\(e.name(top)) (\(e.id(top)))"
        let controller = Int(state.control.controller[c])
        if controller >= 0 {
            let share = lang.percent(state.network.directShare(of: controller, in: c))
            let via = controller == top ? "" : lang(", in the group of \(topName)", "，属 \(topName) 旗下")
            return lang("owned \(share) by \(e.name(controller)) (\(e.id(controller)))\(via), whose group has \(banked) member(s) banking with us",
                        "\(e.name(controller))（\(e.id(controller))）持股 \(share)\(via)，该集团已有 \(banked) 家在本行开户")
        }
        return lang("controls a group of \(group.members.count) of which \(banked) bank with us",
                    "控制的集团共 \(group.members.count) 家，其中 \(banked) 家在本行开户")
    }
}
