import ArgumentParser
import Foundation
import RelmapCore
import RelmapWorkspace

/// `relmap users ...`: the accounts of the web workspace. Passwords are read from standard input,
/// never from the command line (where `ps` and the shell history would show them).
struct UsersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "users",
        abstract: "Manage the accounts of the web workspace (relmap serve).",
        subcommands: [Add.self, List.self, Remove.self, Passwd.self])

    struct WorkspaceOption: ParsableArguments {
        @Option(help: "The workspace file (SQLite), as given to `relmap serve --workspace`.")
        var workspace: String

        /// Opens the workspace; its errors are bad data (exit 1), in both languages.
        func open() throws -> Workspace {
            do { return try Workspace.open(path: workspace) } catch let error as WorkspaceError {
                throw RelmapError.io(path: workspace, reason: error.description)
            }
        }
    }

    /// One line from standard input, without its line break. Nothing is echoed or logged.
    static func readPassword(_ lang: Language) throws -> String {
        guard let line = readLine(strippingNewline: true), !line.isEmpty else {
            throw ValidationError(lang("--password-stdin: give the password as one line on standard input, e.g. printf '%s\\n' \"$PASS\" | relmap users add ...",
                                       "--password-stdin：请在标准输入中给出一行密码，例如 printf '%s\\n' \"$PASS\" | relmap users add ..."))
        }
        return line
    }

    /// Runs an account change, turning the workspace's refusals into bad-data errors (exit 1).
    static func change<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as WorkspaceError {
            throw RelmapError.unanswerable(error.description)
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a user: an rm (one book), a lead (a team's books) or an admin.")
        @OptionGroup var ws: WorkspaceOption
        @Option(help: "The user name to sign in with.") var name: String
        @Option(help: "rm, lead or admin.") var role: Role
        @Option(help: "The user's RM id in the graph's rm column (required for rm).") var rm: String?
        @Option(help: "For a lead: the RM ids of the team, comma-separated.") var team: String?
        @Flag(help: "Read the password (at least 8 characters) from standard input.") var passwordStdin = false
        @OptionGroup var lang: LanguageOption

        func validate() throws {
            guard passwordStdin else { throw ValidationError("give --password-stdin and the password on standard input; passwords are never taken from the command line") }
        }

        func run() async throws {
            let password = try UsersCommand.readPassword(lang.language)
            let store = try ws.open()
            let user = try UsersCommand.change {
                try store.addUser(name: name, role: role, rm: rm, team: team?.split(separator: ",").map(String.init) ?? [], password: password)
            }
            Console.error(lang.language("added \(user.role.rawValue) \(user.name) to \(ws.workspace)", "已在 \(ws.workspace) 中添加用户 \(user.name)（\(user.role.rawValue)）"))
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the users (never their passwords).")
        @OptionGroup var ws: WorkspaceOption
        @Option(help: "table or json.") var format: OutputFormat = .table
        @OptionGroup var lang: LanguageOption

        func run() async throws {
            let users = try ws.open().users()
            struct Row: Encodable { var name: String, role: String, rm: String?, team: [String], language: String? }
            if format == .json {
                return print(try JSONRendering.encode(users.map { Row(name: $0.name, role: $0.role.rawValue, rm: $0.rm, team: $0.team, language: $0.language) }), terminator: "")
            }
            let l = lang.language
            var t = TextTable(columns: [l("user", "用户"), l("role", "角色"), "RM", l("team", "团队"), l("language", "语言")])
            for u in users { t.add([u.name, u.role.rawValue, u.rm ?? "", u.team.joined(separator: ","), u.language ?? ""]) }
            print(t.text(format == .csv ? .csv : .table), terminator: "")
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove a user and end their sessions.")
        @OptionGroup var ws: WorkspaceOption
        @Option(help: "The user to remove.") var name: String
        @OptionGroup var lang: LanguageOption

        func run() async throws {
            let store = try ws.open()
            try UsersCommand.change { try store.removeUser(named: name) }
            Console.error(lang.language("removed \(name)", "已删除用户 \(name)"))
        }
    }

    struct Passwd: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Set a user's password (from standard input) and end their sessions.")
        @OptionGroup var ws: WorkspaceOption
        @Option(help: "The user.") var name: String
        @Flag(help: "Read the new password from standard input.") var passwordStdin = false
        @OptionGroup var lang: LanguageOption

        func validate() throws {
            guard passwordStdin else { throw ValidationError("give --password-stdin and the password on standard input; passwords are never taken from the command line") }
        }

        func run() async throws {
            let password = try UsersCommand.readPassword(lang.language)
            let store = try ws.open()
            try UsersCommand.change { try store.setPassword(named: name, password: password) }
            Console.error(lang.language("password of \(name) changed; their sessions ended", "已修改 \(name) 的密码，其现有登录已失效"))
        }
    }
}

extension Role: ExpressibleByArgument {}
