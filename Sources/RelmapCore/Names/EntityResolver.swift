import Foundation

/// Finds the entity a person means: by id, by name as it is really written (see `CompanyName`),
/// or by a distinctive part of the name. An ambiguous name lists the candidates; an unknown one
/// suggests the nearest names.
public struct EntityResolver: Sendable {
    public let graph: Graph
    /// The language of the errors it throws and of `describe`.
    public var language: Language
    private let names: LazyNames

    /// Cheap: the name index (`NameIndex`: normalising every name once, O(n), seconds for a
    /// million entities) is built only when a query is not an id.
    public init(graph: Graph, language: Language = .en) {
        self.graph = graph
        self.language = language
        names = LazyNames(graph)
    }

    private var index: NameIndex { names.index }

    /// The name index, built on first use and shared by copies of the resolver.
    private final class LazyNames: @unchecked Sendable {
        private let graph: Graph
        private let lock = NSLock()
        private var built: NameIndex?

        init(_ graph: Graph) { self.graph = graph }

        var index: NameIndex {
            lock.lock()
            defer { lock.unlock() }
            if let built { return built }
            let index = NameIndex(names: graph.entities.names)
            built = index
            return index
        }
    }

    /// The entity meant by `query` (an id or a name).
    /// - Throws: `RelmapError.lookup` when nothing matches (with the nearest names) or several
    ///   entities match (listing them).
    public func resolve(_ query: String) throws -> Int {
        let q = query.trimmingSpaces()
        if let i = graph.index(ofID: q) { return i }
        let matches = candidates(q)
        if matches.count == 1 { return matches[0] }
        let lang = language
        if matches.count > 1 {
            let list = matches.prefix(10).map { describe($0) }.joined(separator: "\n  ")
            let more = matches.count > 10 ? lang("\n  ... and \(matches.count - 10) more", "\n  ……另有 \(matches.count - 10) 个") : ""
            throw RelmapError.lookup(
                lang(
                    "'\(TextTable.quoted(query))' matches \(matches.count) entities; give the id of the one you mean:\n  \(list)\(more)",
                    "'\(TextTable.quoted(query))' 匹配到 \(matches.count) 个主体，请给出所指主体的编号：\n  \(list)\(more)"))
        }
        let near = nearest(q, limit: 5)
        let hint =
            near.isEmpty
            ? lang("; check the spelling, or list entities with `relmap stats`", "；请检查拼写，或用 `relmap stats` 查看主体")
            : lang("; nearest names:\n  ", "；最接近的名称：\n  ") + near.map { describe($0) }.joined(separator: "\n  ")
        let shown = TextTable.quoted(query)
        throw RelmapError.lookup(lang("no entity has the id or name '\(shown)'", "没有编号或名称为 '\(shown)' 的主体") + hint)
    }

    /// Every entity whose name matches `query`: the same normalised name, else the head office of
    /// a branch, else names that contain the query (or that the query contains).
    public func candidates(_ query: String) -> [Int] {
        let key = CompanyName.normalized(query)
        guard !key.isEmpty else { return [] }
        let index = self.index
        if let exact = index.entities(named: key) { return exact }
        if let head = CompanyName.headOffice(query), let exact = index.entities(named: CompanyName.normalized(head)) { return exact }
        guard key.count >= 2 else { return [] }
        return index.entities(containing: key)
    }

    /// The entities with the nearest names by edit distance on normalised names (on a large graph
    /// among those sharing the most character pairs with the query; see `NameIndex`).
    public func nearest(_ query: String, limit: Int) -> [Int] {
        let key = CompanyName.normalized(query)
        return index.nearest(key, bound: max(2, key.count / 2), limit: limit)
    }

    public func describe(_ i: Int) -> String {
        let e = graph.entities
        let details = [Words.status(e.statuses[i], language), e.industries[i], e.regions[i]].filter { !$0.isEmpty }
        return "\(e.ids[i])  \(e.names[i])  " + language("(\(details.joined(separator: ", ")))", "（\(details.joined(separator: "，"))）")
    }
}
