import RelmapCore

/// The referral trees of an HTML report drawn by Graphviz, the same machinery as the maps.
public enum ReferralDrawings {
    /// SVG per tree root, for the trees the report draws. A tree whose drawing fails is left out:
    /// the report then falls back to its own SVG drawing, so the report is never lost to a render.
    public static func render(_ report: ReferralReport) async -> [String: String] {
        var drawings: [String: String] = [:]
        for tree in report.trees.prefix(report.diagramCount) {
            guard let bytes = try? await GraphvizRenderer.shared.render(dot: tree.dot(), format: .svg) else { continue }
            let svg = String(decoding: bytes, as: UTF8.self)
            drawings[tree.root] = svg.range(of: "<svg").map { String(svg[$0.lowerBound...]) }
        }
        return drawings
    }
}
