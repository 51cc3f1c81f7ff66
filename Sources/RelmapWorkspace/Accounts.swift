import Foundation

/// What a user may do: an RM works their own book, a lead the books of their team, an admin
/// manages users and reads everything.
public enum Role: String, Codable, Sendable, CaseIterable {
    case rm, lead, admin
}

/// A person who signs in. Never carries the password hash: it stays inside the workspace file, so
/// no front end can print or serialise it by mistake.
public struct User: Codable, Sendable, Equatable, Identifiable {
    public var id: Int64
    /// As it was typed when the user was added (trimmed, NFC). Sign-in ignores letter case.
    public var name: String
    public var role: Role
    /// The RM id (the graph's `rm` column) this user is: required for an `rm`, optional for a lead
    /// with a book of their own, and for an admin the book "my book" opens on.
    public var rm: String?
    /// The RM ids a lead oversees, in the order they were given; empty for the other roles.
    public var team: [String]
    /// "zh" or "en"; nil lets the browser's `Accept-Language` decide.
    public var language: String?

    public init(id: Int64, name: String, role: Role, rm: String?, team: [String], language: String?) {
        self.id = id
        self.name = name
        self.role = role
        self.rm = rm
        self.team = team
        self.language = language
    }

    /// The user's access rules, derived from role, rm and team each time so that a change to the
    /// account takes effect at the next request.
    public var scope: AccessScope {
        switch role {
        case .admin:
            return AccessScope(isAdmin: true, books: nil, defaultRM: rm)
        case .rm:
            return AccessScope(isAdmin: false, books: Set([rm].compactMap { $0 }), defaultRM: rm)
        case .lead:
            let books = Set(team + [rm].compactMap { $0 })
            return AccessScope(isAdmin: false, books: books, defaultRM: rm ?? team.sorted().first)
        }
    }
}

/// Every access rule in one value. The server asks it before it answers; pages only reflect it.
///
/// - An `rm` ranks from their own book and reads the value, tier, stage and records of their own
///   clients. The name, kind, industry, region and owning RM of every entity stay open to everyone
///   signed in (that is not decided here but by what the server always shows), so that an RM can
///   see whose client a target's partner is and ask that colleague for an introduction.
/// - A `lead` does the same for every book of the team, their own book included if they have one.
/// - An `admin` manages users and reads everything.
///
/// An entity with no owning RM (`""`): its details are open to an admin only. Such an entity is
/// either a prospect, which normally has no value, tier or stage to hide, so nothing is lost, or a
/// client whose owner is missing from the data, whose figures must not reach every RM because of a
/// gap in the export. Deny by default, as for any book outside the scope.
public struct AccessScope: Sendable, Equatable {
    public var isAdmin: Bool
    /// RM ids whose books this user may rank from and read the details of; nil for every RM.
    public var books: Set<String>?
    /// The book "my book" shows: the user's own RM id, else (for a lead without one) the first of
    /// the team in sorted order; nil for an admin without an RM id (the page then ranks from all).
    public var defaultRM: String?

    public init(isAdmin: Bool, books: Set<String>?, defaultRM: String?) {
        self.isAdmin = isAdmin
        self.books = books
        self.defaultRM = defaultRM
    }

    /// Whether this user may rank targets from `rm`'s book (`?rm=` on the API, `--rm` on pages).
    /// - Complexity: O(1).
    public func mayRank(rm: String) -> Bool {
        guard let books else { return true }
        return !rm.isEmpty && books.contains(rm)
    }

    /// Whether the value, tier, stage and records of a client owned by `rm` are open to this user;
    /// `""` (no owner) is open to an admin only (see the type's comment for why).
    /// - Complexity: O(1).
    public func maySeeDetails(ofClientOwnedBy rm: String) -> Bool {
        guard let books else { return true }
        return !rm.isEmpty && books.contains(rm)
    }

    /// Adding, removing and re-passwording users.
    public var mayManageUsers: Bool { isAdmin }
}

/// The answer to a sign-in attempt.
public enum LoginResult: Sendable, Equatable {
    case success(User)
    /// Unknown user and wrong password answer alike (and cost the same bcrypt check), so the
    /// sign-in form tells nobody which names exist.
    case wrongCredentials
    /// Too many failures for this name or from this address; try again after this many seconds.
    case locked(retryAfterSeconds: Int)
}

/// A signed-in browser.
public struct Session: Sendable, Equatable {
    /// The secret in the browser's cookie (32 random bytes, base64url). The workspace keeps only
    /// its SHA-256, so this value exists only in the cookie and in this struct.
    public var token: String
    /// The token every form of this session carries (32 random bytes, base64url); compare it
    /// with `acceptsCSRF(_:)`, never with `==`.
    public var csrfToken: String
    public var userID: Int64
    /// When the session ends unless it is used again (sliding), never later than 7 days after
    /// sign-in.
    public var expires: Date

    public init(token: String, csrfToken: String, userID: Int64, expires: Date) {
        self.token = token
        self.csrfToken = csrfToken
        self.userID = userID
        self.expires = expires
    }

    /// Whether a submitted form's CSRF token is this session's, compared in constant time so that
    /// the time of a refusal does not reveal how many leading characters were right.
    public func acceptsCSRF(_ submitted: String?) -> Bool {
        guard let submitted else { return false }
        return Secrets.constantTimeEquals(submitted, csrfToken)
    }
}
