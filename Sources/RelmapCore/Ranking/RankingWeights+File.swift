import Foundation
import Yams

extension RankingWeights {
    /// The keys a weights file may hold; anything else is a typo that would silently change nothing.
    public static let fileKeys =
        [
            "ppr", "bridge", "coverage", "access", "potential", "group", "high_potential", "warm_access", "many_client_ties",
            "ppr_transform", "bridge_transform", "coverage_transform", "potential_transform"
        ]
        + halfLifeKeys.map(\.key)

    /// Reads a weights file (`--weights`): YAML, or JSON when the name ends in `.json`. Missing keys
    /// keep their defaults.
    /// - Throws: `RelmapError.io` when the file cannot be read, `RelmapError.invalidData` naming
    ///   the file and each problem (unknown key with the nearest known one, a value that is not a
    ///   number, a negative weight). A bad file is bad data: exit 1, like every other input file.
    public static func load(path: String) throws -> RankingWeights {
        InputFiles.register(path)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw RelmapError.io(path: path, reason: "cannot read the weights file; check the path / 无法读取权重文件，请检查路径")
        }
        var log = DiagnosticLog()
        let text = String(decoding: data, as: UTF8.self)
        let keys: [String]
        do {
            if path.lowercased().hasSuffix(".json") {
                guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else { throw RelmapError.usage("") }
                keys = Array(object.keys)
            } else {
                guard let object = try Yams.load(yaml: text) as? [String: Any] else { throw RelmapError.usage("") }
                keys = Array(object.keys)
            }
        } catch {
            log.error(
                path, "not a weights file: expected a mapping of keys to numbers / 不是权重文件：应为“键: 数值”的映射",
                fix: "keys: \(fileKeys.joined(separator: ", "))")
            throw RelmapError.invalidData(log)
        }
        for key in keys.sorted() where !fileKeys.contains(key) {
            let hint = Suggest.closest(to: key, among: fileKeys).map { "did you mean \($0)? / 是否为 \($0)？ " } ?? ""
            log.error(path, field: key, "unknown key / 未知的键", fix: "\(hint)valid keys: \(fileKeys.joined(separator: ", "))")
        }
        var weights = RankingWeights()
        if !log.hasErrors {
            do {
                weights =
                    path.lowercased().hasSuffix(".json")
                    ? try JSONDecoder().decode(RankingWeights.self, from: data)
                    : try YAMLDecoder().decode(RankingWeights.self, from: text)
            } catch {
                log.error(
                    path, "a value is not a number, or a transform is not percentile, log or share / 有值不是数字，或变换不是 percentile、log、share 之一",
                    fix: "write each weight as a number >= 0, e.g. ppr: 0.3, and each *_transform as percentile, log or share")
            }
        }
        for problem in log.hasErrors ? [] : weights.validationErrors() { log.error(path, problem) }
        if log.hasErrors { throw RelmapError.invalidData(log) }
        return weights
    }
}

/// Where the weights in use came from, for the people who read the answers: the file, when it was
/// last written, and its leading comments (`relmap tune` writes there the day it tuned and the
/// figures it chose the weights on). No file: the defaults of Guides/Ranking.md.
public struct WeightsOrigin: Sendable, Equatable {
    public var path: String?
    public var modified: Date?
    public var comments: [String]

    public init(path: String? = nil, modified: Date? = nil, comments: [String] = []) {
        self.path = path
        self.modified = modified
        self.comments = comments
    }

    /// The origin of a weights file that `RankingWeights.load(path:)` has read.
    public static func of(path: String) -> WeightsOrigin {
        let modified = (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date
        let text = FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) } ?? ""
        var comments: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix("#") else { if trimmed.isEmpty { continue } else { break } }
            comments.append(String(trimmed.dropFirst()).trimmingCharacters(in: .whitespaces))
        }
        return WeightsOrigin(path: path, modified: modified, comments: comments)
    }
}
