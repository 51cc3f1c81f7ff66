import Foundation
import HTTPTypes
import Hummingbird
import RelmapCore
import RelmapWorkspace

/// What RMs record through the JSON API: activities, pipeline rows, relations, new entities and
/// corrections. The workspace enforces who may write and read what (`Records.swift`); these
/// routes parse, call it, and answer. Writes need a session, a JSON body and the session's CSRF
/// token in `X-CSRF-Token` (the sign-in answer carries it); there are no deletes: a correction is
/// a record. A write is answered once it is committed (durable); the graph catches up in the
/// background, and `revision` in the answer says which workspace revision the write made.
struct RecordRoutes {
    let app: WebApp
    static let csrfHeader = HTTPField.Name("X-CSRF-Token")!

    func register(on router: Router<ServerContext>) {
        let api = router.group("api")
        api.post("activities") { request, context -> Response in
            let user = try Self.writer(request, context)
            let body = try await Self.decode(ActivityBody.self, request, context)
            let draft = try body.draft(context.language)
            let activity = try app.recording(context) { try app.workspace.logActivity(draft, by: user, exists: app.exists) }
            return try app.created(RecordJSON.activity(activity), request, context)
        }
        api.get("activities") { request, context -> JSONAnswer<[RecordJSON.Activity]> in
            let user = try context.requireUser()
            let target = request.uri.queryParameters.get("target").flatMap { $0.isEmpty ? nil : $0 }
            return JSONAnswer(try app.recording(context) { try app.workspace.activities(target: target, for: user) }.map(RecordJSON.activity))
        }
        api.get("pipeline") { request, context -> JSONAnswer<[RecordJSON.Pipeline]> in
            let user = try context.requireUser()
            let rm = request.uri.queryParameters.get("rm").flatMap { $0.isEmpty ? nil : $0 }
            if let rm, !user.scope.mayRank(rm: rm) {
                throw APIError(.forbidden, context.language("RM \(rm)'s pipeline is outside your scope", "客户经理 \(rm) 的营销进展不在您的权限范围内"))
            }
            return JSONAnswer(try app.recording(context) { try app.workspace.pipeline(rm: rm, for: user) }.map(RecordJSON.pipeline))
        }
        api.put("pipeline/:target") { request, context -> Response in
            let user = try Self.writer(request, context)
            let target = try context.parameters.require("target").removingPercentEncoding ?? context.parameters.require("target")
            let body = try await Self.decode(PipelineBody.self, request, context)
            let update = try body.update(target: target, context.language)
            let entry = try app.recording(context) { try app.workspace.updatePipeline(update, by: user, exists: app.exists) }
            app.graphChanged()
            return try JSONAnswer(RecordJSON.Written(record: RecordJSON.pipeline(entry), revision: app.workspaceRevision))
                .response(from: request, context: context)
        }
        api.post("relations") { request, context -> Response in
            let user = try Self.writer(request, context)
            let body = try await Self.decode(RelationBody.self, request, context)
            let draft = try body.draft(context.language)
            let recorded = try app.recording(context) { try app.workspace.recordRelation(draft, by: user, exists: app.exists) }
            return try app.created(RecordJSON.relation(recorded), request, context)
        }
        api.post("entities") { request, context -> Response in
            let user = try Self.writer(request, context)
            let body = try await Self.decode(EntityBody.self, request, context)
            let draft = try body.draft(context.language)
            let entity = try app.recording(context) { try app.workspace.recordEntity(draft, by: user) }
            return try app.created(
                RecordJSON.Entity(id: entity.id, name: entity.name, kind: entity.kind.name, industry: entity.industry), request, context)
        }
        api.post("corrections") { request, context -> Response in
            let user = try Self.writer(request, context)
            let body = try await Self.decode(CorrectionBody.self, request, context)
            let draft = try body.draft(context.language)
            let correction = try app.recording(context) { try app.workspace.recordCorrection(draft, by: user, exists: app.exists) }
            return try app.created(RecordJSON.correction(correction), request, context)
        }
    }

    /// A write needs a signed-in user, a JSON body and the session's CSRF token in a header.
    static func writer(_ request: Request, _ context: ServerContext) throws -> User {
        let user = try context.requireUser()
        try AuthRoutes.requireJSON(request, context)
        try AuthRoutes.checkCSRF(request.headers[RecordRoutes.csrfHeader] ?? "", context)
        return user
    }

    /// The body as `T`; a malformed body or a field of the wrong type is 400 naming what is wrong.
    static func decode<T: Decodable>(_ type: T.Type, _ request: Request, _ context: ServerContext) async throws -> T {
        // Read here rather than through `request.decode`, which answers a missing field in the
        // library's words; a body past `maxUploadSize` is still refused (413) before it is read.
        let buffer = try await request.body.collect(upTo: context.maxUploadSize)
        do { return try JSONDecoder().decode(T.self, from: Data(buffer: buffer)) } catch let error as DecodingError {
            throw APIError(
                .badRequest,
                context.language(
                    "the body is not the JSON this route takes: \(Self.describe(error))",
                    "请求体不是本接口所需的 JSON：\(Self.describe(error))"))
        }
    }

    static func describe(_ error: DecodingError) -> String {
        switch error {
        case .typeMismatch(_, let c), .valueNotFound(_, let c), .dataCorrupted(let c):
            let path = c.codingPath.map(\.stringValue).joined(separator: ".")
            return path.isEmpty ? c.debugDescription : "\(path): \(c.debugDescription)"
        case .keyNotFound(let key, _): return "\(key.stringValue) is missing / 缺少 \(key.stringValue)"
        @unknown default: return "\(error)"
        }
    }

    // MARK: Bodies

    struct ActivityBody: Decodable {
        var target: String
        var kind: String
        var date: String?
        var outcome: String?
        var note: String?
        var people: [String]?

        func draft(_ lang: Language) throws -> ActivityDraft {
            ActivityDraft(
                target: target, kind: try RecordFields.kind(kind, lang), date: try RecordFields.day(date, "date", lang) ?? .today,
                outcome: outcome ?? "", note: note ?? "", people: people ?? [])
        }
    }

    struct PipelineBody: Decodable {
        var stage: Int
        var status: String
        var nextStep: String?
        var due: String?
        var version: Int?
        enum CodingKeys: String, CodingKey { case stage, status, due, version, nextStep = "next_step" }

        func update(target: String, _ lang: Language) throws -> PipelineUpdate {
            PipelineUpdate(
                target: target, stage: stage, status: try RecordFields.status(status, lang), nextStep: nextStep ?? "",
                due: try RecordFields.day(due, "due", lang), version: version)
        }
    }

    struct RelationBody: Decodable {
        var source: String
        var target: String
        var type: String
        var date: String?
        var outcome: String?
        var strength: Double?
        var weight: Double?
        var role: String?
        var note: String?

        func draft(_ lang: Language) throws -> RelationDraft {
            RelationDraft(
                source: source, target: target, type: try RecordFields.relationType(type, lang),
                date: try RecordFields.day(date, "date", lang), outcome: try RecordFields.outcome(outcome, lang),
                strength: strength, weight: weight, role: role ?? "", note: note ?? "")
        }
    }

    struct EntityBody: Decodable {
        var name: String
        var kind: String?
        var industry: String?
        var note: String?

        func draft(_ lang: Language) throws -> EntityDraft {
            EntityDraft(name: name, kind: try RecordFields.entityKind(kind ?? "person", lang), industry: industry ?? "", note: note ?? "")
        }
    }

    struct CorrectionBody: Decodable {
        struct RelationRef: Decodable {
            var source: String
            var target: String
            var type: String
        }
        var relation: RelationRef?
        var entity: String?
        var note: String?

        func draft(_ lang: Language) throws -> CorrectionDraft {
            switch (relation, entity) {
            case (let r?, nil):
                return CorrectionDraft(
                    subject: .relation(source: r.source, target: r.target, type: try RecordFields.relationType(r.type, lang)), note: note ?? "")
            case (nil, let id?):
                return CorrectionDraft(subject: .entity(id: id), note: note ?? "")
            default:
                throw APIError(
                    .badRequest,
                    lang("give either relation {source, target, type} or entity, not both", "请给出 relation {source, target, type} 或 entity 之一，不能同时给出"))
            }
        }
    }
}

/// Parsing the fields forms and the API share, each error naming its field in the user's words.
enum RecordFields {
    static func bad(_ field: String, _ en: String, _ zh: String, _ lang: Language) -> APIError {
        APIError(.badRequest, lang("\(field): \(en)", "\(field)：\(zh)"))
    }

    static func day(_ text: String?, _ field: String, _ lang: Language) throws -> Day? {
        guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
        guard let day = ValueParsing.parseDay(text) else {
            throw bad(
                field, "'\(TextTable.quoted(text, limit: 40))' is not a date; write it as YYYY-MM-DD",
                "'\(TextTable.quoted(text, limit: 40))' 不是日期；请写成 YYYY-MM-DD", lang)
        }
        return day
    }

    /// One of a closed list of words, or 400 naming the field and every word it takes.
    static func choice<T>(_ text: String, _ field: String, _ words: [(String, T)], _ lang: Language) throws -> T {
        if let hit = words.first(where: { $0.0 == text }) { return hit.1 }
        let shown = TextTable.quoted(text, limit: 40)
        throw bad(
            field, "'\(shown)' is not one of \(words.map(\.0).joined(separator: ", "))",
            "'\(shown)' 不是 \(words.map(\.0).joined(separator: "、")) 之一", lang)
    }

    static func kind(_ text: String, _ lang: Language) throws -> ActivityKind {
        try choice(text, "kind", ActivityKind.allCases.map { ($0.rawValue, $0) }, lang)
    }

    static func status(_ text: String, _ lang: Language) throws -> PipelineStatus {
        try choice(text, "status", PipelineStatus.allCases.map { ($0.rawValue, $0) }, lang)
    }

    static func relationType(_ text: String, _ lang: Language) throws -> RelationType {
        try choice(text, "type", RelationType.allCases.map { ($0.name, $0) }, lang)
    }

    static func outcome(_ text: String?, _ lang: Language) throws -> ReferralOutcome {
        guard let text, !text.isEmpty else { return .none }
        return try choice(text, "outcome", [ReferralOutcome.won, .pending, .lost].map { ($0.name, $0) }, lang)
    }

    static func entityKind(_ text: String, _ lang: Language) throws -> EntityKind {
        try choice(text, "kind", EntityKind.allCases.map { ($0.name, $0) }, lang)
    }
}

/// Records as the API writes them: snake_case keys and dates as `YYYY-MM-DD`, like the rest of
/// the API.
enum RecordJSON {
    struct Written<T: Encodable>: Encodable {
        var record: T
        var revision: Int64
    }

    struct Activity: Encodable {
        var id: Int64, rm: String, user: String, target: String, kind: String, date: String, outcome: String, note: String
        var people: [String]
        var recordedAt: String
        enum CodingKeys: String, CodingKey { case id, rm, user, target, kind, date, outcome, note, people, recordedAt = "recorded_at" }
    }
    struct Pipeline: Encodable {
        var rm: String, target: String, stage: Int, status: String, nextStep: String, due: String?, version: Int, updatedBy: String, updatedAt: String
        enum CodingKeys: String, CodingKey {
            case rm, target, stage, status, due, version
            case nextStep = "next_step", updatedBy = "updated_by", updatedAt = "updated_at"
        }
    }
    struct Relation: Encodable {
        var id: Int64, rm: String, user: String, source: String, target: String, type: String, date: String?, outcome: String
        var strength: Double?, weight: Double?, role: String, note: String, recordedAt: String
        let sourceTag = RecordColumns.rmNote
        enum CodingKeys: String, CodingKey {
            case id, rm, user, source, target, type, date, outcome, strength, weight, role, note
            case recordedAt = "recorded_at", sourceTag = "source_tag"
        }
    }
    struct Entity: Encodable { var id: String, name: String, kind: String, industry: String }
    struct Correction: Encodable {
        var id: Int64, rm: String, user: String, relation: [String: String]?, entity: String?, note: String, recordedAt: String
        enum CodingKeys: String, CodingKey { case id, rm, user, relation, entity, note, recordedAt = "recorded_at" }
    }

    static func time(_ date: Date) -> String { ISO8601DateFormatter().string(from: date) }

    static func activity(_ a: RelmapWorkspace.Activity) -> Activity {
        Activity(
            id: a.id, rm: a.rm, user: a.user, target: a.target, kind: a.kind.rawValue, date: a.date.description, outcome: a.outcome,
            note: a.note, people: a.people, recordedAt: time(a.recordedAt))
    }
    static func pipeline(_ p: PipelineEntry) -> Pipeline {
        Pipeline(
            rm: p.rm, target: p.target, stage: p.stage, status: p.status.rawValue, nextStep: p.nextStep, due: p.due?.description,
            version: p.version, updatedBy: p.updatedBy, updatedAt: time(p.updatedAt))
    }
    static func relation(_ r: RecordedRelation) -> Relation {
        Relation(
            id: r.id, rm: r.rm, user: r.user, source: r.source, target: r.target, type: r.type.name, date: r.date?.description,
            outcome: r.outcome.name, strength: r.strength, weight: r.weight, role: r.role, note: r.note, recordedAt: time(r.recordedAt))
    }
    static func correction(_ c: RelmapWorkspace.Correction) -> Correction {
        var relation: [String: String]?, entity: String?
        switch c.subject {
        case .relation(let s, let t, let type): relation = ["source": s, "target": t, "type": type.name]
        case .entity(let id): entity = id
        }
        return Correction(id: c.id, rm: c.rm, user: c.user, relation: relation, entity: entity, note: c.note, recordedAt: time(c.recordedAt))
    }
}

extension WebApp {
    /// Whether an id names an entity of the graph (recorded entities are known to the workspace).
    var exists: EntityExists {
        let graph = engine.graph
        return { graph.index(ofID: $0) != nil }
    }

    var workspaceRevision: Int64 { (try? workspace.revision()) ?? 0 }

    /// Starts merging the new records into the graph; the caller does not wait.
    func graphChanged() {
        let live = live
        Task.detached(priority: .userInitiated) { await live.refresh() }
    }

    /// 201 with the record and the revision it made; the graph catches up in the background.
    func created<T: Encodable>(_ record: T, _ request: Request, _ context: ServerContext) throws -> Response {
        graphChanged()
        var response = try JSONAnswer(RecordJSON.Written(record: record, revision: workspaceRevision)).response(from: request, context: context)
        response.status = .created
        return response
    }

    /// Runs a workspace call and turns its errors into HTTP answers in the user's language:
    /// bad fields and unknown entities 422, another's book 403, a stale pipeline version 409.
    func recording<T>(_ context: ServerContext, _ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as WorkspaceError {
            let message = error.message(chinese: context.language == .zh)
            switch error {
            case .notPermitted: throw APIError(.forbidden, message)
            case .staleVersion(let current): throw StaleVersion(message: message, current: RecordJSON.pipeline(current))
            case .invalidRecord, .unknownEntity, .noBook: throw APIError(.unprocessableContent, message)
            default: throw APIError(.internalServerError, message)
            }
        }
    }
}

/// 409: someone saved the pipeline row first; the body carries the row as it is now.
struct StaleVersion: HTTPResponseError {
    var message: String
    var current: RecordJSON.Pipeline
    var status: HTTPResponse.Status { .conflict }

    struct Body: Encodable {
        var error: String
        var current: RecordJSON.Pipeline
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        var response = try JSONAnswer(Body(error: message, current: current)).response(from: request, context: context)
        response.status = .conflict
        return response
    }
}
