import ArgumentParser
import Foundation
import RelmapCore
import Yams

/// The weights file `next --weights`, `backtest --weights` read and `tune --out` writes: YAML or
/// JSON, keys ppr, bridge, coverage, access, potential, the *_transform keys, high_potential,
/// warm_access, many_client_ties. Missing keys keep their defaults.
enum WeightsFile {
    /// The weights in `path`, or the defaults when there is none; a bad file is a usage error (2).
    static func load(_ path: String?) throws -> RankingWeights {
        guard let path else { return RankingWeights() }
        guard let data = FileManager.default.contents(atPath: path) else {
            Console.error("\(path): cannot read the weights file; check the path")
            throw ExitCode(2)
        }
        let decoded: RankingWeights
        do {
            if path.lowercased().hasSuffix(".json") {
                decoded = try JSONDecoder().decode(RankingWeights.self, from: data)
            } else {
                decoded = try YAMLDecoder().decode(RankingWeights.self, from: String(decoding: data, as: UTF8.self))
            }
        } catch {
            Console.error("\(path): not a weights file: \(error); expected keys ppr, bridge, coverage, access, potential (numbers >= 0), ppr_transform, bridge_transform, coverage_transform, potential_transform (percentile, log or share)")
            throw ExitCode(2)
        }
        let problems = decoded.validationErrors()
        if !problems.isEmpty {
            for p in problems { Console.error("\(path): \(p)") }
            throw ExitCode(2)
        }
        return decoded
    }
}

/// `--lang en|zh`: the language of the report.
extension BacktestText.Language: ExpressibleByArgument {}

/// A date on the command line, in any form the data contract accepts.
func parseDay(_ text: String, option: String) throws -> Day {
    guard let day = ValueParsing.parseDay(text) else {
        throw ValidationError("\(option): '\(text)' is not a date; write an ISO date such as 2024-06-30")
    }
    return day
}
