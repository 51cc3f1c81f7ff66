import Foundation

/// Decides which entity each side of a payment is: by account first, then by normalised name,
/// a branch (分公司) going to its head office; sides matching nothing become new counterparties
/// keyed by their normalised name.
///
/// It never merges two account holders silently: an account written with names that normalise
/// differently, an account listed on one entity but written with another entity's name, a name
/// shared by several entities, or one name written on accounts at different banks, is reported as
/// a conflict. The last is merged (a company may bank with several banks, and a registered name
/// is one company), but a person checks it before acting: a name copied wrongly onto another
/// company's account looks the same.
/// - Complexity: O(sides + entities) expected (hash maps), name normalisation per distinct side.
public struct CounterpartyResolver {
    /// What a side resolved to.
    public enum Target: Hashable, Sendable {
        case entity(Int)
        /// A counterparty not in the graph, by its matching key.
        case new(String)
        /// Several entities share the name and no account decides: not merged.
        case ambiguous
    }

    public struct Conflict: Codable, Sendable, Equatable {
        public var account: String
        public var names: [String]
        public var detail: String
    }

    let graph: Graph
    public private(set) var accountOwner: [String: Int] = [:]
    var byName: [String: [Int]] = [:]
    public private(set) var conflicts: [Conflict] = []

    public init(graph: Graph) {
        self.graph = graph
        let e = graph.entities
        let hasAccounts = e.extra.contains { $0.name == "accounts" }
        for i in e.indices {
            byName[CompanyName.normalized(e.name(i)), default: []].append(i)
            guard hasAccounts, let list = e.attribute("accounts", of: i), !list.isEmpty else { continue }
            for a in list.split(whereSeparator: { $0 == ";" || $0 == "；" }) {
                let account = a.trimmingCharacters(in: .whitespaces)
                guard !account.isEmpty else { continue }
                if let other = accountOwner[account], other != i {
                    conflicts.append(
                        Conflict(
                            account: account, names: [e.name(other), e.name(i)],
                            detail: "account listed on two entities (\(e.id(other)), \(e.id(i))); payments on it go to \(e.id(other))"))
                } else {
                    accountOwner[account] = i
                }
            }
        }
    }

    /// The matching key of a name: a branch takes its head office's key.
    public static func key(_ name: String) -> String {
        CompanyName.normalized(CompanyName.headOffice(name) ?? name)
    }

    /// Resolves every side; conflicts found on the way are appended to `conflicts`.
    public mutating func resolve(_ sides: [PaymentSide], rows: [Int]) -> [Target] {
        let keys = sides.parallelMap { Self.key($0.name) }
        // Names written per account, to find accounts used by two different holders.
        var namesByAccount: [String: [Int]] = [:]
        for (s, side) in sides.enumerated() where !side.account.isEmpty { namesByAccount[side.account, default: []].append(s) }
        // An unknown account with several holder names goes to its most frequent name's key.
        var accountKey: [String: String] = [:]
        for (account, list) in namesByAccount.sorted(by: { $0.key < $1.key }) {
            var rowsByKey: [String: Int] = [:]
            var rawByKey: [String: String] = [:]
            for s in list {
                let k = keys[s]
                rowsByKey[k, default: 0] += rows[s]
                if rawByKey[k] == nil { rawByKey[k] = sides[s].name }
            }
            let best = rowsByKey.max { ($0.value, $1.key) < ($1.value, $0.key) }!.key
            accountKey[account] = best
            if rowsByKey.count > 1 {
                let owner = accountOwner[account].map { "entity \(graph.entities.id($0))" } ?? "'\(rawByKey[best]!)'"
                conflicts.append(
                    Conflict(
                        account: account, names: rowsByKey.keys.sorted().map { rawByKey[$0]! },
                        detail:
                            "one account written with different holder names; its payments go to \(owner); check whether the account changed hands"))
            }
        }
        reportNameAtSeveralBanks(sides, keys: keys, accountKey: accountKey)
        var reportedMismatch = Set<String>()
        return sides.indices.map { s in
            let side = sides[s], nameKey = keys[s]
            if let owner = accountOwner[side.account] {
                let ownerKey = Self.key(graph.entities.name(owner))
                if ownerKey != nameKey, let others = byName[nameKey], !others.contains(owner), reportedMismatch.insert(side.account).inserted {
                    conflicts.append(
                        Conflict(
                            account: side.account, names: [graph.entities.name(owner), side.name],
                            detail:
                                "account listed on \(graph.entities.id(owner)) but written with the name of \(others.map { graph.entities.id($0) }.joined(separator: ", ")); went to \(graph.entities.id(owner)) (account first)"
                        ))
                }
                return .entity(owner)
            }
            let key = side.account.isEmpty ? nameKey : (accountKey[side.account] ?? nameKey)
            if let found = byName[key] {
                if found.count == 1 { return .entity(found[0]) }
                if reportedMismatch.insert("name:" + key).inserted {
                    conflicts.append(
                        Conflict(
                            account: side.account, names: found.map { graph.entities.name($0) },
                            detail:
                                "name shared by entities \(found.map { graph.entities.id($0) }.joined(separator: ", ")) and no listed account decides; not merged, payments left out"
                        ))
                }
                return .ambiguous
            }
            return .new(key)
        }
    }

    /// One company name on accounts at two or more banks, for sides that no listed account decides.
    /// Persons are left out: many people share a name, and payments to persons are not trade
    /// (`include_individuals`).
    mutating func reportNameAtSeveralBanks(_ sides: [PaymentSide], keys: [String], accountKey: [String: String]) {
        var accountsByKey: [String: [String: String]] = [:]  // name key -> account -> bank
        var nameOfKey: [String: String] = [:]
        for (s, side) in sides.enumerated()
        where !side.account.isEmpty && accountOwner[side.account] == nil
            && !CompanyName.looksLikePerson(side.name)
        {
            let key = accountKey[side.account] ?? keys[s]
            guard key == keys[s] else { continue }  // the account's other names are reported above
            if accountsByKey[key]?[side.account] == nil { accountsByKey[key, default: [:]][side.account] = side.bank }
            if nameOfKey[key] == nil { nameOfKey[key] = side.name }
        }
        for (key, accounts) in accountsByKey.sorted(by: { $0.key < $1.key }) {
            let banks = Set(accounts.values.filter { !$0.isEmpty })
            guard accounts.count > 1, banks.count > 1 else { continue }
            let list = accounts.sorted { $0.key < $1.key }.map { "\($0.key) (\($0.value))" }.joined(separator: ", ")
            let target =
                byName[key].map { $0.count == 1 ? "entity \(graph.entities.id($0[0]))" : "nobody (the name is shared)" } ?? "one new counterparty"
            conflicts.append(
                Conflict(
                    account: accounts.keys.sorted().joined(separator: "; "), names: [nameOfKey[key]!],
                    detail:
                        "one name on accounts at \(banks.count) banks: \(list); merged into \(target), as one company may bank with several; check that it is one company"
                ))
        }
    }
}
