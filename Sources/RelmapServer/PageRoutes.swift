import Foundation
import Hummingbird
import RelmapCore
import RelmapWorkspace

/// The pages RMs and leads work in. Each works without JavaScript: links and plain forms.
struct PageRoutes {
    let app: WebApp

    func register(on router: Router<ServerContext>) {
        router.get("/style.css") { _, _ in PageRoutes.asset(Pages.css, type: "text/css; charset=utf-8") }
        router.get("/map.js") { _, _ in PageRoutes.asset(Pages.mapScript, type: "text/javascript; charset=utf-8") }
        router.get("/healthz") { _, _ in "ok" }
        router.get("/favicon.ico") { _, _ in Response(status: .noContent) }
        router.get("/") { request, context in try await page(request, context) { try await book(request, context) } }
        router.get("/entities/:id") { request, context in try await page(request, context) { try await entity(request, context) } }
        router.get("/search") { request, context in try await page(request, context) { try search(request, context) } }
        router.get("/referrals") { request, context in try await page(request, context) { try await referrals(request, context) } }
        router.get("/team") { request, context in try await page(request, context) { try await team(request, context) } }
        router.get("/next.csv") { request, context in try await page(request, context) { try await nextCSV(request, context) } }
    }

    /// A file every page uses, cached for an hour.
    static func asset(_ text: String, type: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = type
        headers[.cacheControl] = "max-age=3600"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// Runs a page and shows its errors in the page frame, with the same status as the API.
    func page(_ request: Request, _ context: ServerContext, _ body: () async throws -> Response) async throws -> Response {
        do { return try await body() } catch let error as APIError {
            return try app.pages.error(context, error)
        } catch let error as RelmapError {
            return try app.pages.error(context, app.httpError(error, lookingUp: nil, context))
        }
    }

    func book(_ request: Request, _ context: ServerContext) async throws -> Response {
        let user = try context.requireUser(), lang = context.language
        let q = request.uri.queryParameters
        let rm = try app.rankingRM(for: user, requested: q.get("rm"))
        let industry = q.get("industry").flatMap { $0.isEmpty ? nil : $0 }
        let region = q.get("region").flatMap { $0.isEmpty ? nil : $0 }
        var values: [String: Any] = ["rm": rm ?? ""]
        if let rm {
            let book = try await app.answering(context) { try app.engine.book(rm: rm, lang: lang) }
            values["clients"] = book.clients.map { c -> [String: Any] in
                var v = View.entity(c.entity, lang)
                v["tier"] = c.tier.map(String.init) ?? ""
                v["stage"] = c.stage.map(String.init) ?? ""
                v["value"] = c.value.map(lang.amount) ?? ""
                return v
            }
            values["clientCount"] = book.clients.count
            values["totalValue"] = lang.amount(book.totalValue)
        }
        let ranking = try await app.answering(context) {
            try await app.ranking(rm: rm, industry: industry, region: region, top: 20, lang: lang)
        }
        values["targets"] = View.ranking(ranking, lang)
        values["candidateCount"] = ranking.candidateCount
        values["approximate"] = ranking.approximate
        values["seedsLabel"] = ranking.seedsLabel
        if !ranking.notes.isEmpty {
            values["notes"] = ranking.notes
            values["hasNotes"] = true
        }
        let facets = try app.engine.candidateFacets()
        values["industries"] = facets.industries.map { ["name": $0, "selected": $0 == industry] }
        values["regions"] = facets.regions.map { ["name": $0, "selected": $0 == region] }
        values["csvHref"] =
            "/next.csv?"
            + [("rm", rm), ("industry", industry), ("region", region)]
            .compactMap { k, v in v.map { "\(k)=\($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? $0)" } }.joined(separator: "&")
        if let scope = user.scope.books, scope.count > 1 {
            values["books"] = scope.sorted().map { ["rm": $0, "selected": $0 == rm] }
            values["hasBooks"] = true
        }
        let title = rm.map { lang("\($0)'s book", "\($0) 的客户") } ?? lang("All clients", "全部客户")
        return try app.pages.page("book", title: title, context, request: request, values)
    }

    func nextCSV(_ request: Request, _ context: ServerContext) async throws -> Response {
        let user = try context.requireUser()
        let q = request.uri.queryParameters
        let rm = try app.rankingRM(for: user, requested: q.get("rm"))
        let ranking = try await app.answering(context) {
            try await app.ranking(
                rm: rm, industry: q.get("industry").flatMap { $0.isEmpty ? nil : $0 },
                region: q.get("region").flatMap { $0.isEmpty ? nil : $0 }, top: 20, lang: context.language)
        }
        var headers = HTTPFields()
        headers[.contentType] = "text/csv; charset=utf-8"
        headers[.contentDisposition] = "attachment; filename=\"next-\(rm ?? "all").csv\""
        // A byte-order mark so that Excel on a Chinese Windows reads the names as UTF-8.
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: "\u{FEFF}" + ranking.text(.csv, context.language))))
    }

    func entity(_ request: Request, _ context: ServerContext) async throws -> Response {
        let user = try context.requireUser(), lang = context.language
        let engine = app.engine
        let id = try context.parameters.require("id").removingPercentEncoding ?? context.parameters.require("id")
        if engine.graph.index(ofID: id) == nil, let marked = try markedWrong(id, user, context, request: request) { return marked }
        let answer = try await app.answering(context, lookingUp: id) {
            try engine.entity(id, visibility: app.visibility(user), lang: lang)
        }
        var values: [String: Any] = ["entity": View.entity(answer.entity, lang)]
        values["kind"] = EntityKind(name: answer.entity.kind).map { Words.kind($0, lang) } ?? answer.entity.kind
        if let v = answer.value { values["value"] = lang.amount(v) }
        if let t = answer.tier { values["tier"] = String(t) }
        if let st = answer.stage { values["stage"] = String(st) }
        if let size = answer.size { values["size"] = lang.amount(size) }
        values["hidden"] = !answer.hidden.isEmpty
        values["relations"] = answer.relations.map { r -> [String: Any] in
            var v = View.entity(r.other, lang)
            v["type"] = RelationType(name: r.type).map { Words.relation($0, lang) } ?? r.type
            v["direction"] = r.direction == "out" ? "→" : "←"
            v["amount"] = r.weight.map { r.type == "owns" ? String(format: "%.0f%%", $0 * 100) : lang.amount($0) } ?? ""
            v["date"] = r.date ?? ""
            // What a "mark wrong" form sends: the relation as the files name it.
            v["source"] = r.direction == "out" ? answer.entity.id : r.other.id
            v["target"] = r.direction == "out" ? r.other.id : answer.entity.id
            v["typeName"] = r.type
            return v
        }
        values["moreRelations"] = answer.relationCount > answer.relations.count ? answer.relationCount - answer.relations.count : 0
        addWork(to: &values, answer, user, lang)
        values["chainClients"] = answer.chainClients.map { c -> [String: Any] in
            var v = View.entity(c.client, lang)
            v["hops"] = c.hops
            v["volume"] = lang.amount(c.volume)
            return v
        }
        values["hasChainClients"] = !answer.chainClients.isEmpty
        values["paths"] = View.paths(answer.warmestPaths, answer.warmestStarts, lang)
        values["isClient"] = answer.entity.status == "client"
        addOwnership(to: &values, answer.entity, engine, lang)
        // The map of its value chain, drawn in-process; a graph without supplies relations around
        // this entity has none to draw.
        // Companies link to their pages; targets of the RM's ranking carry its reasons in their tooltip.
        let reasons = await app.knownReasons(for: user, lang: lang)
        if let map = try? engine.map(
            .init(
                focus: .client(answer.entity.id), depth: 1, maxNodes: 30, language: lang,
                page: MapPage(linkPrefix: "/entities/", reasons: reasons))), map.edgeCount > 0,
            let svg = try? await app.renderMap(map, format: "svg")
        {
            let text = String(decoding: svg.bytes, as: UTF8.self)
            values["mapSVG"] = text.range(of: "<svg").map { String(text[$0.lowerBound...]) } ?? ""
            let id = answer.entity.id.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? answer.entity.id
            values["mapPNG"] = "/api/map?client=\(id)&depth=1&format=png"
            values["mapPDF"] = "/api/map?client=\(id)&depth=1&format=pdf"
        }
        return try app.pages.page("entity", title: answer.entity.name, context, request: request, values)
    }

    /// What RMs recorded about the entity (as far as the user may read) and the forms to record
    /// more: activities, the user's pipeline row and its history, recorded relations, corrections.
    /// An entity the files hold but someone marked wrong: not a 404 (the RM who just marked it
    /// lands here), but who marked it, when and why, and that it is left out of every answer.
    /// Nil when the id is not in the files either, or no mark the user may see explains it.
    func markedWrong(_ id: String, _ user: User, _ context: ServerContext, request: Request) throws -> Response? {
        let base = app.live.base
        guard let i = base.index(ofID: id) else { return nil }
        let marks = try app.workspace.corrections(involving: id, for: user).filter {
            if case .entity(let e) = $0.subject { return e == id } else { return false }
        }
        guard !marks.isEmpty else { return nil }
        let lang = context.language
        let e = base.entities
        // Empty texts are left out: the templates treat "" as present.
        var values: [String: Any] = [
            "name": e.names[i], "id": id, "status": Words.status(e.statuses[i], lang),
            "marks": marks.map { m -> [String: Any] in
                var v: [String: Any] = ["by": m.user, "on": Day(daysSince1970: Int32(m.recordedAt.timeIntervalSince1970 / 86_400)).description]
                if !m.rm.isEmpty { v["rm"] = m.rm }
                if !m.note.isEmpty { v["note"] = m.note }
                return v
            }
        ]
        if !e.industries[i].isEmpty { values["industry"] = e.industries[i] }
        return try app.pages.page("marked", title: e.names[i], context, request: request, values, status: .gone)
    }

    func addWork(to values: inout [String: Any], _ answer: EntityAnswer, _ user: User, _ lang: Language) {
        let id = answer.entity.id, ws = app.workspace
        values["canRecord"] = !(user.rm ?? "").isEmpty
        values["today"] = Day.today.description
        let names = Dictionary(answer.relations.map { ($0.other.id, $0.other.name) }, uniquingKeysWith: { a, _ in a })
        func name(_ entity: String) -> String { entity == id ? answer.entity.name : names[entity] ?? entity }
        let activities = (try? ws.activities(target: id, for: user)) ?? []
        values["activities"] = activities.map { a -> [String: Any] in
            View.present([
                "date": a.date.description, "kind": Words.activity(a.kind.rawValue, lang), "user": a.user, "outcome": a.outcome,
                "note": a.note, "met": a.people.map(name).joined(separator: "、")
            ])
        }
        values["hasActivities"] = !activities.isEmpty
        var seen = Set<String>()
        values["people"] = answer.relations.filter { $0.other.kind == "person" && seen.insert($0.other.id).inserted }
            .map { ["id": $0.other.id, "name": $0.other.name] }
        values["kinds"] = ActivityKind.allCases.map { ["value": $0.rawValue, "label": Words.activity($0.rawValue, lang)] }
        let mine = user.rm.flatMap { rm in (try? ws.pipeline(rm: rm, for: user))?.first { $0.target == id } }
        if let mine {
            values["pipeline"] = View.present([
                "stage": Words.stage(mine.stage, lang), "status": Words.pipelineStatus(mine.status.rawValue, lang),
                "nextStep": mine.nextStep, "due": mine.due?.description ?? "", "version": String(mine.version)
            ])
        }
        values["version"] = mine.map { String($0.version) } ?? ""
        values["dueValue"] = mine?.due?.description ?? ""
        values["nextStepValue"] = mine?.nextStep ?? ""
        let current = mine?.stage ?? answer.stage ?? 1
        values["stages"] = (1...6).map { ["value": $0, "label": Words.stage($0, lang), "selected": $0 == current] }
        values["statuses"] = PipelineStatus.allCases.map {
            [
                "value": $0.rawValue, "label": Words.pipelineStatus($0.rawValue, lang),
                "selected": $0 == (mine?.status ?? .approaching)
            ]
        }
        let history = (try? ws.pipelineHistory(target: id, rm: nil, for: user)) ?? []
        values["history"] = history.map { h -> [String: Any] in
            View.present([
                "rm": h.rm, "stage": Words.stage(h.stage, lang), "status": Words.pipelineStatus(h.status.rawValue, lang),
                "nextStep": h.nextStep, "due": h.due?.description ?? "", "user": h.user, "at": RecordJSON.time(h.at).prefix(16).description
            ])
        }
        values["hasHistory"] = !history.isEmpty
        let recorded = (try? ws.recordedRelations(involving: id, for: user)) ?? []
        values["recorded"] = recorded.map { r -> [String: Any] in
            View.present([
                "source": name(r.source), "sourceHref": View.href(r.source), "target": name(r.target), "targetHref": View.href(r.target),
                "type": Words.relation(r.type, lang), "date": r.date?.description ?? "", "outcome": r.outcome.name,
                "user": r.user, "note": r.note
            ])
        }
        values["hasRecorded"] = !recorded.isEmpty
        values["relationTypes"] = [RelationType.refers, .knows, .worksAt, .supplies, .owns, .guarantees, .memberOf]
            .map { ["value": $0.name, "label": Words.relation($0, lang)] }
        let corrections = (try? ws.corrections(involving: id, for: user)) ?? []
        values["corrections"] = corrections.map { c -> [String: Any] in
            let what: String
            switch c.subject {
            case .relation(let s, let t, let type): what = "\(name(s)) → \(name(t)) (\(Words.relation(type, lang)))"
            case .entity(let e): what = name(e)
            }
            return View.present(["what": what, "user": c.user, "note": c.note, "at": RecordJSON.time(c.recordedAt).prefix(10).description])
        }
        values["hasCorrections"] = !corrections.isEmpty
    }

    /// Who owns and controls the entity, its beneficial owners, and the members of its group that
    /// do not bank with us (股权穿透, 集团客户): registry facts, open to every user. Left out when
    /// the graph has no holdings around it or its ownership data cannot be solved.
    func addOwnership(to values: inout [String: Any], _ entity: EntityRef, _ engine: QueryEngine, _ lang: Language) {
        func pct(_ x: Double) -> String { String(format: "%.1f%%", x * 100) }
        if let owners = try? engine.owners(.init(entity: entity.id, language: lang)),
            owners.controller != nil || !owners.owners.isEmpty
        {
            values["hasOwnership"] = true
            if let id = owners.controller { values["controller"] = ["name": owners.controllerName ?? id, "href": View.href(id)] }
            values["owners"] = owners.owners.prefix(8).map {
                ["name": $0.name, "href": View.href($0.id), "share": pct($0.share), "direct": pct($0.direct)]
            }
            values["ubos"] = owners.ubos.map { ["name": $0.name, "href": View.href($0.id), "share": pct($0.share)] }
        }
        let graph = engine.graph
        if let state = try? engine.ownership(), let i = graph.index(ofID: entity.id), let group = state.groups.group(of: i), group.members.count > 1 {
            values["hasOwnership"] = true
            values["group"] = [
                "size": group.members.count, "clients": group.clients.count, "controller": graph.entities.name(group.controller),
                "href": View.href(graph.entities.id(group.controller))
            ]
            values["groupOutside"] = group.uncovered.filter { $0 != i }.prefix(20).map { View.entity(EntityRef(graph, $0), lang) }
        }
    }

    func search(_ request: Request, _ context: ServerContext) throws -> Response {
        _ = try context.requireUser()
        let q = request.uri.queryParameters.get("q") ?? ""
        let answer = app.engine.search(q)
        if answer.exact && answer.matches.count == 1 { return Response.redirect(to: View.href(answer.matches[0].id), type: .found) }
        let values: [String: Any] = [
            "q": q, "matches": answer.matches.map { View.entity($0, context.language) },
            "exact": answer.exact, "empty": answer.matches.isEmpty
        ]
        return try app.pages.page("search", title: context.language("Search", "搜索"), context, request: request, values)
    }

    func referrals(_ request: Request, _ context: ServerContext) async throws -> Response {
        let user = try context.requireUser()
        let options = try app.referralOptions(for: user, requested: request.uri.queryParameters.get("rm"), lang: context.language)
        let report = try await app.answering(context) { try app.engine.referrals(options, lang: context.language) }
        // The report's own self-contained HTML, its body placed inside the page frame.
        let html = report.html()
        let body =
            html.range(of: "<body>").flatMap { start in html.range(of: "</body>").map { String(html[start.upperBound..<$0.lowerBound]) } } ?? html
        let style =
            html.range(of: "<style>").flatMap { start in html.range(of: "</style>").map { String(html[start.upperBound..<$0.lowerBound]) } } ?? ""
        var values: [String: Any] = ["report": body, "reportStyle": style, "rm": options.rm ?? ""]
        if let scope = user.scope.books, scope.count > 1 {
            values["books"] = scope.sorted().map { ["rm": $0, "selected": $0 == options.rm] }
            values["hasBooks"] = true
        }
        return try app.pages.page("referrals", title: context.language("Referrals", "推介报告"), context, request: request, values)
    }

    func team(_ request: Request, _ context: ServerContext) async throws -> Response {
        let user = try context.requireUser(), lang = context.language
        guard user.role != .rm else { throw APIError(.forbidden, lang("the team view is for leads", "团队视图仅供团队负责人使用")) }
        let engine = app.engine
        let rms = user.scope.books.map { Array($0).sorted() } ?? engine.graph.entities.rms.values.filter { !$0.isEmpty }.sorted()
        var books: [[String: Any]] = []
        for rm in rms.prefix(40) {
            guard let book = try? engine.book(rm: rm, lang: lang) else { continue }
            let ranking = try? await app.ranking(rm: rm, industry: nil, region: nil, top: 20, lang: lang)
            books.append([
                "rm": rm, "clients": book.clients.count, "value": lang.amount(book.totalValue),
                "targets": (ranking.map { View.ranking($0, lang) } ?? []).prefix(5).map { $0 }
            ])
        }
        return try app.pages.page("team", title: lang("Team", "团队"), context, request: request, ["books": books])
    }
}
