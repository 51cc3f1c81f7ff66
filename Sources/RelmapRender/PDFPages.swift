/// Joins single-page PDFs, as Graphviz's cairo renderer writes them, into one document of several
/// pages: a map too large for one sheet prints one segment group a page.
///
/// It relies on what cairo writes (PDF 1.5 with a classic `xref` table, no object streams, no
/// incremental updates) and checks it: anything else is `PDFPagesError.unsupported`, never a
/// broken file. Objects are located through the xref table, not by scanning (stream data may hold
/// any bytes), renumbered in order, and only their dictionaries are rewritten: stream bytes are
/// copied untouched.
public enum PDFPages {
    /// One PDF whose pages are the pages of `documents`, in order.
    /// - Complexity: O(total bytes).
    public static func merge(_ documents: [[UInt8]]) throws -> [UInt8] {
        guard !documents.isEmpty else { throw PDFPagesError.unsupported("no documents to join") }
        if documents.count == 1 { return documents[0] }
        var bodies: [[UInt8]] = []  // new object number - 1 -> "N 0 obj ... endobj" text
        var pages: [Int] = []  // new object numbers of the pages
        // Objects 1 and 2 are the new catalog and page tree; the rest follow.
        var next = 3
        for (d, pdf) in documents.enumerated() {
            let objects = try PDFPages.objects(pdf, document: d)
            var renumber: [Int: Int] = [:]
            var skipped = Set<Int>()
            for (number, bytes) in objects {
                let type = PDFPages.dictionaryType(bytes)
                if type == "Catalog" || type == "Pages" {
                    skipped.insert(number)
                    continue
                }
                renumber[number] = next
                next += 1
            }
            for (number, bytes) in objects where !skipped.contains(number) {
                // A page's /Parent pointed at the skipped page tree: rewrite makes it object 2.
                if PDFPages.dictionaryType(bytes) == "Page" { pages.append(renumber[number]!) }
                bodies.append(PDFPages.rewrite(bytes, renumber: renumber, newNumber: renumber[number]!))
            }
        }
        var out = Array("%PDF-1.5\n%\u{E2}\u{E3}\u{CF}\u{D3}\n".utf8)
        var offsets = [Int](repeating: 0, count: next)
        func add(_ number: Int, _ bytes: [UInt8]) {
            offsets[number] = out.count
            out += bytes
        }
        add(1, Array("1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n".utf8))
        let kids = pages.map { "\($0) 0 R" }.joined(separator: " ")
        add(2, Array("2 0 obj\n<< /Type /Pages /Kids [ \(kids) ] /Count \(pages.count) >>\nendobj\n".utf8))
        for body in bodies {
            let number = Int(String(decoding: body.prefix { $0 != 0x20 }, as: UTF8.self))!
            add(number, body)
        }
        let xref = out.count
        var table = "xref\n0 \(next)\n0000000000 65535 f \n"
        for n in 1..<next {
            let s = String(offsets[n])
            table += String(repeating: "0", count: 10 - s.count) + s + " 00000 n \n"
        }
        table += "trailer\n<< /Size \(next) /Root 1 0 R >>\nstartxref\n\(xref)\n%%EOF\n"
        out += Array(table.utf8)
        return out
    }

    /// Object number -> its bytes from "N 0 obj" to "endobj", in file order.
    static func objects(_ pdf: [UInt8], document: Int) throws -> [(Int, [UInt8])] {
        func fail(_ why: String) -> PDFPagesError { .unsupported("document \(document + 1): \(why)") }
        guard pdf.starts(with: Array("%PDF-".utf8)) else { throw fail("not a PDF") }
        // startxref <offset> near the end.
        let tail = String(decoding: pdf.suffix(64), as: UTF8.self)
        guard let range = tail.firstRange(of: "startxref"),
            let xref = Int(tail[range.upperBound...].split(whereSeparator: { $0 == "\n" || $0 == "\r" || $0 == " " }).first ?? ""),
            xref < pdf.count, pdf[xref...].starts(with: Array("xref".utf8))
        else { throw fail("no classic xref table (cross-reference streams are not supported)") }
        let lines = String(decoding: pdf[xref...], as: UTF8.self).split(whereSeparator: { $0 == "\n" || $0 == "\r" })
        var offsets: [(Int, Int)] = []
        var i = 1
        while i < lines.count, !lines[i].hasPrefix("trailer") {
            let head = lines[i].split(separator: " ")
            guard head.count == 2, let first = Int(head[0]), let count = Int(head[1]), i + count < lines.count else {
                throw fail("unreadable xref subsection")
            }
            for k in 0..<count {
                let entry = lines[i + 1 + k].split(separator: " ")
                if entry.count >= 3, entry[2].hasPrefix("n"), let offset = Int(entry[0]) { offsets.append((first + k, offset)) }
            }
            i += count + 1
        }
        guard !lines[i...].joined(separator: " ").contains("/Prev") else { throw fail("incremental updates are not supported") }
        offsets.sort { $0.1 < $1.1 }
        var result: [(Int, [UInt8])] = []
        for (k, (number, start)) in offsets.enumerated() {
            let end = k + 1 < offsets.count ? offsets[k + 1].1 : xref
            guard start < end, end <= pdf.count else { throw fail("object \(number) lies outside the file") }
            var bytes = Array(pdf[start..<end])
            guard bytes.starts(with: Array("\(number) 0 obj".utf8)) else { throw fail("object \(number) is not where the xref says") }
            // Drop whatever follows "endobj" (whitespace, comments).
            if let last = lastRange(of: Array("endobj".utf8), in: bytes) { bytes = Array(bytes[..<last]) + Array("endobj\n".utf8) }
            result.append((number, bytes))
        }
        return result
    }

    /// The `/Type` of an object's dictionary (before any stream data), e.g. "Page".
    static func dictionaryType(_ object: [UInt8]) -> String? {
        let head = dictionaryPart(object)
        guard let r = head.firstRange(of: "/Type /") ?? head.firstRange(of: "/Type/") else { return nil }
        return String(head[r.upperBound...].prefix { $0.isLetter })
    }

    /// The text of an object up to its stream keyword (all of it when there is no stream).
    private static func dictionaryPart(_ object: [UInt8]) -> String {
        let end = firstRange(of: Array("stream".utf8), in: object) ?? object.count
        return String(decoding: object[..<end], as: UTF8.self)
    }

    /// Renumbers the object header and every `N 0 R` reference in the dictionary part.
    static func rewrite(_ object: [UInt8], renumber: [Int: Int], newNumber: Int) -> [UInt8] {
        let end = firstRange(of: Array("stream".utf8), in: object) ?? object.count
        var head = String(decoding: object[..<end], as: UTF8.self)
        // Header: "N 0 obj" -> "M 0 obj".
        if let r = head.firstRange(of: " 0 obj") { head = "\(newNumber)" + head[r.lowerBound...] }
        var out = ""
        var rest = Substring(head)
        // References: digits, " 0 R". Unknown ones (objects left out) point at the catalog's
        // page tree, which is only ever a /Parent.
        while let r = rest.firstRange(of: " 0 R") {
            var start = r.lowerBound
            while start > rest.startIndex, rest[rest.index(before: start)].isNumber { start = rest.index(before: start) }
            if start < r.lowerBound, let n = Int(rest[start..<r.lowerBound]) {
                out += rest[..<start] + "\(renumber[n] ?? 2) 0 R"
            } else {
                out += rest[..<r.upperBound]
            }
            rest = rest[r.upperBound...]
        }
        out += rest
        return Array(out.utf8) + Array(object[end...])
    }

    private static func firstRange(of needle: [UInt8], in bytes: [UInt8]) -> Int? {
        guard bytes.count >= needle.count else { return nil }
        for i in 0...(bytes.count - needle.count) where bytes[i] == needle[0] && Array(bytes[i..<i + needle.count]) == needle { return i }
        return nil
    }

    private static func lastRange(of needle: [UInt8], in bytes: [UInt8]) -> Int? {
        guard bytes.count >= needle.count else { return nil }
        for i in stride(from: bytes.count - needle.count, through: 0, by: -1)
        where bytes[i] == needle[0] && Array(bytes[i..<i + needle.count]) == needle { return i }
        return nil
    }
}

/// A PDF that `PDFPages.merge` cannot join, and why.
public enum PDFPagesError: Error, CustomStringConvertible, Sendable, Equatable {
    case unsupported(String)
    public var description: String {
        switch self {
        case .unsupported(let why): "cannot join the map's pages into one PDF: \(why)"
        }
    }
}
