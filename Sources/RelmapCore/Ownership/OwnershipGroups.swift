/// Group clients (集团客户): the entities under one ultimate controller, with which of them bank
/// with us, for whom (RM), and what the group is worth to the bank.
///
/// A group is keyed by its ultimate controller. Its members are the entities whose control chain
/// ends there, and the controller itself unless it is a person (a person owns the group, it is not
/// a company of it). A loop of control has no top and forms no group (the loop is an issue of
/// `ControlStructure`).
public struct OwnershipGroups: Sendable {
    public struct Group: Sendable, Equatable {
        public var controller: Int
        /// Every member, the controller first when it is a member, then in entity order.
        public var members: [Int]
        /// Members that bank with us (status client).
        public var clients: [Int]
        /// Sum of the clients' yearly value to the bank (unknown values count 0).
        public var value: Double
        /// Members that do not bank with us: the growth the group offers.
        public var uncovered: [Int] { members.filter { !clients.contains($0) } }
    }

    /// Every group of at least two members, largest first (then by value, then controller id).
    public let groups: [Group]
    /// For each entity, its group's position in `groups`, -1 when in none.
    public let groupOf: [Int32]

    /// - Complexity: O(n + g log g) for n entities and g groups (a counting sort, then sorting the groups).
    public init(_ net: OwnershipNetwork, control: ControlStructure, minMembers: Int = 2) {
        let n = net.entityCount
        let e = net.graph.entities
        // Members by top, a counting sort: tops in entity order, members in entity order.
        var count = [Int32](repeating: 0, count: n + 1)
        for v in 0..<n where control.ultimate[v] >= 0 { count[Int(control.ultimate[v]) + 1] += 1 }
        var start = [Int](repeating: 0, count: n + 1)
        for v in 0..<n { start[v + 1] = start[v] + Int(count[v + 1]) }
        var under = [Int](repeating: 0, count: start[n])
        var cursor = start
        for v in 0..<n where control.ultimate[v] >= 0 {
            let u = Int(control.ultimate[v])
            under[cursor[u]] = v
            cursor[u] += 1
        }
        var groups: [Group] = []
        for u in 0..<n where start[u + 1] > start[u] {
            let below = under[start[u]..<start[u + 1]]
            let members = e.kind(u) == .person ? Array(below) : [u] + below
            guard members.count >= minMembers else { continue }
            let clients = members.filter { e.statuses[$0] == .client }
            let value = clients.reduce(0.0) { $0 + (e.value($1) ?? 0) }
            groups.append(Group(controller: u, members: members, clients: clients, value: value))
        }
        groups.sort {
            ($0.members.count, $0.value) != ($1.members.count, $1.value)
                ? ($0.members.count, $0.value) > ($1.members.count, $1.value)
                : e.id($0.controller) < e.id($1.controller)
        }
        var groupOf = [Int32](repeating: -1, count: n)
        for (k, g) in groups.enumerated() { for v in g.members { groupOf[v] = Int32(k) } }
        self.groups = groups
        self.groupOf = groupOf
    }

    /// The group `v` belongs to (as a member, or as its person controller).
    public func group(of v: Int) -> Group? {
        if groupOf[v] >= 0 { return groups[Int(groupOf[v])] }
        return groups.first { $0.controller == v }
    }
}
