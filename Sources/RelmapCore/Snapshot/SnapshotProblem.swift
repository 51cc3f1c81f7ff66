/// Why a snapshot was not used. Every case is caught before any of the snapshot's data is used;
/// the loader then reads the files instead (and writes a fresh snapshot).
public enum SnapshotProblem: Error, Sendable, Equatable {
    /// Not a snapshot at all (wrong magic) or shorter than its header.
    case notASnapshot
    /// Written by another format version or another build.
    case otherVersion(found: String, expected: String)
    /// The file is shorter or longer than its header says: a torn write or a truncated copy.
    case truncated(expected: Int, actual: Int)
    /// A checksum does not match: the named part was changed after it was written.
    case checksum(part: String)
    /// An offset, length or count points outside the file or disagrees with another.
    case malformed(part: String, detail: String)
    /// An input file changed (or vanished) since the snapshot was made.
    case stale(input: String, what: String)

    public func message(_ lang: Language) -> String {
        switch self {
        case .notASnapshot:
            lang("not a Relmap snapshot (bad header)", "不是 Relmap 快照（文件头无效）")
        case .otherVersion(let found, let expected):
            lang(
                "written by another version (\(found); this build reads \(expected))",
                "由其他版本写入（\(found)；本程序读取 \(expected)）")
        case .truncated(let expected, let actual):
            lang(
                "truncated or padded: the header says \(expected) bytes, the file has \(actual)",
                "文件被截断或加长：文件头为 \(expected) 字节，实际 \(actual) 字节")
        case .checksum(let part):
            lang(
                "checksum mismatch in \(part): the file was damaged after it was written",
                "\(part) 校验和不符：文件写入后已损坏")
        case .malformed(let part, let detail):
            lang("malformed \(part): \(detail)", "\(part) 格式错误：\(detail)")
        case .stale(let input, let what):
            lang(
                "out of date: \(input) \(what) since the snapshot was made",
                "已过期：生成快照后 \(input) 已\(what == "is missing" ? "丢失" : "改动")")
        }
    }
}
