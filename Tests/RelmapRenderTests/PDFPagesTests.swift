import Testing

@testable import RelmapRender

@Suite struct PDFPagesTests {
    func pdf(_ label: String) async throws -> [UInt8] {
        try await GraphvizRenderer.shared.render(dot: "digraph { a [label=\"\(label)\"]; a -> b; }", format: .pdf)
    }

    /// Every xref entry of `pdf` points at "N 0 obj"; returns the number of objects and pages.
    func check(_ pdf: [UInt8]) throws -> (objects: Int, pages: Int) {
        let text = String(decoding: pdf, as: UTF8.self)
        let tail = String(decoding: pdf.suffix(40), as: UTF8.self)
        let xref = Int(tail.split(separator: "\n").dropLast().last!)!
        #expect(pdf[xref...].starts(with: Array("xref".utf8)))
        let lines = String(decoding: pdf[xref...], as: UTF8.self).split(separator: "\n")
        let count = Int(lines[1].split(separator: " ")[1])!
        for n in 1..<count {
            let offset = Int(lines[2 + n].prefix(10))!
            #expect(pdf[offset...].starts(with: Array("\(n) 0 obj".utf8)), "object \(n)")
        }
        let pages = text.components(separatedBy: "/Type /Page\n").count - 1 + text.components(separatedBy: "/Type /Page ").count - 1
        return (count - 1, pages)
    }

    @Test func joinsPagesIntoOneValidDocument() async throws {
        let one = try await pdf("first"), two = try await pdf("second"), three = try await pdf("third")
        let merged = try PDFPages.merge([one, two, three])
        let text = String(decoding: merged, as: UTF8.self)
        #expect(merged.starts(with: Array("%PDF-1.5".utf8)))
        #expect(text.contains("/Type /Pages /Kids [") && text.contains("/Count 3"))
        let (_, pages) = try check(merged)
        #expect(pages == 3)
        // Each page's /Parent is the new page tree, and no old catalog survives.
        #expect(text.components(separatedBy: "/Type /Catalog").count == 2)
        #expect(!text.contains("/Parent 1 0 R"))
        #expect(try PDFPages.merge([one]) == one)
    }

    @Test func refusesWhatItCannotJoin() async throws {
        #expect(throws: PDFPagesError.self) { try PDFPages.merge([]) }
        #expect(throws: PDFPagesError.self) { try PDFPages.merge([Array("not a pdf".utf8), Array("%PDF-1.5\nx".utf8)]) }
    }
}
