import Foundation
import Hummingbird
import RelmapCore
import RelmapWorkspace

/// The pages where RMs record their work and see it: the forms on an entity page (log an
/// activity, move the target through its stages, record a relation, mark something wrong), the
/// pipeline (mine, or the team's for a lead), and the ties and introducers gone quiet; each list
/// also as CSV. Forms carry the session's CSRF token; after a write the page waits up to two
/// seconds for the graph to include it, so the RM sees the change on the next page.
struct WorkRoutes {
    let app: WebApp

    func register(on router: Router<ServerContext>) {
        let pages = PageRoutes(app: app)
        router.post("/entities/:id/activities") { request, context in
            try await pages.page(request, context) { try await logActivity(request, context) }
        }
        router.post("/entities/:id/pipeline") { request, context in
            try await pages.page(request, context) { try await movePipeline(request, context) }
        }
        router.post("/entities/:id/relations") { request, context in
            try await pages.page(request, context) { try await recordRelation(request, context) }
        }
        router.post("/entities/:id/corrections") { request, context in
            try await pages.page(request, context) { try await markWrong(request, context) }
        }
        router.post("/people") { request, context in try await pages.page(request, context) { try await recordPerson(request, context) } }
        router.get("/pipeline") { request, context in try await pages.page(request, context) { try pipeline(request, context) } }
        router.get("/pipeline.csv") { request, context in try await pages.page(request, context) { try pipelineCSV(request, context) } }
        router.get("/activities.csv") { request, context in try await pages.page(request, context) { try activitiesCSV(request, context) } }
        router.get("/dormant") { request, context in try await pages.page(request, context) { try dormant(request, context) } }
        router.get("/dormant.csv") { request, context in try await pages.page(request, context) { try dormantCSV(request, context) } }
    }

    // MARK: Forms

    /// The signed-in user, the entity id from the path, and the form's fields, its CSRF checked.
    func form(_ request: Request, _ context: ServerContext) async throws -> (User, String, FormFields) {
        let user = try context.requireUser()
        let fields = try await FormFields(request, context)
        try AuthRoutes.checkCSRF(fields["_csrf"] ?? "", context)
        let id = (try? context.parameters.require("id")).map { $0.removingPercentEncoding ?? $0 } ?? ""
        return (user, id, fields)
    }

    /// After a write: wait a little for the graph, then show the entity page again.
    func done(_ id: String, anchor: String = "work") async -> Response {
        await app.live.refresh(waitingAtMost: 2)
        return Response.redirect(to: View.href(id) + "#" + anchor, type: .normal)
    }

    func logActivity(_ request: Request, _ context: ServerContext) async throws -> Response {
        let (user, id, f) = try await form(request, context)
        let lang = context.language
        let people = f.all("people") + (f["people_ids"] ?? "").split(whereSeparator: { $0 == "," || $0 == "，" || $0 == " " }).map(String.init)
        let draft = ActivityDraft(
            target: id, kind: try RecordFields.kind(f["kind"] ?? "", lang),
            date: try RecordFields.day(f["date"], "date", lang) ?? .today,
            outcome: f["outcome"] ?? "", note: f["note"] ?? "", people: people)
        _ = try app.recording(context) { try app.workspace.logActivity(draft, by: user, exists: app.exists) }
        return await done(id)
    }

    func movePipeline(_ request: Request, _ context: ServerContext) async throws -> Response {
        let (user, id, f) = try await form(request, context)
        let lang = context.language
        guard let stage = Int(f["stage"] ?? "") else { throw RecordFields.bad("stage", "choose a stage from 1 to 6", "请选择 1 到 6 的阶段", lang) }
        let version = (f["version"]).flatMap { $0.isEmpty ? nil : Int($0) }
        let update = PipelineUpdate(
            target: id, stage: stage, status: try RecordFields.status(f["status"] ?? "", lang),
            nextStep: f["next_step"] ?? "", due: try RecordFields.day(f["due"], "due", lang), version: version)
        do {
            _ = try app.recording(context) { try app.workspace.updatePipeline(update, by: user, exists: app.exists) }
        } catch let stale as StaleVersion {
            throw APIError(.conflict, stale.message)
        }
        return await done(id)
    }

    func recordRelation(_ request: Request, _ context: ServerContext) async throws -> Response {
        let (user, id, f) = try await form(request, context)
        let lang = context.language
        let other = (f["other"] ?? "").trimmingCharacters(in: .whitespaces)
        guard !other.isEmpty else { throw RecordFields.bad("other", "give the other entity's id", "请填写对方编号", lang) }
        let thisIsSource = f["side"] != "target"
        let strength = try f["strength"].flatMap { $0.isEmpty ? nil : $0 }.map { text -> Double in
            guard let x = Double(text) else { throw RecordFields.bad("strength", "'\(text)' is not a number", "'\(text)' 不是数字", lang) }
            return x
        }
        let draft = RelationDraft(
            source: thisIsSource ? id : other, target: thisIsSource ? other : id,
            type: try RecordFields.relationType(f["type"] ?? "", lang), date: try RecordFields.day(f["date"], "date", lang),
            outcome: try RecordFields.outcome(f["outcome"], lang), strength: strength, role: f["role"] ?? "", note: f["note"] ?? "")
        _ = try app.recording(context) { try app.workspace.recordRelation(draft, by: user, exists: app.exists) }
        return await done(id)
    }

    func markWrong(_ request: Request, _ context: ServerContext) async throws -> Response {
        let (user, id, f) = try await form(request, context)
        let lang = context.language
        let subject: Suppression.Subject
        if f["subject"] == "entity" {
            subject = .entity(id: id)
        } else {
            subject = .relation(source: f["source"] ?? "", target: f["target"] ?? "", type: try RecordFields.relationType(f["type"] ?? "", lang))
        }
        _ = try app.recording(context) {
            try app.workspace.recordCorrection(CorrectionDraft(subject: subject, note: f["note"] ?? ""), by: user, exists: app.exists)
        }
        return await done(id, anchor: "corrections")
    }

    /// Someone met who is in no file: recorded, then related to the entity whose page it came from.
    func recordPerson(_ request: Request, _ context: ServerContext) async throws -> Response {
        let (user, _, f) = try await form(request, context)
        let lang = context.language
        let entity = try app.recording(context) {
            try app.workspace.recordEntity(
                EntityDraft(
                    name: f["name"] ?? "", kind: try RecordFields.entityKind(f["kind"] ?? "person", lang),
                    industry: f["industry"] ?? "", note: f["note"] ?? ""), by: user)
        }
        if let at = f["at"], !at.isEmpty {
            let knows = RelationDraft(
                source: entity.id, target: at, type: f["kind"] == "person" || f["kind"] == nil ? .knows : .supplies,
                date: .today, note: f["note"] ?? "")
            _ = try app.recording(context) { try app.workspace.recordRelation(knows, by: user, exists: { app.exists($0) || $0 == entity.id }) }
            return await done(at)
        }
        return await done(entity.id)
    }

    // MARK: Lists

    /// The books a list shows: `?rm=` if the user may read it, else every book they may.
    func books(_ request: Request, _ user: User, _ lang: Language) throws -> String? {
        guard let rm = request.uri.queryParameters.get("rm"), !rm.isEmpty else { return nil }
        guard user.scope.mayRank(rm: rm) else {
            throw APIError(.forbidden, lang("RM \(rm)'s pipeline is outside your scope", "客户经理 \(rm) 的营销进展不在您的权限范围内"))
        }
        return rm
    }

    func pipeline(_ request: Request, _ context: ServerContext) throws -> Response {
        let user = try context.requireUser(), lang = context.language
        let rm = try books(request, user, lang)
        let rows = try app.recording(context) { try app.workspace.pipeline(rm: rm, for: user) }
        let graph = app.engine.graph
        let today = Day.today
        var groups: [[String: Any]] = []
        for stage in 1...6 {
            let inStage = rows.filter { $0.stage == stage }
            guard !inStage.isEmpty else { continue }
            groups.append([
                "stage": Words.stage(stage, lang),
                "rows": inStage.map { p -> [String: Any] in
                    let name = graph.index(ofID: p.target).map { graph.entities.name($0) } ?? p.target
                    return View.present([
                        "target": p.target, "name": name, "href": View.href(p.target), "rm": p.rm,
                        "status": Words.pipelineStatus(p.status.rawValue, lang), "statusClass": p.status.rawValue,
                        "nextStep": p.nextStep, "due": p.due?.description ?? "",
                        "overdue": p.due.map { $0 < today && p.status == .approaching } ?? false,
                        "updatedBy": p.updatedBy, "updated": RecordJSON.time(p.updatedAt).prefix(10).description
                    ])
                }
            ])
        }
        // Mustache shows a section for any string, even "": leave `rm` out when no book is chosen.
        var values = View.present([
            "groups": groups, "empty": groups.isEmpty, "rm": rm ?? "",
            "csvHref": "/pipeline.csv" + (rm.map { "?rm=\($0)" } ?? "")
        ])
        if let scope = user.scope.books, scope.count > 1 {
            values["books"] = scope.sorted().map { ["rm": $0, "selected": $0 == rm] }
            values["hasBooks"] = true
        }
        return try app.pages.page("pipeline", title: lang("Pipeline", "营销进展"), context, request: request, values)
    }

    func pipelineCSV(_ request: Request, _ context: ServerContext) throws -> Response {
        let user = try context.requireUser()
        let rows = try app.recording(context) { try app.workspace.pipeline(rm: try books(request, user, context.language), for: user) }
        var t = TextTable(columns: ["rm", "target", "stage", "status", "next_step", "due", "version", "updated_by", "updated_at"])
        for p in rows {
            t.add([
                p.rm, p.target, String(p.stage), p.status.rawValue, p.nextStep, p.due?.description ?? "", String(p.version), p.updatedBy,
                RecordJSON.time(p.updatedAt)
            ])
        }
        return Self.csv(t.text(.csv), name: "pipeline")
    }

    func activitiesCSV(_ request: Request, _ context: ServerContext) throws -> Response {
        let user = try context.requireUser()
        let target = request.uri.queryParameters.get("target").flatMap { $0.isEmpty ? nil : $0 }
        let rows = try app.recording(context) { try app.workspace.activities(target: target, for: user) }
        var t = TextTable(columns: ["id", "rm", "user", "target", "kind", "date", "outcome", "note", "people", "recorded_at"])
        for a in rows {
            t.add([
                String(a.id), a.rm, a.user, a.target, a.kind.rawValue, a.date.description, a.outcome, a.note, a.people.joined(separator: ";"),
                RecordJSON.time(a.recordedAt)
            ])
        }
        return Self.csv(t.text(.csv), name: "activities")
    }

    func dormantAnswer(_ request: Request, _ context: ServerContext) throws -> DormantAnswer {
        let user = try context.requireUser()
        let rm = try books(request, user, context.language)
        let rms: Set<String>? = rm.map { [$0] } ?? user.scope.books
        if let rms, rms.isEmpty {
            throw APIError(.forbidden, context.language("your account has no book; ask an admin to set your RM id", "您的账号没有关联客户经理编号，请联系管理员设置"))
        }
        let engine = app.engine
        // Books the graph does not know (an RM without clients yet) have nothing to list.
        let known = rms.map { $0.filter { engine.graph.entities.rms.existingCode($0) != nil } }
        return try app.answeringSync(context) { try engine.dormant(rms: known, lang: context.language) }
    }

    func dormant(_ request: Request, _ context: ServerContext) throws -> Response {
        let lang = context.language
        let answer = try dormantAnswer(request, context)
        let rows = answer.items.prefix(200).map { i -> [String: Any] in
            var v = View.entity(i.entity, lang)
            v["kind"] = i.kind == .introducer ? lang("introducer", "推介人") : lang("tie", "关系")
            if let via = i.via { v["via"] = View.entity(via, lang) }
            v["type"] = RelationType(name: i.type).map { Words.relation($0, lang) } ?? i.type
            v["contacts"] = i.contacts
            v["last"] = i.lastContact.description
            v["gap"] = i.usualGapDays
            v["silent"] = i.silentDays
            v["won"] =
                i.kind == .introducer
                ? lang("\(i.won) of \(i.referrals), \(lang.amount(i.valueWon))", "\(i.referrals) 次中 \(i.won) 次，\(lang.amount(i.valueWon))") : ""
            return v
        }
        let values: [String: Any] = [
            "rows": rows, "empty": rows.isEmpty, "asOf": answer.asOf.description,
            "more": answer.items.count > rows.count ? answer.items.count - rows.count : 0,
            "csvHref": "/dormant.csv" + (request.uri.queryParameters.get("rm").map { "?rm=\($0)" } ?? "")
        ]
        return try app.pages.page("dormant", title: lang("Gone quiet", "沉寂关系"), context, request: request, values)
    }

    func dormantCSV(_ request: Request, _ context: ServerContext) throws -> Response {
        Self.csv(try dormantAnswer(request, context).text(.csv, context.language), name: "dormant")
    }

    /// CSV with a byte-order mark, so that Excel on a Chinese Windows reads it as UTF-8.
    static func csv(_ text: String, name: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/csv; charset=utf-8"
        headers[.contentDisposition] = "attachment; filename=\"\(name).csv\""
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: "\u{FEFF}" + text)))
    }
}

/// A URL-encoded form body as fields, repeated names kept (checkboxes).
struct FormFields {
    private var pairs: [(String, String)] = []

    init(_ request: Request, _ context: ServerContext) async throws {
        let buffer = try await request.body.collect(upTo: context.maxUploadSize)
        let body = String(buffer: buffer)
        for part in body.split(separator: "&") {
            let kv = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ s: Substring) -> String { String(s).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(s) }
            pairs.append((decode(kv[0]), kv.count > 1 ? decode(kv[1]) : ""))
        }
    }

    subscript(_ name: String) -> String? { pairs.first { $0.0 == name }?.1 }
    func all(_ name: String) -> [String] { pairs.filter { $0.0 == name && !$0.1.isEmpty }.map(\.1) }
}
