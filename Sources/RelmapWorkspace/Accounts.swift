import Foundation

/// What a user may do: an RM works their own book, a lead their team's, an admin everything.
public enum Role: String, Codable, Sendable, CaseIterable {
    case rm, lead, admin
}

/// A person who signs in.
public struct User: Codable, Sendable, Equatable, Identifiable {
    public var id: Int64
    public var name: String
    public var role: Role
    /// The RM id (the graph's `rm` column) this user is; a lead may have a book of their own too.
    public var rm: String?
    /// The RM ids a lead oversees.
    public var team: [String]
    /// "zh" or "en"; nil lets the browser's `Accept-Language` decide.
    public var language: String?

    public var scope: AccessScope {
        switch role {
        case .admin: AccessScope(isAdmin: true, books: nil, defaultRM: rm)
        case .rm: AccessScope(isAdmin: false, books: Set(rm.map { [$0] } ?? []), defaultRM: rm)
        case .lead: AccessScope(isAdmin: false, books: Set(team + (rm.map { [$0] } ?? [])), defaultRM: rm ?? team.sorted().first)
        }
    }
}

/// Every access rule in one value. The server asks it before it answers; the pages only reflect it.
///
/// - An RM ranks from their own book and reads the value, tier, stage and records of their own
///   clients. Names, kinds, industries, regions and owning RM of every entity stay open to all, so
///   that an RM can see whose client a target's partner is and ask that colleague for an
///   introduction.
/// - A lead does the same for every book of the team (and their own, if they have one).
/// - An admin manages users and reads everything.
public struct AccessScope: Sendable, Equatable {
    public var isAdmin: Bool
    /// RM ids whose books this user may rank from and read the details of; nil for every RM.
    public var books: Set<String>?
    /// The book "my book" shows; nil for an admin without one (the page then ranks from all clients).
    public var defaultRM: String?

    public init(isAdmin: Bool, books: Set<String>?, defaultRM: String?) {
        self.isAdmin = isAdmin
        self.books = books
        self.defaultRM = defaultRM
    }

    public func mayRank(rm: String) -> Bool { books?.contains(rm) ?? true }

    /// Whether the value, tier, stage and records of a client owned by `rm` are open to this user.
    /// An entity without an owner has no book to protect; callers decide that before asking.
    public func maySeeDetails(ofClientOwnedBy rm: String) -> Bool { books?.contains(rm) ?? true }
}

public enum LoginResult: Sendable, Equatable {
    case success(User)
    /// Unknown user and wrong password answer the same, so a sign-in form tells nobody which
    /// names exist.
    case wrongCredentials
    case locked(retryAfterSeconds: Int)
}

public struct Session: Sendable, Equatable {
    /// The secret in the browser's cookie; the workspace keeps only its SHA-256.
    public var token: String
    /// The token every form of this session carries.
    public var csrfToken: String
    public var userID: Int64
    public var expires: Date
}

/// Everything that can go wrong with a workspace file or an account, in both languages: the CLI
/// prints it, the server shows it.
public enum WorkspaceError: Error, CustomStringConvertible, Sendable, Equatable {
    case notADatabase(path: String)
    case newerSchema(path: String, unknown: [String])
    case cannotOpen(path: String, reason: String)
    case invalidName(String)
    case weakPassword
    case duplicateUser(String)
    case unknownUser(String)
    case roleNeedsBook(Role)
    case lastAdmin(String)

    public var description: String {
        switch self {
        case .notADatabase(let path):
            "\(path): not a Relmap workspace (not an SQLite database); nothing was changed. Give a new file name or the right file. / \(path) 不是 Relmap 工作区文件（不是 SQLite 数据库），未做任何修改；请换一个新文件名或正确的文件。"
        case .newerSchema(let path, let unknown):
            "\(path): made by a newer Relmap (migrations \(unknown.joined(separator: ", "))); update relmap before opening it. / \(path) 由更新版本的 Relmap 创建，请先升级 relmap 再打开。"
        case .cannotOpen(let path, let reason):
            "\(path): cannot open the workspace: \(reason) / 无法打开工作区：\(reason)"
        case .invalidName(let name):
            "user name '\(name)' is not valid: 1 to 64 characters, no spaces at the ends, no control characters / 用户名 '\(name)' 无效：1 到 64 个字符，首尾不能有空格，不能含控制字符"
        case .weakPassword:
            "the password needs at least 8 characters / 密码至少需要 8 个字符"
        case .duplicateUser(let name):
            "a user named '\(name)' exists already; use `relmap users passwd` to change the password / 用户 '\(name)' 已存在；修改密码请用 `relmap users passwd`"
        case .unknownUser(let name):
            "no user named '\(name)'; list them with `relmap users list` / 没有名为 '\(name)' 的用户；可用 `relmap users list` 查看"
        case .roleNeedsBook(let role):
            role == .rm
                ? "an rm needs --rm ID (their id in the graph's rm column) / 客户经理账号需要 --rm 编号（即图中 rm 列的编号）"
                : "a lead needs --team ID,ID... or --rm ID / 团队负责人账号需要 --team 编号,编号... 或 --rm 编号"
        case .lastAdmin(let name):
            "'\(name)' is the last admin; add another admin first, so that someone can still manage users / '\(name)' 是最后一个管理员；请先添加另一个管理员，以免无人能管理用户"
        }
    }
}
