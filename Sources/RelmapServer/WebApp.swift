import Foundation
import Hummingbird
import Logging
import Mustache
import NIOPosix
import RelmapCore
import RelmapRender
import RelmapWorkspace
import Synchronization

/// The web workspace: one loaded graph answering every signed-in RM, the workspace file for
/// accounts and sessions, and the pages. Routes only parse, check the user's scope, ask the
/// `QueryEngine` and render; every rule about who may see what is in `AccessScope` and checked
/// here on the server, never only hidden in a page.
public final class WebApp: Sendable {
    /// Base files plus workspace records, rebuilt in the background when records change.
    let live: LiveGraph
    public let workspace: Workspace
    let pages: Pages
    let rankings = AnswerCache<RankingKey, RankingAnswer>(capacity: 512)
    /// Backtests are seconds of work on a whole bank; a lead's page asks the same few again.
    let backtests = AnswerCache<BacktestKey, BacktestAnswer>(capacity: 16)
    /// Weights for every ranking the server answers, as `relmap next --weights` reads them.
    let weights: RankingWeights
    /// Where `weights` came from: shown to leads beside the backtest.
    let weightsOrigin: WeightsOrigin
    /// Whole-graph signals from a file (`relmap serve --signals`), bound to each engine in turn.
    let signals: SignalsFile?

    /// The engine of the moment. A route that asks several questions takes it once, so that its
    /// answers come from one graph.
    public var engine: QueryEngine { live.engine }

    /// - Parameters:
    ///   - engine: the base files, loaded; the workspace's records are laid over its graph.
    ///   - today: the day ties are aged to; nil for the real day (tests fix it).
    public init(
        engine: QueryEngine, workspace: Workspace, weights: RankingWeights = RankingWeights(),
        weightsOrigin: WeightsOrigin = WeightsOrigin(), today: Day? = nil, signals: SignalsFile? = nil
    ) throws {
        self.workspace = workspace
        self.weights = weights
        self.weightsOrigin = weightsOrigin
        self.signals = signals
        pages = try Pages()
        let rankings = rankings, backtests = backtests
        live = try LiveGraph(
            base: engine, source: engine.source, workspace: workspace, halfLives: weights.halfLives,
            today: today, warm: { try? WebApp.warm($0) },
            swapped: {
                rankings.clear()
                backtests.clear()
            })
    }

    /// Builds what every first answer needs (the ranking context, the name index) before the
    /// server listens, so the first RM waits for nobody.
    public func warmUp() throws { try Self.warm(engine) }

    static func warm(_ engine: QueryEngine) throws {
        _ = try engine.rankingContext()
        _ = try engine.candidateFacets()
        _ = engine.clientsByRM()
        _ = try? engine.ownership()
        _ = engine.search("warm-up")
    }

    /// Merges every record written so far into the graph the answers come from (a write starts
    /// this without waiting; tests and forms wait for it).
    public func catchUp() async { await live.refresh() }

    /// Follows records other processes write (`relmap log`) and the change of day.
    public func watchWorkspace() -> Task<Void, Never> { live.watch() }

    /// The router with every page and API route.
    public func router() -> Router<ServerContext> {
        let router = Router(context: ServerContext.self)
        router.add(middleware: SecurityHeadersMiddleware())
        router.add(middleware: SessionMiddleware(app: self))
        AuthRoutes(app: self).register(on: router)
        APIRoutes(app: self).register(on: router)
        RecordRoutes(app: self).register(on: router)
        WorkRoutes(app: self).register(on: router)
        BacktestRoutes(app: self).register(on: router)
        PageRoutes(app: self).register(on: router)
        return router
    }

    /// The application listening on `host:port` (127.0.0.1 unless the operator says otherwise).
    public func application(
        host: String, port: Int, logger: Logger? = nil,
        onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        Application(
            router: router(), configuration: .init(address: .hostname(host, port: port), serverName: "relmap"),
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? port) },
            logger: logger)
    }

    /// Checks a sign-in on NIO's blocking thread pool: a bcrypt check holds its thread for about
    /// 0.2 s, and on the few threads that run every request (two on a two-core server) two
    /// sign-ins at once would stall every RM's page meanwhile. The pool is bounded, so a flood
    /// of sign-ins queues there (and meets the sign-in limits) instead of starting threads.
    func logIn(name: String, password: String, address: String) async throws -> LoginResult {
        let workspace = self.workspace
        return try await NIOThreadPool.singleton.runIfActive { try workspace.logIn(name: name, password: password, address: address) }
    }

    // MARK: Questions asked on a user's behalf, with the user's scope applied

    /// The RM whose book a ranking starts from: `requested` if the user may rank from it, else
    /// the user's own; nil for an admin without a book (all clients).
    func rankingRM(for user: User, requested: String?) throws -> String? {
        let lang = user.preferredLanguage
        if let requested, !requested.isEmpty {
            guard user.scope.mayRank(rm: requested) else {
                throw APIError(.forbidden, lang("RM \(requested)'s book is outside your scope", "客户经理 \(requested) 的客户不在您的权限范围内"))
            }
            return requested
        }
        return user.scope.defaultRM
    }

    func ranking(rm: String?, industry: String?, region: String?, top: Int, lang: Language) async throws -> RankingAnswer {
        var query = ExpansionRanking.Query(
            seeds: rm.map { .rm($0) } ?? .allClients, industry: industry, region: region,
            top: top, weights: weights)
        query.language = lang
        query.signalsFile = signals
        let question = query
        let engine = self.engine
        return try await rankings.answer(
            RankingKey(
                rm: rm, industry: industry, region: region, top: top, language: lang,
                engine: ObjectIdentifier(engine))
        ) {
            try engine.next(question, explain: true)
        }
    }

    /// Why each target of the user's book is one (entity id -> reasons), from the ranking the book
    /// page already made; empty when it has not been made (an entity page does not rank).
    func knownReasons(for user: User, lang: Language) async -> [String: [String]] {
        guard let rm = try? rankingRM(for: user, requested: nil),
            let answer = await rankings.existing(
                RankingKey(
                    rm: rm, industry: nil, region: nil, top: 20, language: lang,
                    engine: ObjectIdentifier(engine)))
        else { return [:] }
        return Dictionary(answer.rows.map { ($0.id, $0.reasons) }, uniquingKeysWith: { a, _ in a })
    }

    func visibility(_ user: User) -> Visibility {
        let scope = user.scope
        return Visibility { scope.maySeeDetails(ofClientOwnedBy: $0) }
    }

    /// The referral report a user may read: their own book's chains (an RM), a book of their team
    /// (a lead, `rm` or their first), anything (an admin).
    func referralOptions(for user: User, requested: String?, lang: Language) throws -> ReferralReport.Options {
        if let requested, !requested.isEmpty {
            guard user.scope.mayRank(rm: requested) else {
                throw APIError(.forbidden, lang("RM \(requested)'s referrals are outside your scope", "客户经理 \(requested) 的推介记录不在您的权限范围内"))
            }
            return .init(rm: requested)
        }
        if user.scope.books == nil { return .init(rm: nil) }
        guard let rm = user.scope.defaultRM else {
            throw APIError(.forbidden, lang("your account has no book; ask an admin to set your RM id", "您的账号没有关联客户经理编号，请联系管理员设置"))
        }
        return .init(rm: rm)
    }

    /// A lookup failure as the API answers it: 404 with the nearest names.
    func notFound(_ query: String, _ error: RelmapError) -> APIError {
        let near = engine.search(query, limit: 5)
        return APIError(.notFound, error.description, suggestions: near.matches)
    }

    /// Renders a map in-process; DOT is returned as text.
    func renderMap(_ map: MapAnswer, format: String) async throws -> (bytes: [UInt8], contentType: String) {
        switch format {
        case "dot": return (Array(map.dot.utf8), "text/vnd.graphviz; charset=utf-8")
        case "png": return (try await GraphvizRenderer.shared.render(dot: map.dot, format: .png, dpi: 144), "image/png")
        case "pdf": return (try await GraphvizRenderer.shared.render(dot: map.dot, format: .pdf), "application/pdf")
        default: return (try await GraphvizRenderer.shared.render(dot: map.dot, format: .svg), "image/svg+xml")
        }
    }
}

extension User {
    /// The language of this user's answers when the request does not choose one.
    var preferredLanguage: Language { language.flatMap(Language.init(rawValue:)) ?? .zh }
}

/// Answers already given, per question: the graph does not change between rebuilds, so an RM's
/// second look (and a colleague's same question) costs nothing; a question asked twice at once is
/// computed once, off the request's thread. Bounded: the least recently asked go first. Keys carry
/// the engine they were answered from, and a rebuild clears the cache.
final class AnswerCache<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private struct State {
        var tasks: [Key: Task<Value, Error>] = [:]
        var order: [Key] = []
    }
    private let state = Mutex(State())
    let capacity: Int

    init(capacity: Int) { self.capacity = capacity }

    /// Forgets every answer (the graph changed).
    func clear() { state.withLock { $0 = State() } }

    /// The answer to `key` when it was asked before (waiting for it if it is being computed), else
    /// nil without computing it: for extras a page shows only when they cost nothing.
    func existing(_ key: Key) async -> Value? {
        guard let task = state.withLock({ $0.tasks[key] }) else { return nil }
        return try? await task.value
    }

    func answer(_ key: Key, compute: @escaping @Sendable () throws -> Value) async throws -> Value {
        let task = state.withLock { s -> Task<Value, Error> in
            if let t = s.tasks[key] {
                s.order.removeAll { $0 == key }
                s.order.append(key)
                return t
            }
            let t = Task.detached(priority: .userInitiated) { try compute() }
            s.tasks[key] = t
            s.order.append(key)
            if s.order.count > capacity { s.tasks[s.order.removeFirst()] = nil }
            return t
        }
        do { return try await task.value } catch {
            // A failed question (unknown RM, empty filter) is not kept: the answer may change.
            state.withLock { s in
                s.tasks[key] = nil
                s.order.removeAll { $0 == key }
            }
            throw error
        }
    }
}

/// A ranking question as the cache knows it.
struct RankingKey: Hashable, Sendable {
    var rm: String?
    var industry: String?
    var region: String?
    var top: Int
    var language: Language
    /// Answers belong to one engine: after a rebuild the same question is a new one.
    var engine: ObjectIdentifier
}
