import Foundation
import Hummingbird
import RelmapCore
import RelmapWorkspace

/// A backtest as a lead's page shows it: the table, each method's hits curve drawn as one chart,
/// for one day, k and book.
struct BacktestAnswer: Sendable {
    let result: BacktestResult
    let chart: String
}

struct BacktestKey: Hashable, Sendable {
    var day: Day
    var k: Int
    var rm: String?
    var language: Language
    var engine: ObjectIdentifier
}

/// The leads' page that answers "does the ranking find the clients we later won, better than
/// picking by size?" from the bank's own history (Guides/Backtest.md): the backtest of a past
/// day for the whole bank or one book of the lead's team, precision at k drawn for every method,
/// and the weights the server ranks with, with where they came from. RMs do not see it: it judges
/// books side by side, which is a lead's view (as the team page).
struct BacktestRoutes {
    let app: WebApp

    func register(on router: Router<ServerContext>) {
        let pages = PageRoutes(app: app)
        router.get("/backtest") { request, context in try await pages.page(request, context) { try await backtest(request, context) } }
    }

    func backtest(_ request: Request, _ context: ServerContext) async throws -> Response {
        let user = try context.requireUser(), lang = context.language
        guard user.role != .rm else {
            throw APIError(.forbidden, lang("the backtest is for leads", "排序回测仅供团队负责人查看"))
        }
        let q = request.uri.queryParameters
        let engine = app.engine
        // A lead with a team backtests one book of it; an admin, the whole bank unless a book is chosen.
        let requested = q.get("rm").flatMap { $0.isEmpty ? nil : $0 }
        let rm = try requested.map { try app.rankingRM(for: user, requested: $0) } ?? (user.scope.books == nil ? nil : user.scope.defaultRM)
        if user.scope.books != nil && rm == nil {
            throw APIError(.forbidden, lang("your account has no book; ask an admin to set your RM id", "您的账号没有关联客户经理编号，请联系管理员设置"))
        }
        let k = try Self.k(q.get("k"), lang)
        let suggested = Backtest.suggestedDay(engine.graph)
        let day: Day?
        if let text = q.get("as_of"), !text.isEmpty {
            guard let parsed = ValueParsing.parseDay(text) else {
                throw APIError(.badRequest, lang("as_of: '\(text)' is not a date; write it as 2024-06-30", "as_of：'\(text)' 不是日期，请写成 2024-06-30"))
            }
            day = parsed
        } else {
            day = suggested
        }

        var values: [String: Any] = ["k": k, "asOf": day?.description ?? "", "wholeBank": user.scope.books == nil]
        let books = user.scope.books.map { Array($0).sorted() } ?? engine.graph.entities.rms.values.filter { !$0.isEmpty }.sorted()
        values["books"] = books.map { ["rm": $0, "selected": $0 == rm] }
        values["weights"] = Self.weightRows(app.weights)
        let origin = app.weightsOrigin
        values["weightsSource"] =
            origin.path.map { path in
                lang("File \(path)", "文件 \(path)")
                    + (origin.modified.map { lang(", written ", "，写于 ") + Day(daysSince1970: Int32($0.timeIntervalSince1970 / 86_400)).description }
                        ?? "")
            }
            ?? lang(
                "The defaults (Guides/Ranking.md): no weights file was given to relmap serve.",
                "默认权重（见 Guides/Ranking.md）：relmap serve 没有指定权重文件。")
        values["weightsNotes"] = origin.comments.isEmpty ? nil : origin.comments.joined(separator: "\n")

        var status = HTTPResponse.Status.ok
        if let day {
            let weights = app.weights
            let key = BacktestKey(day: day, k: k, rm: rm, language: lang, engine: ObjectIdentifier(engine))
            do {
                let answer = try await app.backtests.answer(key) {
                    var query = Backtest.Query(asOf: day, k: k, rm: rm, weights: weights)
                    query.language = lang
                    let prepared = try Backtest.prepare(engine.graph, query)
                    let result = Backtest.evaluate(prepared, weights: weights, k: k, language: lang)
                    // Twice k, so the reader sees whether a method keeps finding wins past the list.
                    let curves = Backtest.curves(prepared, weights: weights, limit: 2 * k)
                    return BacktestAnswer(result: result, chart: PrecisionChart(curves: curves, k: k, language: lang).svg())
                }
                values["result"] = Self.resultValues(answer, lang)
            } catch let error as RelmapError {
                guard case .unanswerable(let message) = error else { throw error }
                values["problem"] = message
                status = .unprocessableContent
            }
        } else {
            values["problem"] = BacktestText(lang).noClientSince
            status = .unprocessableContent
        }
        return try app.pages.page("backtest", title: lang("Backtest", "排序回测"), context, request: request, values, status: status)
    }

    static func k(_ text: String?, _ lang: Language) throws -> Int {
        guard let text, !text.isEmpty else { return 100 }
        guard let k = Int(text), (1...5000).contains(k) else {
            throw APIError(.badRequest, lang("k: '\(text)' is not a whole number from 1 to 5000", "k：'\(text)' 不是 1 到 5000 之间的整数"))
        }
        return k
    }

    static func resultValues(_ answer: BacktestAnswer, _ lang: Language) -> [String: Any] {
        let r = answer.result, text = BacktestText(lang)
        let best = r.bestInTop
        let rows = Backtest.methods.compactMap { m -> [String: Any]? in
            guard let v = r.methods[m] else { return nil }
            return [
                "method": text.methodName(m), "hits": text.fmt(v.hits), "precision": String(format: "%.3f", v.precision),
                "recall": String(format: "%.3f", v.recall), "auc": String(format: "%.3f", v.auc),
                "ap": String(format: "%.3f", v.averagePrecision),
                "rowClass": m == "relmap" ? "ours" : m == "random" ? "muted" : "", "best": m == best
            ]
        }
        return [
            "heading": r.heading(text), "verdict": r.verdict(lang), "rows": rows, "chart": answer.chart,
            "notes": r.notes, "hasNotes": !r.notes.isEmpty
        ]
    }

    /// The weights as a lead reads them: each signal's share of the score and its transform.
    static func weightRows(_ w: RankingWeights) -> [[String: Any]] {
        let t = w.transforms
        return [
            ("ppr", w.ppr, t.ppr.rawValue), ("bridge", w.bridge, t.bridge.rawValue), ("coverage", w.coverage, t.coverage.rawValue),
            ("access", w.access, ""), ("potential", w.potential, t.potential.rawValue), ("group", w.group, "")
        ]
        .map { ["signal": $0.0, "weight": String(format: "%.3f", $0.1), "transform": $0.2] }
    }
}
