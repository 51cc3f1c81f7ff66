import ArgumentParser
import Foundation
import RelmapCore
import RelmapWorkspace

/// `relmap users add|list|remove|passwd`: the accounts of a workspace file, for whoever runs
/// `relmap serve`. Passwords come from standard input only, never from the command line (where
/// shell history and `ps` would keep them), and are never printed.
struct UsersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "users",
        abstract: "Manage the accounts of a workspace file (the sign-ins of relmap serve).",
        discussion: """
            Exit status: 0 done, 1 a data problem (duplicate or unknown user, last admin, bad workspace file), 2 bad usage.
            Example: printf '%s\\n' "$PASSWORD" | relmap users add --workspace ws.sqlite --name wangfang --role rm --rm RM01 --password-stdin
            """,
        subcommands: [Add.self, List.self, Remove.self, Passwd.self]
    )

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a user; creates the workspace file if it does not exist.",
            discussion: "rm needs --rm; lead needs --team or --rm (or both); admin needs neither and may take --rm as the book its pages open on.")

        @OptionGroup var options: UsersOptions
        @Option(help: "User name to sign in with (1 to 64 characters; letter case is ignored).")
        var name: String
        @Option(help: "rm, lead or admin.")
        var role: Role
        @Option(help: "The user's RM id in the graph's rm column.")
        var rm: String?
        @Option(help: "RM ids a lead oversees, separated by commas.")
        var team: String?
        @OptionGroup var password: PasswordInput

        func run() async throws {
            let lang = options.language
            let team = (self.team ?? "").split(separator: ",").map(String.init)
            // A bad name or role is reported before anyone types a password for it.
            try options.reporting { try Workspace.checkAccount(name: name, role: role, rm: rm, team: team) }
            let secret = try password.read(options)
            let user = try options.withWorkspace(create: true) { try $0.addUser(name: name, role: role, rm: rm, team: team, password: secret) }
            print(
                lang(
                    "added \(user.role.rawValue) '\(user.name)'\(UsersCommand.books(user)) to \(options.workspace)",
                    "已添加 \(user.role.rawValue) 用户 '\(user.name)'\(UsersCommand.books(user, chinese: true))到 \(options.workspace)"))
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the users (never their password hashes).")

        @OptionGroup var options: UsersOptions
        @Option(help: "table or json.")
        var format: ListFormat = .table

        enum ListFormat: String, ExpressibleByArgument, CaseIterable { case table, json }

        func run() async throws {
            let lang = options.language
            let users = try options.withWorkspace { try $0.users() }
            switch format {
            case .json:
                print(try JSONRendering.encode(users), terminator: "")
            case .table:
                var table = TextTable(columns: [lang("name", "用户名"), lang("role", "角色"), "rm", lang("team", "团队"), lang("language", "语言")])
                for u in users { table.add([u.name, u.role.rawValue, u.rm ?? "", u.team.joined(separator: ","), u.language ?? ""]) }
                print(table.render(.table), terminator: "")
                if users.isEmpty {
                    Console.error(lang("no users yet; add one with `relmap users add`", "还没有用户；可用 `relmap users add` 添加"))
                }
            }
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove a user and end their sessions.")

        @OptionGroup var options: UsersOptions
        @Option(help: "The user to remove.")
        var name: String

        func run() async throws {
            try options.withWorkspace { try $0.removeUser(named: name) }
            print(options.language("removed user '\(name)' and ended their sessions", "已删除用户 '\(name)'，并结束其所有会话"))
        }
    }

    struct Passwd: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Set a user's password (from standard input) and end their sessions.")

        @OptionGroup var options: UsersOptions
        @Option(help: "The user whose password changes.")
        var name: String
        @OptionGroup var password: PasswordInput

        func run() async throws {
            let secret = try password.read(options)
            try options.withWorkspace { try $0.setPassword(named: name, password: secret) }
            print(options.language("set a new password for '\(name)' and ended their sessions", "已为 '\(name)' 设置新密码，并结束其所有会话"))
        }
    }

    /// " (rm RM01, team RM02,RM03)" for the confirmation line; empty for an admin without a book.
    static func books(_ user: User, chinese: Bool = false) -> String {
        var parts: [String] = []
        if let rm = user.rm { parts.append("rm \(rm)") }
        if !user.team.isEmpty { parts.append((chinese ? "团队 " : "team ") + user.team.joined(separator: ",")) }
        if parts.isEmpty { return "" }
        return chinese ? "（" + parts.joined(separator: "，") + "）" : " (" + parts.joined(separator: ", ") + ")"
    }
}

extension Role: ExpressibleByArgument {}

/// `--workspace FILE` and `--lang`, and the one place where workspace errors become messages and
/// exit codes.
struct UsersOptions: ParsableArguments {
    @Option(help: "The workspace file (SQLite), as given to relmap serve.")
    var workspace: String
    @OptionGroup var lang: LanguageOption

    var language: Language { lang.language }

    /// Opens the workspace and runs `body` on it. A workspace error is printed in the chosen
    /// language and exits 2 when the command line asked for something impossible, 1 otherwise.
    /// - Parameter create: false for commands that only read or change existing users, so that a
    ///   mistyped file name is reported instead of becoming a new, empty workspace.
    func withWorkspace<T>(create: Bool = false, _ body: (Workspace) throws -> T) throws -> T {
        if !create && !FileManager.default.fileExists(atPath: workspace) {
            Console.error(
                language(
                    "\(workspace): no such workspace file; `relmap users add` creates one",
                    "\(workspace)：工作区文件不存在；`relmap users add` 会新建一个"))
            throw ExitCode(1)
        }
        return try reporting { try body(try Workspace.open(path: workspace)) }
    }

    /// Runs `body`, turning its errors into a message in the chosen language and an exit code.
    func reporting<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as WorkspaceError {
            Console.error(error.message(chinese: language == .zh))
            throw ExitCode(error.isUsageProblem ? 2 : 1)
        } catch let error as ExitCode {
            throw error
        } catch {
            Console.error(language("\(workspace): workspace error: \(error)", "\(workspace)：工作区错误：\(error)"))
            throw ExitCode(1)
        }
    }
}

/// `--password-stdin`: one line from standard input, without echo when it is a terminal. A
/// `--password` option exists only to refuse it with a reason.
struct PasswordInput: ParsableArguments {
    @Flag(help: "Read the password from one line of standard input (the only way to give one).")
    var passwordStdin = false

    @Option(name: .customLong("password"), help: .hidden)
    var passwordOnCommandLine: String?

    /// The password, checked against the workspace's rules before any file is opened.
    func read(_ options: UsersOptions) throws -> String {
        let secret = try read(options.language)
        try options.reporting { try Workspace.checkPassword(secret) }
        return secret
    }

    func read(_ lang: Language) throws -> String {
        if passwordOnCommandLine != nil {
            Console.error(
                lang(
                    "passwords are never taken on the command line (shell history and ps would keep them); pipe it in with --password-stdin",
                    "不接受命令行中的密码（会留在命令历史和 ps 中）；请用 --password-stdin 从标准输入传入"))
            throw ExitCode(2)
        }
        guard passwordStdin else {
            Console.error(
                lang(
                    "give the password on standard input with --password-stdin",
                    "请加 --password-stdin，并从标准输入提供密码"))
            throw ExitCode(2)
        }
        let terminal = isatty(STDIN_FILENO) == 1
        var saved = termios()
        if terminal {
            FileHandle.standardError.write(Data(lang("Password: ", "密码：").utf8))
            tcgetattr(STDIN_FILENO, &saved)
            var silent = saved
            silent.c_lflag &= ~tcflag_t(ECHO)
            tcsetattr(STDIN_FILENO, TCSAFLUSH, &silent)
        }
        defer {
            if terminal {
                tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved)
                FileHandle.standardError.write(Data("\n".utf8))
            }
        }
        guard var line = readLine(strippingNewline: true) else {
            Console.error(lang("no password on standard input (it was empty)", "标准输入中没有密码（输入为空）"))
            throw ExitCode(2)
        }
        if line.hasSuffix("\r") { line.removeLast() }
        return line
    }
}
