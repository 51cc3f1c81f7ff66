import ArgumentParser
import Foundation
import RelmapCore
import RelmapWorkspace

/// `relmap workspace backup|check`: keep the workspace file safe while the server runs.
struct WorkspaceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "workspace",
        abstract: "Back up or check a workspace file (safe while relmap serve runs).",
        subcommands: [Backup.self, Check.self]
    )

    struct Backup: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Copy the workspace consistently while others read and write it (SQLite's online backup).",
            discussion: """
                The copy is the file as of one moment: every record committed before it, none after, never half of one.
                It never overwrites: --out must not exist. The copy is a complete workspace (readable by its owner only).
                Exit status: 0 done, 1 a bad workspace file or an unwritable destination, 2 an existing destination.
                """)
        @Argument(help: "The workspace file.")
        var file: String
        @Option(help: "The new file to write (must not exist).")
        var out: String
        @OptionGroup var lang: LanguageOption

        func run() async throws {
            let options = UsersOptions.on(file, lang)
            try options.withWorkspace { try $0.backup(to: out) }
            print(lang.language("backed up \(file) to \(out)", "已将 \(file) 备份到 \(out)"))
        }
    }

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check the workspace's integrity and foreign keys.",
            discussion: "Exit status: 0 sound, 1 problems found (listed) or not a workspace, 2 bad usage.")
        @Argument(help: "The workspace file.")
        var file: String
        @OptionGroup var lang: LanguageOption

        func run() async throws {
            let language = lang.language
            let problems = try UsersOptions.on(file, lang).withWorkspace { try $0.check(chinese: language == .zh) }
            if problems.isEmpty {
                print(language("\(file): sound (integrity and foreign keys)", "\(file)：完好（完整性与外键检查通过）"))
                return
            }
            for p in problems { Console.error(p) }
            Console.error(
                language(
                    "\(file): \(problems.count) problem(s); restore a backup (relmap workspace backup) or repair the rows named above",
                    "\(file)：发现 \(problems.count) 个问题；请恢复备份（relmap workspace backup），或修复以上各行"))
            throw ExitCode(1)
        }
    }
}

extension UsersOptions {
    /// The options for a workspace given as an argument rather than `--workspace`.
    static func on(_ file: String, _ lang: LanguageOption) -> UsersOptions {
        var options = UsersOptions()
        options.workspace = file
        options.lang = lang
        return options
    }
}
