import Foundation

/// What goes around a map when it is printed or put on the web: paper, footer, link targets.
public struct MapPage: Sendable, Equatable {
    /// Landscape paper the map is fitted to (shrunk, never enlarged), with a 10 mm margin.
    public enum Paper: String, Sendable, CaseIterable {
        case a4, a3

        /// Landscape width and height in points (1/72 inch).
        public var points: (width: Double, height: Double) {
            switch self {
            case .a4: (841.89, 595.28)
            case .a3: (1190.55, 841.89)
            }
        }

        /// The drawing area: the page less a 10 mm margin each side, in points.
        public var printable: (width: Double, height: Double) {
            let margin = 28.35
            return (points.width - 2 * margin, points.height - 2 * margin)
        }
    }

    /// nil: the drawing keeps its natural size (screens, PNG, SVG).
    public var paper: Paper?
    /// Where the data came from (a folder or file), printed in the footer; nil: no footer.
    public var source: String?
    /// The date printed in the footer (2026-03-05).
    public var date: String?
    /// When set, every company links to `linkPrefix + id` (percent-encoded), e.g. "/entities/".
    public var linkPrefix: String?
    /// Entity id -> why it is a target, in the map's language: added to its tooltip. The server
    /// passes the reasons of the signed-in RM's ranking.
    public var reasons: [String: [String]]

    public init(
        paper: Paper? = nil, source: String? = nil, date: String? = nil, linkPrefix: String? = nil,
        reasons: [String: [String]] = [:]
    ) {
        self.paper = paper
        self.source = source
        self.date = date
        self.linkPrefix = linkPrefix
        self.reasons = reasons
    }

    /// A company's tooltip: `parts` (id, status ...), then its reasons, one a line.
    func tooltip(_ parts: [String], id: String) -> String {
        let text = parts.filter { !$0.isEmpty }.joined(separator: " · ")
        guard let why = reasons[id], !why.isEmpty else { return text }
        return ([text] + why.map { "- " + $0 }).joined(separator: "\n")
    }

    /// Today as yyyy-MM-dd in UTC, or the day of SOURCE_DATE_EPOCH when it is set (reproducible
    /// samples: the same data and arguments give the same file).
    public static func today(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        let seconds = environment["SOURCE_DATE_EPOCH"].flatMap { Double($0) } ?? Date().timeIntervalSince1970
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day], from: Date(timeIntervalSince1970: seconds))
        func two(_ x: Int) -> String { x < 10 ? "0\(x)" : "\(x)" }
        return "\(c.year!)-\(two(c.month!))-\(two(c.day!))"
    }

    /// Graphviz `size` for the paper (inches), so that the drawing shrinks to fit it. Graphviz puts
    /// the pad and a margin of its own around the drawing, one inch in all (measured on PDF output
    /// of 2.43), so the drawing gets the printable area less one inch.
    var sizeAttribute: String? {
        guard let paper else { return nil }
        let p = paper.printable
        return LogScale.format((p.width - 72) / 72) + "," + LogScale.format((p.height - 72) / 72)
    }

    /// The smallest font's printed size once a drawing of `width` x `height` inches (Graphviz's
    /// layout size) is shrunk to the paper; nil without paper. 7 pt is the least a printed map
    /// should use.
    public func printedFont(width: Double, height: Double, smallest: Double) -> Double? {
        guard let paper, width > 0, height > 0 else { return nil }
        let room = paper.printable
        let scale = min(1, (room.width - 72) / (width * 72), (room.height - 72) / (height * 72))
        return smallest * scale
    }

    /// The least printed font size a map may use before it is split or a warning is given.
    public static let minimumPrintedFont = 7.0

    /// The anchor id of an entity in SVG output ("entity-" and the percent-encoded id; Graphviz
    /// writes it as `a_entity-...` on the `<g>` around the company).
    static func anchorID(_ id: String) -> String { "entity-" + percentEncoded(id) }

    func link(_ id: String) -> String? { linkPrefix.map { $0 + MapPage.percentEncoded(id) } }

    /// Keeps A-Z a-z 0-9 - . _ ~ and percent-encodes every other UTF-8 byte: safe in a URL path
    /// segment and in an XML id, and reversible.
    static func percentEncoded(_ s: String) -> String {
        var out = ""
        for byte in s.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
                UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = Array("0123456789ABCDEF")
                out += "%" + String(hex[Int(byte >> 4)]) + String(hex[Int(byte & 15)])
            }
        }
        return out
    }
}
