import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Where every command's output goes, and the one set of rules for `--out`.
///
/// - nil or `-` is standard output.
/// - A path that is, or resolves to, a file this process has read (`InputFiles`) is refused: an
///   RM's own data must never be overwritten by a typo in `--out`.
/// - A FIFO, a character device or a socket (`/dev/stdout`, `/dev/null`, a named pipe) is written
///   through; a symlink is followed and its target written. Only a regular file (or a new one) is
///   replaced, atomically: the text goes to a hidden file in the same folder, which is renamed over
///   the target once everything is written, so a full disk never leaves half a report behind.
/// - A missing parent folder is refused, never created: a mistyped folder name would otherwise
///   send the output somewhere nobody looks, silently; the message says to create it. A command
///   whose output is itself a folder (`export --format csv`, `mine`, `generate`) creates that last
///   folder only.
/// - A folder where a file is expected is refused with that said.
///
/// Write errors (a full disk, a closed pipe, `ulimit -f`) are `RelmapError.io` with the reason in
/// the user's terms; the caller exits 1. `SIGPIPE` and `SIGXFSZ` must be ignored by the process
/// (`OutputFile.ignoreWriteSignals()`), so that these arrive as errors instead of killing it.
public final class OutputFile {
    /// What the target is, decided before anything is written.
    enum Kind { case standardOutput, special, replace }

    public let path: String?
    private let kind: Kind
    private let lang: Language
    private var fd: Int32 = -1
    private var temporary: String?
    private var buffer: [UInt8] = []
    private var closed = false
    private var renamed = false
    /// The bytes written so far.
    public private(set) var byteCount = 0

    /// Checks `path` against the rules above and opens it for writing.
    /// - Parameters:
    ///   - inputs: files the command read besides those in `InputFiles` (the rules file of `mine`).
    public init(_ path: String?, inputs: [String] = [], lang: Language = .fromEnvironment()) throws {
        self.lang = lang
        guard let path, path != "-" else {
            self.path = nil
            kind = .standardOutput
            fd = STDOUT_FILENO
            return
        }
        self.path = path
        try OutputFile.refuseInput(path, inputs: inputs, lang: lang)
        var info = stat()
        if OutputFile.namesADescriptor(path) {
            // /dev/stdout, /dev/fd/3, /proc/self/fd/1: the shell's redirection, whatever it points
            // at, is written through (a file at its offset), never replaced.
            kind = .special
        } else if stat(path, &info) == 0 {
            switch info.st_mode & S_IFMT {
            case S_IFDIR:
                throw RelmapError.io(path: path, reason: OutputMessages.isFolder(lang))
            case S_IFREG:
                kind = .replace
            default:
                kind = .special
            }
        } else {
            kind = .replace
            let parent = OutputFile.parent(of: path)
            var parentInfo = stat()
            guard stat(parent, &parentInfo) == 0 else {
                throw RelmapError.io(path: path, reason: OutputMessages.missingParent(parent, lang))
            }
            guard parentInfo.st_mode & S_IFMT == S_IFDIR else {
                throw RelmapError.io(path: path, reason: OutputMessages.parentNotFolder(parent, lang))
            }
        }
        switch kind {
        case .special:
            fd = open(path, O_WRONLY | O_CLOEXEC)
            guard fd >= 0 else { throw RelmapError.io(path: path, reason: OutputMessages.cannotWrite(errno, lang)) }
        case .replace:
            // The hidden sibling lives in the target's folder, so the final rename stays on one
            // file system and is atomic. A symlink's target is replaced, not the link.
            let target = OutputFile.resolvedForReplace(path)
            var template = Array((OutputFile.parent(of: target) + "/." + (target as NSString).lastPathComponent + ".relmap-XXXXXX").utf8CString)
            fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
            guard fd >= 0 else { throw RelmapError.io(path: path, reason: OutputMessages.cannotWrite(errno, lang)) }
            temporary = String(cString: template)
            // mkstemp makes the file 0600; give it the mode the old file had, or the usual one.
            var old = stat()
            let mode = stat(target, &old) == 0 ? old.st_mode & 0o7777 : 0o666 & ~OutputFile.umaskValue
            _ = fchmod(fd, mode)
        case .standardOutput:
            break
        }
        buffer.reserveCapacity(1 << 20)
    }

    deinit {
        // Not finished: an error on the way. Leave the target as it was.
        if kind != .standardOutput && !closed { close(fd) }
        if let temporary, !renamed { unlink(temporary) }
    }

    /// Appends bytes; they reach the target in blocks of 1 MB, so a large export streams.
    public func write(_ bytes: some Sequence<UInt8>) throws {
        buffer.append(contentsOf: bytes)
        if buffer.count >= 1 << 20 { try flush() }
    }

    public func write(_ text: String) throws { try write(text.utf8) }

    /// Writes what is buffered, closes, and (for a regular file) puts the new file in place.
    public func finish() throws {
        try flush()
        guard kind != .standardOutput else { return }
        closed = true
        if close(fd) != 0 { throw RelmapError.io(path: path ?? "-", reason: OutputMessages.cannotWrite(errno, lang)) }
        if let temporary, let path {
            guard rename(temporary, OutputFile.resolvedForReplace(path)) == 0 else {
                throw RelmapError.io(path: path, reason: OutputMessages.cannotWrite(errno, lang))
            }
            renamed = true
        }
    }

    private func flush() throws {
        var done = 0
        let count = buffer.count
        while done < count {
            let n = buffer.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + done, count - done) }
            if n < 0 {
                if errno == EINTR { continue }
                let e = errno
                throw RelmapError.io(path: path ?? OutputMessages.standardOutput(lang), reason: OutputMessages.cannotWrite(e, lang))
            }
            done += n
        }
        byteCount += count
        buffer.removeAll(keepingCapacity: true)
    }

    /// Writes `bytes` to `path` (nil or `-`: standard output) by the rules above, in one call.
    public static func write(_ bytes: some Sequence<UInt8>, to path: String?, inputs: [String] = [], lang: Language = .fromEnvironment()) throws {
        let out = try OutputFile(path, inputs: inputs, lang: lang)
        try out.write(bytes)
        try out.finish()
    }

    /// Makes the folder a folder-shaped output goes into (`export --format csv`, `mine`): the
    /// folder itself may be new, its parent must exist; an existing file there is refused.
    public static func prepareFolder(_ path: String, lang: Language = .fromEnvironment()) throws {
        var info = stat()
        if stat(path, &info) == 0 {
            guard info.st_mode & S_IFMT == S_IFDIR else { throw RelmapError.io(path: path, reason: OutputMessages.notAFolder(lang)) }
            return
        }
        let parent = parent(of: path)
        var parentInfo = stat()
        guard stat(parent, &parentInfo) == 0 else { throw RelmapError.io(path: path, reason: OutputMessages.missingParent(parent, lang)) }
        guard parentInfo.st_mode & S_IFMT == S_IFDIR else { throw RelmapError.io(path: path, reason: OutputMessages.parentNotFolder(parent, lang)) }
        guard mkdir(path, 0o777) == 0 || errno == EEXIST else {
            throw RelmapError.io(path: path, reason: OutputMessages.cannotWrite(errno, lang))
        }
    }

    /// Ignores SIGPIPE and SIGXFSZ, so that a closed pipe or `ulimit -f` comes back from `write`
    /// as an error with its reason instead of ending the process without a word.
    public static func ignoreWriteSignals() {
        signal(SIGPIPE, SIG_IGN)
        signal(SIGXFSZ, SIG_IGN)
    }

    static func refuseInput(_ path: String, inputs: [String], lang: Language) throws {
        var target = stat()
        guard stat(path, &target) == 0 else { return }
        for input in InputFiles.all + inputs {
            var info = stat()
            guard stat(input, &info) == 0 else { continue }
            if info.st_dev == target.st_dev && info.st_ino == target.st_ino {
                throw RelmapError.io(path: path, reason: OutputMessages.isInput(input, lang))
            }
        }
    }

    /// A path that stands for an open descriptor of this process.
    static func namesADescriptor(_ path: String) -> Bool {
        ["/dev/stdout", "/dev/stderr"].contains(path) || path.hasPrefix("/dev/fd/") || path.hasPrefix("/proc/self/fd/")
    }

    static func parent(of path: String) -> String {
        let p = (path as NSString).deletingLastPathComponent
        return p.isEmpty ? "." : p
    }

    /// The file a rename must replace: the final target of a chain of symlinks.
    static func resolvedForReplace(_ path: String) -> String {
        var current = path
        for _ in 0..<40 {
            var info = stat()
            guard lstat(current, &info) == 0, info.st_mode & S_IFMT == S_IFLNK else { return current }
            var target = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let n = readlink(current, &target, Int(PATH_MAX))
            guard n > 0 else { return current }
            let link = String(decoding: target[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            current = link.hasPrefix("/") ? link : (parent(of: current) as NSString).appendingPathComponent(link)
        }
        return current
    }

    static var umaskValue: mode_t {
        let m = umask(0o022)
        umask(m)
        return m
    }
}

/// The files this process has read as input (graph files, payments, rules), so that no output
/// ever replaces one. The readers register what they open.
public enum InputFiles {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var paths: [String] = []

    public static func register(_ path: String) {
        lock.lock()
        defer { lock.unlock() }
        if !paths.contains(path) { paths.append(path) }
    }

    public static var all: [String] {
        lock.lock()
        defer { lock.unlock() }
        return paths
    }
}

/// Every sentence the output rules say, in English and Chinese, kept together to be localised.
enum OutputMessages {
    static func standardOutput(_ l: Language) -> String { l("standard output", "标准输出") }
    static func isFolder(_ l: Language) -> String {
        l(
            "is a folder; --out needs a file name here, e.g. add /result.csv",
            "是一个文件夹；这里 --out 需要文件名，例如在后面加上 /result.csv")
    }
    static func notAFolder(_ l: Language) -> String {
        l(
            "exists and is not a folder; this output is a folder, give a new or existing folder",
            "已存在且不是文件夹；这个输出是一个文件夹，请给出新的或已有的文件夹")
    }
    static func missingParent(_ parent: String, _ l: Language) -> String {
        l(
            "the folder \(parent) does not exist; create it first (mkdir -p \(parent)) or correct the path",
            "文件夹 \(parent) 不存在；请先创建（mkdir -p \(parent)）或改正路径")
    }
    static func parentNotFolder(_ parent: String, _ l: Language) -> String {
        l("\(parent) is a file, not a folder; correct the path", "\(parent) 是文件而不是文件夹；请改正路径")
    }
    static func isInput(_ input: String, _ l: Language) -> String {
        l(
            "is the input file \(input); inputs are never overwritten, choose another --out",
            "就是输入文件 \(input)；输入文件绝不会被覆盖，请换一个 --out")
    }
    static func cannotWrite(_ code: Int32, _ l: Language) -> String {
        switch code {
        case ENOSPC: l("cannot write: no space left on device", "无法写入：设备空间已满")
        case EPIPE: l("cannot write: the reading program closed the pipe", "无法写入：读取方已关闭管道")
        case EFBIG: l("cannot write: file too large (a size limit such as ulimit -f)", "无法写入：文件过大（超出 ulimit -f 等大小限制）")
        case EACCES, EPERM: l("cannot write: permission denied", "无法写入：没有权限")
        case EROFS: l("cannot write: the file system is read-only", "无法写入：文件系统只读")
        case EDQUOT: l("cannot write: disk quota exceeded", "无法写入：超出磁盘配额")
        default: l("cannot write: \(String(cString: strerror(code)))", "无法写入：\(String(cString: strerror(code)))")
        }
    }
}
