import Foundation
import Hummingbird
import NIOCore
import RelmapCore
import RelmapWorkspace

/// What a request carries through the routes: who is signed in (set by `SessionMiddleware`),
/// their session (for the CSRF token), the language of the answer, and the client's address (for
/// the sign-in limits).
public struct ServerContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    var user: User?
    var session: Session?
    var language: Language = .zh
    let address: String

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        address = source.channel.remoteAddress?.ipAddress ?? "unknown"
    }

    /// Forms arrive URL-encoded, the API's bodies as JSON.
    public var requestDecoder: FormOrJSONDecoder { FormOrJSONDecoder() }

    /// A body larger than this is refused before it is read: nothing the workspace takes needs more.
    public var maxUploadSize: Int { 64 * 1024 }

    /// The signed-in user, or 401 (the session middleware sends pages to the sign-in form first).
    func requireUser() throws -> User {
        guard let user else { throw APIError(.unauthorized, language("sign in first", "请先登录")) }
        return user
    }
}

public struct FormOrJSONDecoder: RequestDecoder {
    public func decode<T: Decodable>(_ type: T.Type, from request: Request, context: some RequestContext) async throws -> T {
        let contentType = request.headers[.contentType].flatMap(MediaType.init(from:))
        if contentType?.isType(.applicationUrlEncoded) == true {
            return try await URLEncodedFormDecoder().decode(type, from: request, context: context)
        }
        return try await JSONDecoder().decode(type, from: request, context: context)
    }
}

/// An error as the API answers it: a status and `{"error": "...", "suggestions": [...]}` in the
/// user's language; the pages show the same message in the layout.
struct APIError: HTTPResponseError {
    var status: HTTPResponse.Status
    var message: String
    var suggestions: [EntityRef] = []

    init(_ status: HTTPResponse.Status, _ message: String, suggestions: [EntityRef] = []) {
        self.status = status
        self.message = message
        self.suggestions = suggestions
    }

    struct Body: Encodable {
        var error: String
        var suggestions: [EntityRef]
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        let data = try JSONEncoder().encode(Body(error: message, suggestions: suggestions))
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        headers[.cacheControl] = "no-store"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
