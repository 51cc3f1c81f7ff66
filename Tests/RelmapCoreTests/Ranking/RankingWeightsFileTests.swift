import Foundation
import Testing

@testable import RelmapCore

@Suite struct RankingWeightsFileTests {
    /// What a tuned file says about itself (its leading comments) travels with the weights, so a
    /// lead sees when and on what they were chosen; comments after the first key are the file's own.
    @Test func theOriginKeepsTheLeadingComments() throws {
        let path = NSTemporaryDirectory() + "relmap-weights-\(UUID().uuidString).yaml"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try "# Weights written by relmap tune on 2026-11-30\n#   relmap: hits 12\n\nppr: 0.4\n# later note\naccess: 0.3\n"
            .write(toFile: path, atomically: true, encoding: .utf8)
        let weights = try RankingWeights.load(path: path)
        #expect(weights.ppr == 0.4 && weights.access == 0.3)
        let origin = WeightsOrigin.of(path: path)
        #expect(origin.path == path && origin.modified != nil)
        #expect(origin.comments == ["Weights written by relmap tune on 2026-11-30", "relmap: hits 12"])
        #expect(WeightsOrigin().comments.isEmpty && WeightsOrigin().path == nil)
    }
}
