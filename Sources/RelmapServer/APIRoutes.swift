import Foundation
import Hummingbird
import RelmapCore
import RelmapWorkspace

/// The JSON API: the same answers, in the same shapes, as the command line's `--format json`.
/// No session: 401; outside the user's scope: 403; an unknown entity: 404 with the nearest names.
struct APIRoutes {
    let app: WebApp

    func register(on router: Router<ServerContext>) {
        let api = router.group("api")
        api.get("me") { _, context -> JSONAnswer<Me> in
            let user = try context.requireUser()
            return JSONAnswer(Me(user: user.name, role: user.role.rawValue, rm: user.rm, team: user.team, language: context.language.rawValue))
        }
        api.get("next") { request, context -> JSONAnswer<RankingAnswer> in
            let user = try context.requireUser()
            let q = request.uri.queryParameters
            let top = try Self.int(q.get("top"), name: "top", default: 20, range: 1...500, context)
            let rm = try app.rankingRM(for: user, requested: q.get("rm"))
            return JSONAnswer(
                try await app.answering(context) {
                    try await app.ranking(rm: rm, industry: q.get("industry"), region: q.get("region"), top: top, lang: context.language)
                })
        }
        api.get("book") { request, context -> JSONAnswer<BookAnswer> in
            let user = try context.requireUser()
            guard let rm = try app.rankingRM(for: user, requested: request.uri.queryParameters.get("rm")) else {
                throw APIError(.badRequest, context.language("give rm=ID", "请给出 rm=编号"))
            }
            return JSONAnswer(try await app.answering(context) { try app.engine.book(rm: rm, lang: context.language) })
        }
        api.get("chain") { request, context -> JSONAnswer<PathsAnswer> in
            _ = try context.requireUser()
            let q = request.uri.queryParameters
            guard let to = q.get("to"), !to.isEmpty else { throw APIError(.badRequest, context.language("give to=ID or a name", "请给出 to=编号或名称")) }
            let k = try Self.int(q.get("k"), name: "k", default: 5, range: 1...50, context)
            let hops = try Self.int(q.get("max_hops"), name: "max_hops", default: 4, range: 1...8, context)
            let via = try app.answeringSync(context) { try RelationTypes.parse(q.get("via")) }
            let from = q.getAll("from").filter { !$0.isEmpty }
            return JSONAnswer(
                try await app.answering(context) {
                    try app.engine.chain(.init(target: to, from: from, k: k, maxHops: hops, via: via, language: context.language))
                })
        }
        api.get("map") { request, context -> Response in
            _ = try context.requireUser()
            let q = request.uri.queryParameters
            guard let client = q.get("client"), !client.isEmpty else {
                throw APIError(.badRequest, context.language("give client=ID", "请给出 client=编号"))
            }
            let depth = try Self.int(q.get("depth"), name: "depth", default: 2, range: 1...4, context)
            let format = q.get("format") ?? "svg"
            guard ["svg", "png", "pdf", "dot"].contains(format) else {
                throw APIError(.badRequest, context.language("format: svg, png, pdf or dot", "format 取值：svg、png、pdf 或 dot"))
            }
            let map = try await app.answering(context) {
                try app.engine.map(.init(focus: .client(client), depth: depth, maxNodes: 40, language: context.language))
            }
            let (bytes, type) = try await app.renderMap(map, format: format)
            var headers = HTTPFields()
            headers[.contentType] = type
            if format == "png" || format == "pdf" {
                headers[.contentDisposition] = "attachment; filename=\"map-\(client.filter { $0.isLetter || $0.isNumber || $0 == "-" }).\(format)\""
            }
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
        }
        api.get("referrals") { request, context -> JSONAnswer<ReferralReport> in
            let user = try context.requireUser()
            let options = try app.referralOptions(for: user, requested: request.uri.queryParameters.get("rm"), lang: context.language)
            return JSONAnswer(try await app.answering(context) { try app.engine.referrals(options, lang: context.language) })
        }
        api.get("entities/:id") { request, context -> JSONAnswer<EntityAnswer> in
            let user = try context.requireUser()
            let id = try context.parameters.require("id").removingPercentEncoding ?? context.parameters.require("id")
            return JSONAnswer(
                try await app.answering(context, lookingUp: id) {
                    try app.engine.entity(id, visibility: app.visibility(user), lang: context.language)
                })
        }
        api.get("search") { request, context -> JSONAnswer<SearchAnswer> in
            _ = try context.requireUser()
            return JSONAnswer(app.engine.search(request.uri.queryParameters.get("q") ?? ""))
        }
    }

    struct Me: Encodable {
        var user: String
        var role: String
        var rm: String?
        var team: [String]
        var language: String
    }

    static func int(_ text: String?, name: String, default value: Int, range: ClosedRange<Int>, _ context: ServerContext) throws -> Int {
        guard let text else { return value }
        guard let n = Int(text), range.contains(n) else {
            throw APIError(
                .badRequest,
                context.language(
                    "\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound)",
                    "\(name) 应为 \(range.lowerBound) 到 \(range.upperBound) 之间的整数"))
        }
        return n
    }
}

extension WebApp {
    /// Runs a question and turns the core's errors into HTTP answers: an unknown name is 404
    /// with the nearest names, a question the data cannot answer 422, bad parameters 400.
    func answering<T: Sendable>(
        _ context: ServerContext, lookingUp query: String? = nil,
        _ body: @Sendable () async throws -> T
    ) async throws -> T {
        do { return try await body() } catch let error as RelmapError {
            throw httpError(error, lookingUp: query, context)
        }
    }

    func answeringSync<T>(_ context: ServerContext, _ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as RelmapError { throw httpError(error, lookingUp: nil, context) }
    }

    func httpError(_ error: RelmapError, lookingUp query: String?, _ context: ServerContext) -> APIError {
        switch error {
        case .lookup: return query.map { notFound($0, error) } ?? APIError(.notFound, error.description)
        case .usage: return APIError(.badRequest, error.description)
        case .unanswerable, .invalidData: return APIError(.unprocessableContent, error.description)
        case .io: return APIError(.internalServerError, error.description)
        }
    }
}
