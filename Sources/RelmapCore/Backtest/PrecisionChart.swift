import Foundation

/// Precision at k, one line per method, as a self-contained SVG: the picture on the leads' backtest
/// page and `relmap backtest --plot`. Drawn here rather than by a charting library so that the
/// server sends it inline with the page (no script, no request of its own) and the command writes
/// the same file.
///
/// The vertical axis starts at 0 and ends just above the highest precision from k = 10 on: the
/// first few places swing between 0 and 1 on a single hit and would otherwise flatten every line
/// that matters (they are drawn, clipped at the top).
public struct PrecisionChart: Sendable {
    public var curves: [HitsCurve]
    /// The k the table reports, marked with a vertical line.
    public var k: Int
    public var language: Language
    public var width = 760.0
    public var height = 400.0

    public init(curves: [HitsCurve], k: Int, language: Language) {
        self.curves = curves
        self.k = k
        self.language = language
    }

    /// How each method is drawn: the composite strong, single signals thin, the two baselines an RM
    /// would use without Relmap dashed, random dotted.
    static func stroke(_ method: String) -> (color: String, width: Double, dash: String?) {
        switch method {
        case "relmap": return ("#b3261e", 3, nil)
        case "ppr": return ("#1f77b4", 1.5, nil)
        case "bridge": return ("#9467bd", 1.5, nil)
        case "coverage": return ("#2ca02c", 1.5, nil)
        case "access": return ("#ff7f0e", 1.5, nil)
        case "potential": return ("#8c564b", 1.5, nil)
        case "degree": return ("#555555", 1.5, "6 4")
        case "size": return ("#17becf", 1.5, "6 4")
        default: return ("#000000", 1.2, "2 3")
        }
    }

    public func svg() -> String {
        let zh = language == .zh, text = BacktestText(language)
        let left = 56.0, right = 190.0, top = 36.0, bottom = 48.0
        let plotW = width - left - right, plotH = height - top - bottom
        let limit = curves.map(\.hits.count).max() ?? 0
        let precisions = curves.map(\.precision)
        let from = min(10, limit)
        let peak = precisions.flatMap { $0.dropFirst(max(0, from - 1)) }.max() ?? 0
        let yMax = Self.niceCeiling(max(peak, 0.01))
        func x(_ place: Int) -> Double { left + (limit > 1 ? Double(place - 1) / Double(limit - 1) : 0) * plotW }
        func y(_ p: Double) -> Double { top + plotH * (1 - min(p, yMax * 1.04) / yMax) }
        func f(_ v: Double) -> String { String(format: "%.1f", v) }

        let title = zh ? "前 k 名的命中率：排在前 k 的目标中，后来成为客户的比例" : "Precision at k: the share of the first k targets that later became clients"
        var out = """
            <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(f(width)) \(f(height))" width="\(f(width))" height="\(f(height))" role="img" aria-label="\(Self.escaped(title))" font-family="'Noto Sans CJK SC','Noto Sans',sans-serif" font-size="12">
            <title>\(Self.escaped(title))</title>
            <rect x="0" y="0" width="\(f(width))" height="\(f(height))" fill="#ffffff"/>
            <text x="\(f(left))" y="20" font-size="14" font-weight="bold">\(Self.escaped(title))</text>
            <defs><clipPath id="plot"><rect x="\(f(left))" y="\(f(top))" width="\(f(plotW))" height="\(f(plotH))"/></clipPath></defs>

            """
        // Grid and axes.
        for tick in Self.ticks(upTo: yMax) {
            let ty = y(tick)
            out += "<line x1=\"\(f(left))\" y1=\"\(f(ty))\" x2=\"\(f(left + plotW))\" y2=\"\(f(ty))\" stroke=\"#e5e5e5\"/>"
            out += "<text x=\"\(f(left - 6))\" y=\"\(f(ty + 4))\" text-anchor=\"end\">\(Self.percent(tick))</text>\n"
        }
        for tick in Self.ticks(upTo: Double(limit)) where tick >= 1 {
            let tx = x(Int(tick))
            out += "<line x1=\"\(f(tx))\" y1=\"\(f(top + plotH))\" x2=\"\(f(tx))\" y2=\"\(f(top + plotH + 4))\" stroke=\"#333\"/>"
            out += "<text x=\"\(f(tx))\" y=\"\(f(top + plotH + 17))\" text-anchor=\"middle\">\(Int(tick))</text>\n"
        }
        out += "<line x1=\"\(f(left))\" y1=\"\(f(top + plotH))\" x2=\"\(f(left + plotW))\" y2=\"\(f(top + plotH))\" stroke=\"#333\"/>"
        out += "<line x1=\"\(f(left))\" y1=\"\(f(top))\" x2=\"\(f(left))\" y2=\"\(f(top + plotH))\" stroke=\"#333\"/>\n"
        let xLabel = zh ? "k：按排序依次跟进的目标数" : "k: targets worked through, in order"
        out += "<text x=\"\(f(left + plotW / 2))\" y=\"\(f(height - 10))\" text-anchor=\"middle\">\(Self.escaped(xLabel))</text>\n"
        let yLabel = zh ? "命中率" : "precision"
        out += "<text transform=\"translate(14 \(f(top + plotH / 2))) rotate(-90)\" text-anchor=\"middle\">\(Self.escaped(yLabel))</text>\n"
        if k >= 1 && k <= limit {
            let kx = x(k)
            out += "<line x1=\"\(f(kx))\" y1=\"\(f(top))\" x2=\"\(f(kx))\" y2=\"\(f(top + plotH))\" stroke=\"#999\" stroke-dasharray=\"3 3\"/>"
            out += "<text x=\"\(f(kx + 4))\" y=\"\(f(top + 12))\" fill=\"#666\">k = \(k)</text>\n"
        }
        // Lines, the composite last so it is on top.
        let drawOrder = curves.indices.sorted { (curves[$0].method == "relmap" ? 1 : 0) < (curves[$1].method == "relmap" ? 1 : 0) }
        for i in drawOrder where !precisions[i].isEmpty {
            let s = Self.stroke(curves[i].method)
            let points = precisions[i].enumerated().map { "\(f(x($0 + 1))),\(f(y($1)))" }.joined(separator: " ")
            out += "<polyline clip-path=\"url(#plot)\" fill=\"none\" stroke=\"\(s.color)\" stroke-width=\"\(s.width)\""
            if let dash = s.dash { out += " stroke-dasharray=\"\(dash)\"" }
            out += " points=\"\(points)\"><title>\(Self.escaped(text.methodName(curves[i].method)))</title></polyline>\n"
        }
        // Legend, in table order, with each method's precision at k.
        var ly = top + 6
        for (i, curve) in curves.enumerated() {
            let s = Self.stroke(curve.method), lx = left + plotW + 16
            out += "<line x1=\"\(f(lx))\" y1=\"\(f(ly))\" x2=\"\(f(lx + 22))\" y2=\"\(f(ly))\" stroke=\"\(s.color)\" stroke-width=\"\(s.width)\""
            if let dash = s.dash { out += " stroke-dasharray=\"\(dash)\"" }
            let atK = precisions[i].isEmpty ? "" : " " + Self.percent(precisions[i][min(k, precisions[i].count) - 1])
            out += "/><text x=\"\(f(lx + 28))\" y=\"\(f(ly + 4))\">\(Self.escaped(text.methodName(curve.method)))\(atK)</text>\n"
            ly += 20
        }
        return out + "</svg>\n"
    }

    /// The smallest of 1, 2, 2.5, 5 times a power of ten at or above `v`.
    static func niceCeiling(_ v: Double) -> Double {
        let power = pow(10, floor(log10(v)))
        for step in [1.0, 2, 2.5, 5, 10] where step * power >= v * (1 - 1e-12) { return step * power }
        return 10 * power
    }

    /// About five round ticks from 0 to `upTo`.
    static func ticks(upTo: Double) -> [Double] {
        guard upTo > 0 else { return [0] }
        let step = niceCeiling(upTo / 5)
        return stride(from: 0, through: upTo * (1 + 1e-9), by: step).map { $0 }
    }

    static func percent(_ p: Double) -> String {
        let v = p * 100
        return (v == v.rounded() ? String(Int(v)) : String(format: v < 10 ? "%.1f" : "%.0f", v)) + "%"
    }

    static func escaped(_ s: String) -> String { Escaping.xml(s) }
}
