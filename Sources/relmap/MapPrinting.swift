import RelmapCore
import RelmapRender

/// Prints a map to PDF: one sheet when its smallest text prints at 7 pt or more on the paper,
/// else one page per chain when the map can be cut (segment view), else one sheet and a note.
enum MapPrinting {
    /// PDF bytes, and what to tell the user on standard error (nil: nothing to say).
    static func pdf(_ drawing: MapDrawing, page: MapPage, dpi: Int?) async throws -> (bytes: [UInt8], note: String?) {
        let renderer = GraphvizRenderer.shared
        // `plain` starts with "graph SCALE WIDTH HEIGHT" in inches: the laid-out size.
        let plain = String(decoding: try await renderer.render(dot: drawing.dot, format: .plain), as: UTF8.self)
        let head = plain.prefix { $0 != "\n" }.split(separator: " ")
        let width = head.count >= 4 ? Double(head[2]) ?? 0 : 0, height = head.count >= 4 ? Double(head[3]) ?? 0 : 0
        let split = drawing.shouldSplit(width: width, height: height, page: page)
        let note = drawing.printNote(width: width, height: height, page: page, split: split)
        guard split else { return (try await renderer.render(dot: drawing.dot, format: .pdf, dpi: dpi), note) }
        var pages: [[UInt8]] = []
        for dot in drawing.pageDOTs { pages.append(try await renderer.render(dot: dot, format: .pdf, dpi: dpi)) }
        return (try PDFPages.merge(pages), note)
    }
}
