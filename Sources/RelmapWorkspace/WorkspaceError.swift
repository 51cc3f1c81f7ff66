import Foundation

/// Everything that can go wrong with a workspace file or an account. Each case says what is wrong
/// and how to fix it, in English and in simplified Chinese: `message(chinese:)` for one language,
/// `description` for both (the server's logs, and any front end that does not know the reader's).
public enum WorkspaceError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The file exists but is not an SQLite database; it was not changed.
    case notADatabase(path: String)
    /// The file is an SQLite database of another program; it was not changed.
    case notAWorkspace(path: String)
    /// The file was written by a newer Relmap: these migrations are unknown to this version.
    case newerSchema(path: String, unknown: [String])
    /// The file cannot be opened or created (missing folder, no permission, a folder, ...).
    case cannotOpen(path: String, reason: String)
    /// The file holds a row this version cannot read (edited by hand?).
    case damaged(path: String, reason: String)
    /// A user name breaks the rules: 1 to 64 characters once trimmed, no control or invisible
    /// formatting characters.
    case invalidName(String)
    /// A password shorter than `Workspace.minimumPasswordLength` characters.
    case weakPassword
    /// A password longer than bcrypt reads (72 bytes of UTF-8); the rest would be ignored silently.
    case passwordTooLong
    /// A password with a control character (a NUL would cut it short inside bcrypt).
    case passwordHasControlCharacter
    case duplicateUser(String)
    case unknownUser(String)
    /// An `rm` needs an RM id; a `lead` needs a team or an RM id.
    case roleNeedsBook(Role)
    /// A team was given for a role that has none (only a lead oversees a team).
    case teamNotAllowed(Role)
    /// An RM id that is empty, too long, or holds a comma or a control character.
    case invalidRMID(String)
    /// A language other than zh and en.
    case unsupportedLanguage(String)
    /// Removing the last admin would leave nobody to manage users from the web.
    case lastAdmin(String)
    /// A record's field is wrong (a date that is not a date, stage 7, a note too long); nothing
    /// was written. `field` is the API's name for it (`next_step`, `people`...). `reason` is
    /// English, or English and Chinese joined by `WorkspaceError.languageSeparator` (what
    /// `invalidField` makes, so that `message(chinese:)` can give one language); read it through
    /// `message(chinese:)`.
    case invalidRecord(field: String, reason: String)
    /// A record names an entity that is in neither the graph nor the workspace.
    case unknownEntity(String)
    /// A pipeline row changed since the user read it: someone else saved first.
    case staleVersion(current: PipelineEntry)
    /// The user has no book of their own (an admin or a lead without an rm id) to record in.
    case noBook(String)
    /// The record is outside the user's books.
    case notPermitted(String)
    /// `backup(to:)` never overwrites: a file or folder exists at the destination already.
    case backupDestinationExists(path: String)

    /// Joins the English and Chinese of an `invalidRecord` reason.
    public static let languageSeparator: Character = "\u{1E}"

    /// An `invalidRecord` whose reason reads in both languages.
    public static func invalidField(_ field: String, _ english: String, _ chinese: String) -> WorkspaceError {
        .invalidRecord(field: field, reason: english + String(languageSeparator) + chinese)
    }

    public var description: String { message(chinese: false) + " / " + message(chinese: true) }

    /// The message in one language.
    public func message(chinese zh: Bool) -> String {
        func t(_ english: String, _ chinese: String) -> String { zh ? chinese : english }
        switch self {
        case .notADatabase(let path):
            return t(
                "\(path): not a Relmap workspace (not an SQLite database); nothing was changed. Give a new file name or the right file.",
                "\(path)：不是 Relmap 工作区文件（不是 SQLite 数据库），未做任何修改。请换一个新文件名或正确的文件。")
        case .notAWorkspace(let path):
            return t(
                "\(path): an SQLite database of another program, not a Relmap workspace; nothing was changed. Give a new file name or the right file.",
                "\(path)：这是其他程序的 SQLite 数据库，不是 Relmap 工作区，未做任何修改。请换一个新文件名或正确的文件。")
        case .newerSchema(let path, let unknown):
            return t(
                "\(path): written by a newer Relmap (unknown migrations: \(unknown.joined(separator: ", "))); update relmap before opening it. Nothing was changed.",
                "\(path)：由更新版本的 Relmap 写入（未知的迁移：\(unknown.joined(separator: "、"))）；请先升级 relmap 再打开。未做任何修改。")
        case .cannotOpen(let path, let reason):
            return t(
                "\(path): cannot open or create the workspace: \(reason). Check that the folder exists and is writable.",
                "\(path)：无法打开或创建工作区：\(reason)。请检查所在文件夹是否存在且可写。")
        case .damaged(let path, let reason):
            return t(
                "\(path): the workspace holds data this version cannot read: \(reason). Restore a backup, or remove and add the user again.",
                "\(path)：工作区中有本版本无法读取的数据：\(reason)。请恢复备份，或删除后重新添加该用户。")
        case .invalidName(let name):
            return t(
                "user name '\(name)' is not valid: it needs 1 to 64 characters (spaces at the ends are trimmed) and no control or invisible formatting characters",
                "用户名 '\(name)' 无效：需要 1 到 64 个字符（首尾空格会被去掉），不能含控制字符或不可见的格式字符")
        case .weakPassword:
            return t(
                "the password needs at least \(Workspace.minimumPasswordLength) characters",
                "密码至少需要 \(Workspace.minimumPasswordLength) 个字符")
        case .passwordTooLong:
            return t(
                "the password is longer than 72 bytes (bcrypt ignores the rest); use at most 72 Latin letters or 24 Chinese characters",
                "密码超过 72 字节（bcrypt 会忽略超出部分）；最多使用 72 个英文字母或 24 个汉字")
        case .passwordHasControlCharacter:
            return t(
                "the password holds a control character (tab, NUL, ...); use printable characters only",
                "密码含有控制字符（制表符、NUL 等）；请只使用可打印字符")
        case .duplicateUser(let name):
            return t(
                "a user named '\(name)' exists already (names ignore letter case); use `relmap users passwd` to change the password",
                "用户 '\(name)' 已存在（用户名不区分大小写）；修改密码请用 `relmap users passwd`")
        case .unknownUser(let name):
            return t(
                "no user named '\(name)'; list them with `relmap users list`",
                "没有名为 '\(name)' 的用户；可用 `relmap users list` 查看")
        case .roleNeedsBook(let role):
            return role == .rm
                ? t(
                    "an rm needs --rm ID (their id in the graph's rm column)",
                    "客户经理（rm）账号需要 --rm 编号（即图中 rm 列的编号）")
                : t(
                    "a lead needs --team ID,ID... (the RMs they oversee) or --rm ID (their own book)",
                    "团队负责人（lead）账号需要 --team 编号,编号...（所管理的客户经理）或 --rm 编号（本人的客户）")
        case .teamNotAllowed(let role):
            return t(
                "an \(role.rawValue) has no team; only a lead oversees other RMs (use --role lead)",
                "\(role.rawValue) 账号没有团队；只有团队负责人（--role lead）才管理其他客户经理")
        case .invalidRMID(let id):
            return t(
                "RM id '\(id)' is not valid: it needs 1 to 200 characters, no commas and no control characters",
                "客户经理编号 '\(id)' 无效：需要 1 到 200 个字符，不能含逗号或控制字符")
        case .unsupportedLanguage(let language):
            return t(
                "language '\(language)' is not supported; use zh or en",
                "不支持语言 '\(language)'；请使用 zh 或 en")
        case .lastAdmin(let name):
            return t(
                "'\(name)' is the last admin; add another admin first, so that someone can still manage users",
                "'\(name)' 是最后一个管理员；请先添加另一个管理员，以免无人能管理用户")
        case .invalidRecord(let field, let reason):
            let parts = reason.split(separator: Self.languageSeparator, maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            let english = parts[0], chinese = parts.count > 1 ? parts[1] : parts[0]
            return t("\(field): \(english); nothing was saved", "\(field)：\(chinese)；未保存任何内容")
        case .unknownEntity(let id):
            return t(
                "no entity with id '\(id)' in the graph or the workspace; search for it by name, or record it as a new entity first",
                "图和工作区中都没有编号为 '\(id)' 的主体；请按名称搜索，或先将其登记为新主体")
        case .staleVersion(let current):
            return t(
                "\(current.target): \(current.updatedBy) saved this pipeline row first (version \(current.version), stage \(current.stage), \(current.status.rawValue)); reload it, then save your change again",
                "\(current.target)：\(current.updatedBy) 已先保存了该营销进展（版本 \(current.version)，阶段 \(current.stage)，\(current.status.rawValue)）；请刷新后再保存您的修改")
        case .noBook(let name):
            return t(
                "'\(name)' has no book of their own (no rm id) to record in; ask an admin to set one with `relmap users`",
                "'\(name)' 没有自己的客户名下（没有客户经理编号），无法记录；请管理员用 `relmap users` 设置")
        case .notPermitted(let what):
            return t(
                "\(what) is outside your books; ask the RM who owns it, or a lead or admin over that book",
                "\(what) 不在您有权查看的客户范围内；请联系其所属客户经理，或该客户所属团队的负责人或管理员")
        case .backupDestinationExists(let path):
            return t(
                "\(path) exists already; a backup never overwrites a file: give a new file name (or move the old one away first)",
                "\(path) 已存在；备份不会覆盖已有文件：请换一个新文件名（或先移走旧文件）")
        }
    }

    /// True when the request itself is wrong (a bad name, password, role or option), false when
    /// the workspace's data or file is the problem. The CLI exits 2 for the first, 1 otherwise.
    public var isUsageProblem: Bool {
        switch self {
        case .invalidName, .weakPassword, .passwordTooLong, .passwordHasControlCharacter, .roleNeedsBook,
            .teamNotAllowed, .invalidRMID, .unsupportedLanguage, .invalidRecord, .unknownEntity, .noBook, .backupDestinationExists:
            return true
        case .notADatabase, .notAWorkspace, .newerSchema, .cannotOpen, .damaged, .duplicateUser, .unknownUser, .lastAdmin,
            .staleVersion, .notPermitted:
            return false
        }
    }
}
