import Foundation
import Hummingbird
import RelmapCore
import RelmapWorkspace

enum Cookies {
    static let session = "relmap_session"
    static let language = "relmap_lang"
    static let loginCSRF = "relmap_login_csrf"

    /// Every cookie the server sets: unreadable to scripts, never sent by another site's request.
    static func make(_ name: String, _ value: String, maxAge: Int? = nil) -> Cookie {
        Cookie(name: name, value: value, maxAge: maxAge, path: "/", httpOnly: true, sameSite: .strict)
    }
}

/// Puts the signed-in user (if any) and the language on the context, and keeps everyone else out:
/// a page sends them to the sign-in form, the API answers 401. The sign-in routes and the style
/// sheet are open.
struct SessionMiddleware: RouterMiddleware {
    let app: WebApp

    func handle(_ request: Request, context: ServerContext, next: (Request, ServerContext) async throws -> Response) async throws -> Response {
        var context = context
        if let token = request.cookies[Cookies.session]?.value, !token.isEmpty,
            let (session, user) = try app.workspace.session(token: token)
        {
            context.user = user
            context.session = session
        }
        context.language = Self.language(request, user: context.user)
        let path = request.uri.path
        let open =
            path == "/login" || path == "/api/login" || path == "/style.css" || path == "/map.js" || path == "/healthz" || path == "/favicon.ico"
        guard context.user != nil || open else {
            if path.hasPrefix("/api/") { throw APIError(.unauthorized, context.language("sign in first", "请先登录")) }
            let back = request.uri.string.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "/"
            return Response.redirect(to: "/login?next=\(back)", type: .found)
        }
        return try await next(request, context)
    }

    /// `?lang=` on this request, then the language cookie, then the user's preference, then the
    /// browser's `Accept-Language`; Chinese when nothing says otherwise (the users are RMs in China).
    static func language(_ request: Request, user: User?) -> Language {
        if let q = request.uri.queryParameters.get("lang").flatMap(Language.init(rawValue:)) { return q }
        if let c = request.cookies[Cookies.language].flatMap({ Language(rawValue: $0.value) }) { return c }
        if let u = user?.language.flatMap(Language.init(rawValue:)) { return u }
        return Language.negotiate(acceptLanguage: request.headers[.acceptLanguage]) ?? .zh
    }
}

/// Headers that keep pages from being framed, sniffed or cached with someone's data in them, and
/// scripts to our own (the pages work without any).
struct SecurityHeadersMiddleware: RouterMiddleware {
    typealias Context = ServerContext
    func handle(_ request: Request, context: ServerContext, next: (Request, ServerContext) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.init("X-Frame-Options")!] = "DENY"
        response.headers[.contentSecurityPolicy] =
            "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; form-action 'self'; frame-ancestors 'none'"
        response.headers[.init("Referrer-Policy")!] = "same-origin"
        if response.headers[.cacheControl] == nil { response.headers[.cacheControl] = "no-store" }
        return response
    }
}

/// Sign-in and sign-out, as a form and as JSON.
struct AuthRoutes {
    let app: WebApp

    struct Credentials: Decodable {
        var user: String
        var password: String
        var csrf: String?
        var next: String?
        enum CodingKeys: String, CodingKey { case user, password, csrf = "_csrf", next }
    }
    struct CSRFForm: Decodable {
        var csrf: String
        enum CodingKeys: String, CodingKey { case csrf = "_csrf" }
    }

    func register(on router: Router<ServerContext>) {
        router.get("/login") { request, context -> Response in
            // A fresh token for the form, also set as a cookie: a page on another site can read
            // neither, so it cannot post a sign-in in the user's name (login CSRF).
            // Reuse the browser's token if it has one: the browser's own requests (a favicon, a second
            // tab) also land here, and a new cookie each time would void the form already shown.
            let token = request.cookies[Cookies.loginCSRF].map(\.value).flatMap { $0.count == 43 ? $0 : nil } ?? Secrets.randomToken()
            let next = request.uri.queryParameters.get("next") ?? "/"
            var response = try app.pages.login(context, csrf: token, next: next, error: nil)
            response.setCookie(Cookies.make(Cookies.loginCSRF, token, maxAge: 3600))
            return response
        }
        router.post("/login") { request, context -> Response in
            let form = try await request.decode(as: Credentials.self, context: context)
            let lang = context.language
            guard let expected = request.cookies[Cookies.loginCSRF]?.value, let sent = form.csrf, Secrets.constantTimeEquals(expected, sent) else {
                return try app.pages.login(
                    context, csrf: Secrets.randomToken(), next: "/", error: lang("The form expired; please sign in again.", "表单已过期，请重新登录。"),
                    status: .forbidden)
            }
            switch try await app.logIn(name: form.user, password: form.password, address: context.address) {
            case .success(let user):
                let session = try app.workspace.createSession(for: user)
                let target = Self.safeRedirect(form.next)
                var response = Response.redirect(to: target, type: .found)
                response.setCookie(Cookies.make(Cookies.session, session.token))
                return response
            case .wrongCredentials:
                return try app.pages.login(
                    context, csrf: expected, next: form.next ?? "/",
                    error: lang("Wrong user name or password.", "用户名或密码错误。"), status: .unauthorized)
            case .locked(let seconds):
                return try app.pages.login(
                    context, csrf: expected, next: form.next ?? "/",
                    error: lang("Too many failed sign-ins; try again in \(seconds / 60 + 1) minutes.", "登录失败次数过多，请 \(seconds / 60 + 1) 分钟后再试。"),
                    status: .tooManyRequests)
            }
        }
        router.post("/logout") { request, context -> Response in
            let form = try await request.decode(as: CSRFForm.self, context: context)
            try Self.checkCSRF(form.csrf, context)
            if let token = context.session?.token { try app.workspace.endSession(token: token) }
            var response = Response.redirect(to: "/login", type: .found)
            response.setCookie(Cookies.make(Cookies.session, "", maxAge: 0))
            return response
        }
        router.post("/api/login") { request, context -> Response in
            try Self.requireJSON(request, context)
            let body = try await request.decode(as: Credentials.self, context: context)
            switch try await app.logIn(name: body.user, password: body.password, address: context.address) {
            case .success(let user):
                let session = try app.workspace.createSession(for: user)
                var response = try JSONAnswer(LoginAnswer(user: user.name, role: user.role.rawValue, rm: user.rm, csrf: session.csrfToken))
                    .response(from: request, context: context)
                response.setCookie(Cookies.make(Cookies.session, session.token))
                return response
            case .wrongCredentials:
                throw APIError(.unauthorized, context.language("wrong user name or password", "用户名或密码错误"))
            case .locked(let seconds):
                throw APIError(.tooManyRequests, context.language("too many failed sign-ins; retry in \(seconds) s", "登录失败次数过多，请 \(seconds) 秒后再试"))
            }
        }
        router.post("/api/logout") { request, context -> Response in
            try Self.requireJSON(request, context)
            if let token = context.session?.token { try app.workspace.endSession(token: token) }
            var response = Response(status: .noContent)
            response.setCookie(Cookies.make(Cookies.session, "", maxAge: 0))
            return response
        }
        // The language switch in every page's header: remembered for the user and in a cookie.
        router.post("/settings/language") { request, context -> Response in
            struct LanguageForm: Decodable {
                var csrf: String, lang: String, back: String?
                enum CodingKeys: String, CodingKey { case csrf = "_csrf", lang, back }
            }
            let form = try await request.decode(as: LanguageForm.self, context: context)
            try Self.checkCSRF(form.csrf, context)
            guard let lang = Language(rawValue: form.lang) else { throw APIError(.badRequest, "lang: zh | en") }
            let user = try context.requireUser()
            try app.workspace.setLanguage(userID: user.id, language: lang.rawValue)
            var response = Response.redirect(to: Self.safeRedirect(form.back), type: .found)
            response.setCookie(Cookies.make(Cookies.language, lang.rawValue, maxAge: 365 * 24 * 3600))
            return response
        }
    }

    struct LoginAnswer: Encodable {
        var user: String
        var role: String
        var rm: String?
        var csrf: String
    }

    /// A form's token must be the session's: another site can make the browser post, not read it.
    static func checkCSRF(_ sent: String, _ context: ServerContext) throws {
        guard let session = context.session, session.acceptsCSRF(sent) else {
            throw APIError(
                .forbidden,
                context.language(
                    "the form's security token is missing or stale; reload the page and try again",
                    "表单安全令牌缺失或已过期，请刷新页面后重试"))
        }
    }

    /// The JSON API takes only `application/json` bodies: no other site can send one without a
    /// preflight the server never approves, so the session cookie alone is safe there.
    static func requireJSON(_ request: Request, _ context: ServerContext) throws {
        let type = request.headers[.contentType].flatMap(MediaType.init(from:))
        guard type?.isType(.applicationJson) == true else {
            throw APIError(.unsupportedMediaType, context.language("send Content-Type: application/json", "请使用 Content-Type: application/json"))
        }
    }

    /// Only paths on this site: `next=https://evil.example` must not send a user away.
    static func safeRedirect(_ next: String?) -> String {
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"), !next.contains("\\") else { return "/" }
        return next
    }
}

/// An encodable value as a JSON response, with the same encoder the CLI uses.
struct JSONAnswer<T: Encodable>: ResponseGenerator {
    var value: T
    init(_ value: T) { self.value = value }
    func response(from request: Request, context: some RequestContext) throws -> Response {
        let text = try JSONRendering.encode(value)
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
