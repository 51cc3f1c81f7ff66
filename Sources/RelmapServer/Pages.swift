import Foundation
import Hummingbird
import Mustache
import RelmapCore
import RelmapWorkspace

/// The page templates, loaded once, and the frame every page shares: the header with the user,
/// the language switch and the navigation. Mustache escapes every `{{value}}`, so names from the
/// data reach the page as text, never as markup.
struct Pages: Sendable {
    let library: MustacheLibrary

    init() throws {
        guard let folder = Bundle.module.url(forResource: "Templates", withExtension: nil) else {
            throw RelmapError.io(path: "Templates", reason: "the page templates are missing from the build; rebuild relmap")
        }
        var library = MustacheLibrary()
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".mustache") }
        for file in files.sorted() {
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            try library.register(text, named: String(file.dropLast(".mustache".count)))
        }
        self.library = library
    }

    static let css: String = resource("style", "css")

    /// Pan and zoom of the maps (Templates/map.js): served by Relmap, no library downloaded.
    static let mapScript: String = resource("map", "js")

    private static func resource(_ name: String, _ ext: String) -> String {
        guard let url = Bundle.module.url(forResource: "Templates/" + name, withExtension: ext),
            let text = try? String(contentsOf: url, encoding: .utf8)
        else { return "" }
        return text
    }

    /// A whole page: `template` filled with `values` inside the shared frame.
    func page(
        _ template: String, title: String, _ context: ServerContext, request: Request? = nil,
        _ values: [String: Any], status: HTTPResponse.Status = .ok
    ) throws -> Response {
        let lang = context.language
        var frame: [String: Any] = values
        frame["t"] = UIText.table(lang)
        frame["title"] = title
        frame["lang"] = lang == .zh ? "zh-CN" : "en"
        frame["csrf"] = context.session?.csrfToken ?? ""
        frame["other"] = lang == .zh ? "en" : "zh"
        frame["otherLabel"] = lang == .zh ? "English" : "中文"
        frame["back"] = request?.uri.string ?? "/"
        if let user = context.user {
            frame["user"] = ["name": user.name, "role": user.role.rawValue, "isLead": user.role != .rm]
        }
        guard let html = library.render(frame, withTemplate: template) else {
            throw APIError(.internalServerError, "page template \(template) is missing")
        }
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    func login(_ context: ServerContext, csrf: String, next: String, error: String?, status: HTTPResponse.Status = .ok) throws -> Response {
        var values: [String: Any] = ["loginCSRF": csrf, "next": AuthRoutes.safeRedirect(next)]
        if let error { values["error"] = error }
        return try page("login", title: context.language("Sign in", "登录"), context, values, status: status)
    }

    func error(_ context: ServerContext, _ error: APIError) throws -> Response {
        var values: [String: Any] = ["message": error.message]
        if !error.suggestions.isEmpty {
            values["suggestions"] = error.suggestions.map(View.entity)
            values["hasSuggestions"] = true
        }
        return try page("error", title: context.language("Error", "出错了"), context, values, status: error.status)
    }
}

/// Values for templates: plain dictionaries of strings, numbers and flags.
enum View {
    /// The entity page of `id`, its id escaped as one path segment.
    static func href(_ id: String) -> String {
        "/entities/" + (id.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/?#"))) ?? id)
    }

    static func entity(_ e: EntityRef) -> [String: Any] {
        present(["id": e.id, "name": e.name, "status": e.status, "industry": e.industry, "region": e.region, "rm": e.rm, "href": href(e.id)])
    }

    /// Leaves out empty texts: a Mustache section `{{#rm}}` shows for any string, even "".
    static func present(_ values: [String: Any]) -> [String: Any] {
        values.filter { !(($0.value as? String)?.isEmpty ?? false) }
    }

    static func entity(_ e: EntityRef, _ lang: Language) -> [String: Any] {
        var v = entity(e)
        v["statusLabel"] = Words.status(named: e.status, lang)
        return v
    }

    static func ranking(_ answer: RankingAnswer, _ lang: Language) -> [[String: Any]] {
        answer.rows.enumerated().map { k, r in
            [
                "rank": k + 1, "id": r.id, "name": r.name, "statusLabel": Words.status(named: r.status, lang), "status": r.status,
                "industry": r.industry, "region": r.region, "score": String(format: "%.3f", r.score),
                "quadrant": Words.quadrant(r.quadrant, lang), "quadrantClass": r.quadrant.rawValue.replacingOccurrences(of: " ", with: "-"),
                "reasons": r.reasons, "href": href(r.id)
            ]
        }
    }

    static func paths(_ paths: [PathsAnswer.Path], _ starts: [PathsAnswer.Start], _ lang: Language) -> [[String: Any]] {
        zip(paths, starts).map { p, s in
            var steps: [[String: Any]] = [["name": p.hops[0].fromName, "id": p.hops[0].from]]
            for h in p.hops {
                let type = RelationType(name: h.type).map { Words.relation($0, lang) } ?? h.type
                let age = h.ageDays.map { " (\(Words.age(days: $0, lang)))" } ?? ""
                steps.append(["name": h.toName, "id": h.to, "via": "\(h.reversed ? "←" : "→") \(type) \(String(format: "%.2f", h.strength))\(age)"])
            }
            return present([
                "rank": p.rank, "strength": String(format: "%.2f", p.strength), "steps": steps,
                "start": s.name, "startRM": s.rm, "startStatus": Words.status(named: s.status, lang)
            ])
        }
    }
}
