import ArgumentParser
import RelmapCore

extension MapView: ExpressibleByArgument {}
extension SegmentMap.CardOrder: ExpressibleByArgument {}
extension MapPage.Paper: ExpressibleByArgument {}

/// `relmap map` options for the view and the output page (issue 19); `--lang` is `LanguageOption`.
struct MapViewOptions: ParsableArguments {
    @Option(
        help:
            "segment (segments as columns with company cards) or company (one node per company). Default: segment for --industry and for a large --rm book, company for --client."
    )
    var view: MapView?

    @Option(help: "On the segment view, also draw the N largest company-to-company flows.")
    var detail: Int = 0

    @Option(help: "Order the cards of a segment by trade (on the map) or value (size, else value to the bank).")
    var order: SegmentMap.CardOrder = .trade

    @Option(help: "For pdf: fit the map to a4 or a3 landscape (default a3); the footer names the data and the date.")
    var paper: MapPage.Paper?

    @Option(help: "Link each company in svg to PREFIX + its id (for example /entities/).")
    var linkPrefix: String?

    func validate() throws {
        guard (0...200).contains(detail) else { throw ValidationError("--detail must be between 0 and 200") }
    }

    /// The page for `format`: paper for PDF (A3 unless asked), footer naming `source` and today.
    func page(format: String, source: String) -> MapPage {
        MapPage(paper: format == "pdf" ? (paper ?? .a3) : paper, source: source, date: MapPage.today(), linkPrefix: linkPrefix)
    }
}
