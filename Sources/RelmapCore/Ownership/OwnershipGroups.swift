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

    /// - Complexity: O(n log n) for n entities (a counting pass, then sorting the groups).
    public init(_ net: OwnershipNetwork, control: ControlStructure, minMembers: Int = 2) {
        let n = net.entityCount
        let e = net.graph.entities
        var membersOf: [Int32: [Int]] = [:]
        for v in 0..<n where control.ultimate[v] >= 0 {
            membersOf[control.ultimate[v], default: []].append(v)
        }
        var groups: [Group] = []
        groups.reserveCapacity(membersOf.count)
        for (top, under) in membersOf {
            let u = Int(top)
            let members = e.kind(u) == .person ? under : [u] + under
            guard members.count >= minMembers else { continue }
            let clients = members.filter { e.status($0) == .client }
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
