/// A small streaming XML tokenizer for GraphML, written for hostile input.
///
/// Foundation's `XMLParser` builds on libxml2 with its limits and error codes: a file past about
/// 10 MB of one text run is refused, an invalid UTF-8 byte in a name ends the process (SIGILL),
/// CDATA and entity text goes to callbacks that are easy to miss, and its errors read as
/// "NSXMLParserErrorDomain error N". This tokenizer reads the mapped bytes once, front to back,
/// holding only the open-element stack, and checks what a GraphML reader depends on:
///
/// - well-formedness: every element closed by its own name, one root, nothing after it, no
///   duplicate attribute, no `<` in attribute values; a truncated file is an error naming the
///   element left open and the line it opened on;
/// - encoding: UTF-8 only (a BOM is skipped), validated as it goes; control characters other
///   than tab, newline and carriage return (NUL among them) are errors, in text and as `&#0;`;
/// - text: character data, CDATA sections, the five predefined entities, character references and
///   entities declared in the internal DTD subset are all text;
/// - entities: an external entity (`SYSTEM` / `PUBLIC`) is never resolved (no file or URL a document
///   names is ever opened) and referring to one is an error; expansion is bounded in depth and in
///   total size (`maxExpansion`), so "billion laughs" is an error, not an hour of work.
///
/// Errors carry the 1-based line where the problem is.
///
/// - Complexity: O(n) time in the file's bytes plus the expanded entity text (bounded); memory
///   O(depth) besides the text the caller asks for.
struct XMLTokenizer {
    enum Event {
        /// `name` and attributes in document order; `selfClosing` is followed by no `.end`.
        case start(name: String, attributes: [(String, String)], selfClosing: Bool)
        case end(name: String)
        /// Character data (entities and references expanded), a CDATA section's content.
        case text([UInt8])
        case endOfDocument
    }

    struct SyntaxError: Error {
        var line: Int
        var message: XMLMessage
    }

    /// At most this many bytes of text produced by entity references in one document.
    static let maxExpansion = 8 << 20
    /// At most this many entity references nested inside one another.
    static let maxEntityDepth = 16

    private let p: UnsafeBufferPointer<UInt8>
    private var i = 0
    /// Lines counted up to `countedTo`; `line(at:)` moves forward only.
    private var countedLine = 1
    private var countedTo = 0
    private var stack: [(name: String, line: Int)] = []
    private var sawRoot = false
    private var internalEntities: [String: [UInt8]] = [:]
    private var externalEntities: Set<String> = []
    private var expanded = 0
    /// Whether text between elements is wanted; when false it is checked but not copied.
    var wantText = true

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        p = bytes
        if p.count >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF { i = 3 }
    }

    /// The line of byte offset `offset` (not before the last one asked).
    mutating func line(at offset: Int) -> Int {
        let end = min(offset, p.count)
        while countedTo < end {
            if p[countedTo] == 0x0A { countedLine += 1 }
            countedTo += 1
        }
        return countedLine
    }

    var currentLine: Int { mutating get { line(at: i) } }
    var depth: Int { stack.count }

    private mutating func fail(_ message: XMLMessage, at offset: Int? = nil) -> SyntaxError {
        SyntaxError(line: line(at: offset ?? i), message: message)
    }

    // MARK: - Events

    mutating func next() throws(SyntaxError) -> Event {
        while true {
            if i >= p.count {
                if let open = stack.last { throw fail(.unclosed(open.name, open.line)) }
                if !sawRoot { throw fail(.noRoot) }
                return .endOfDocument
            }
            if p[i] != 0x3C {  // text
                let start = i
                var text: [UInt8] = []
                try readText(into: &text, keep: wantText && !stack.isEmpty)
                if stack.isEmpty {
                    // Only white space may stand outside the root element.
                    if let k = firstNonSpace(start, i) { throw fail(sawRoot ? .afterRoot : .textBeforeRoot, at: k) }
                    continue
                }
                if wantText && !text.isEmpty { return .text(text) }
                continue
            }
            // Markup.
            if match("<!--") {
                try skipComment()
                continue
            }
            if match("<![CDATA[") {
                guard !stack.isEmpty else { throw fail(.textBeforeRoot) }
                let start = i + 9
                guard let end = find("]]>", from: start) else { throw fail(.unterminated("CDATA")) }
                try checkChars(start, end)
                i = end + 3
                if wantText && end > start { return .text(Array(p[start..<end])) }
                continue
            }
            if match("<?") {
                guard let end = find("?>", from: i + 2) else { throw fail(.unterminated("<?")) }
                try checkDeclaration(i + 2, end)
                i = end + 2
                continue
            }
            if match("<!DOCTYPE") {
                guard !sawRoot else { throw fail(.misplacedDoctype) }
                try readDoctype()
                continue
            }
            if match("</") {
                let at = i
                i += 2
                let name = try readName()
                skipSpace()
                guard i < p.count, p[i] == 0x3E else { throw fail(.badEndTag(name)) }
                i += 1
                guard let open = stack.popLast() else { throw fail(.unexpectedEnd(name), at: at) }
                guard open.name == name else { throw fail(.mismatched(name, open.name, open.line), at: at) }
                return .end(name: name)
            }
            return try readStartTag()
        }
    }

    private mutating func readStartTag() throws(SyntaxError) -> Event {
        let at = i
        i += 1
        let name = try readName()
        if stack.isEmpty && sawRoot { throw fail(.afterRoot, at: at) }
        var attributes: [(String, String)] = []
        while true {
            let hadSpace = skipSpace()
            guard i < p.count else { throw fail(.unclosed(name, line(at: at))) }
            if p[i] == 0x3E {
                i += 1
                break
            }
            if p[i] == 0x2F {
                guard i + 1 < p.count, p[i + 1] == 0x3E else { throw fail(.badStartTag(name)) }
                i += 2
                sawRoot = true
                return .start(name: name, attributes: attributes, selfClosing: true)
            }
            guard hadSpace else { throw fail(.badStartTag(name)) }
            let attribute = try readName()
            skipSpace()
            guard i < p.count, p[i] == 0x3D else { throw fail(.attributeWithoutValue(attribute, name)) }
            i += 1
            skipSpace()
            guard i < p.count, p[i] == 0x22 || p[i] == 0x27 else { throw fail(.attributeWithoutValue(attribute, name)) }
            let quote = p[i]
            i += 1
            var value: [UInt8] = []
            try readAttributeValue(quote: quote, into: &value)
            if attributes.contains(where: { $0.0 == attribute }) { throw fail(.duplicateAttribute(attribute, name)) }
            attributes.append((attribute, String(decoding: value, as: UTF8.self)))
        }
        stack.append((name, line(at: at)))
        sawRoot = true
        return .start(name: name, attributes: attributes, selfClosing: false)
    }

    // MARK: - Pieces

    private func match(_ s: StaticString) -> Bool {
        let n = s.utf8CodeUnitCount
        guard i + n <= p.count else { return false }
        let q = s.utf8Start
        for k in 0..<n where p[i + k] != q[k] { return false }
        return true
    }

    private func find(_ s: StaticString, from: Int) -> Int? {
        let n = s.utf8CodeUnitCount, q = s.utf8Start
        var k = from
        while k + n <= p.count {
            if p[k] == q[0] {
                var ok = true
                for j in 1..<n where p[k + j] != q[j] {
                    ok = false
                    break
                }
                if ok { return k }
            }
            k += 1
        }
        return nil
    }

    @discardableResult
    private mutating func skipSpace() -> Bool {
        let start = i
        while i < p.count, p[i] == 0x20 || p[i] == 0x09 || p[i] == 0x0A || p[i] == 0x0D { i += 1 }
        return i > start
    }

    private func firstNonSpace(_ a: Int, _ b: Int) -> Int? {
        (a..<b).first { !(p[$0] == 0x20 || p[$0] == 0x09 || p[$0] == 0x0A || p[$0] == 0x0D) }
    }

    /// An XML name: letters, digits and `_ : . -` in ASCII, any non-ASCII character (UTF-8-checked).
    private mutating func readName() throws(SyntaxError) -> String {
        let start = i
        while i < p.count {
            let b = p[i]
            if (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || b == 0x5F || b == 0x3A
                || (i > start && ((b >= 0x30 && b <= 0x39) || b == 0x2D || b == 0x2E))
            {
                i += 1
            } else if b >= 0x80 {
                i = try utf8Scalar(at: i).next
            } else {
                break
            }
        }
        guard i > start else { throw fail(.badName) }
        return String(decoding: p[start..<i], as: UTF8.self)
    }

    /// Validates one UTF-8 sequence starting at `k` (a lead byte >= 0x80).
    private mutating func utf8Scalar(at k: Int) throws(SyntaxError) -> (scalar: UInt32, next: Int) {
        let b0 = p[k]
        var need = 0, value: UInt32 = 0, minimum: UInt32 = 0
        switch b0 {
        case 0xC2...0xDF:
            need = 1
            value = UInt32(b0 & 0x1F)
            minimum = 0x80
        case 0xE0...0xEF:
            need = 2
            value = UInt32(b0 & 0x0F)
            minimum = 0x800
        case 0xF0...0xF4:
            need = 3
            value = UInt32(b0 & 0x07)
            minimum = 0x10000
        default: throw fail(.invalidUTF8, at: k)
        }
        guard k + need < p.count else { throw fail(.invalidUTF8, at: k) }
        for j in 1...need {
            let b = p[k + j]
            guard b & 0xC0 == 0x80 else { throw fail(.invalidUTF8, at: k) }
            value = value << 6 | UInt32(b & 0x3F)
        }
        guard value >= minimum, value <= 0x10FFFF, !(0xD800...0xDFFF).contains(value),
            value != 0xFFFE, value != 0xFFFF
        else { throw fail(.invalidUTF8, at: k) }
        return (value, k + need + 1)
    }

    /// Checks that bytes a..<b are valid UTF-8 XML characters (CDATA, comments, declarations).
    private mutating func checkChars(_ a: Int, _ b: Int) throws(SyntaxError) {
        var k = a
        while k < b {
            let c = p[k]
            if c >= 0x80 {
                k = try utf8Scalar(at: k).next
                continue
            }
            if c < 0x20 && c != 0x09 && c != 0x0A && c != 0x0D { throw fail(.controlCharacter(UInt32(c)), at: k) }
            k += 1
        }
    }

    /// Character data up to the next `<`, references expanded into `out` when `keep`.
    private mutating func readText(into out: inout [UInt8], keep: Bool) throws(SyntaxError) {
        while i < p.count {
            let c = p[i]
            if c == 0x3C { return }
            if c == 0x26 {
                try reference(into: &out, keep: keep, inAttribute: false)
                continue
            }
            if c >= 0x80 {
                let next = try utf8Scalar(at: i).next
                if keep { out.append(contentsOf: p[i..<next]) }
                i = next
                continue
            }
            if c < 0x20 && c != 0x09 && c != 0x0A && c != 0x0D { throw fail(.controlCharacter(UInt32(c))) }
            if keep { out.append(c) }
            i += 1
        }
    }

    private mutating func readAttributeValue(quote: UInt8, into out: inout [UInt8]) throws(SyntaxError) {
        let start = i
        while true {
            guard i < p.count else { throw fail(.unterminatedAttribute, at: start) }
            let c = p[i]
            if c == quote {
                i += 1
                return
            }
            if c == 0x3C { throw fail(.lessThanInAttribute) }
            if c == 0x26 {
                try reference(into: &out, keep: true, inAttribute: true)
                continue
            }
            if c >= 0x80 {
                let next = try utf8Scalar(at: i).next
                out.append(contentsOf: p[i..<next])
                i = next
                continue
            }
            if c < 0x20 && c != 0x09 && c != 0x0A && c != 0x0D { throw fail(.controlCharacter(UInt32(c))) }
            // Attribute-value normalisation: white space characters become spaces.
            out.append(c == 0x09 || c == 0x0A || c == 0x0D ? 0x20 : c)
            i += 1
        }
    }

    /// `&...;` at `i`: a character reference, a predefined or an internal entity.
    private mutating func reference(into out: inout [UInt8], keep: Bool, inAttribute: Bool) throws(SyntaxError) {
        let at = i
        var end = i + 1
        while end < p.count, end - i < 64, p[end] != 0x3B, p[end] != 0x3C, p[end] != 0x26 { end += 1 }
        guard end < p.count, p[end] == 0x3B else { throw fail(.badReference, at: at) }
        let name = String(decoding: p[(i + 1)..<end], as: UTF8.self)
        i = end + 1
        try expand(name, into: &out, keep: keep, depth: 0, at: at)
    }

    private mutating func expand(_ name: String, into out: inout [UInt8], keep: Bool, depth: Int, at: Int) throws(SyntaxError) {
        switch name {
        case "lt":
            if keep { out.append(0x3C) }
            return
        case "gt":
            if keep { out.append(0x3E) }
            return
        case "amp":
            if keep { out.append(0x26) }
            return
        case "quot":
            if keep { out.append(0x22) }
            return
        case "apos":
            if keep { out.append(0x27) }
            return
        default: break
        }
        if name.hasPrefix("#") {
            let digits = name.dropFirst()
            let value: UInt32?
            if digits.hasPrefix("x") { value = UInt32(digits.dropFirst(), radix: 16) } else { value = UInt32(digits, radix: 10) }
            guard let value, let scalar = Unicode.Scalar(value), value != 0xFFFE, value != 0xFFFF,
                value >= 0x20 || value == 0x09 || value == 0x0A || value == 0x0D
            else {
                throw fail(value.map { $0 < 0x20 ? .controlCharacter($0) : .badReference } ?? .badReference, at: at)
            }
            if keep { out.append(contentsOf: String(Character(scalar)).utf8) }
            return
        }
        if externalEntities.contains(name) { throw fail(.externalEntity(name), at: at) }
        guard let value = internalEntities[name] else { throw fail(.undefinedEntity(name), at: at) }
        guard depth < XMLTokenizer.maxEntityDepth else { throw fail(.entityTooDeep(name), at: at) }
        expanded += value.count
        guard expanded <= XMLTokenizer.maxExpansion else { throw fail(.expansionTooLarge, at: at) }
        // The replacement text may itself hold references; markup in it is refused when declared.
        var k = 0
        while k < value.count {
            if value[k] == 0x26, let semi = value[k...].firstIndex(of: 0x3B) {
                try expand(String(decoding: value[(k + 1)..<semi], as: UTF8.self), into: &out, keep: keep, depth: depth + 1, at: at)
                k = semi + 1
            } else {
                if keep { out.append(value[k]) }
                k += 1
            }
        }
    }

    private mutating func skipComment() throws(SyntaxError) {
        guard let end = find("-->", from: i + 4) else { throw fail(.unterminated("<!--")) }
        try checkChars(i + 4, end)
        i = end + 3
    }

    /// `<?xml ... encoding="..."?>`: anything but UTF-8 is refused by name.
    private mutating func checkDeclaration(_ a: Int, _ b: Int) throws(SyntaxError) {
        try checkChars(a, b)
        let text = String(decoding: p[a..<b], as: UTF8.self)
        guard text.hasPrefix("xml "), let r = text.range(of: "encoding") else { return }
        let rest = text[r.upperBound...].drop { $0 == " " || $0 == "=" }
        guard let q = rest.first, q == "\"" || q == "'" else { return }
        let encoding = rest.dropFirst().prefix { $0 != q }
        if !["utf-8", "utf8"].contains(encoding.lowercased()) { throw fail(.encoding(String(encoding))) }
    }

    /// `<!DOCTYPE name [ ... ]>`: entity declarations are kept; the rest is skipped.
    private mutating func readDoctype() throws(SyntaxError) {
        i += 9
        while i < p.count {
            let c = p[i]
            if c == 0x3E {
                i += 1
                return
            }
            if c == 0x22 || c == 0x27 {
                guard let end = p[(i + 1)...].firstIndex(of: c) else { throw fail(.unterminated("<!DOCTYPE")) }
                i = end + 1
                continue
            }
            if c == 0x5B {
                i += 1
                try readInternalSubset()
                continue
            }
            i += 1
        }
        throw fail(.unterminated("<!DOCTYPE"))
    }

    private mutating func readInternalSubset() throws(SyntaxError) {
        while true {
            skipSpace()
            guard i < p.count else { throw fail(.unterminated("<!DOCTYPE")) }
            if p[i] == 0x5D {
                i += 1
                return
            }
            if match("<!--") {
                try skipComment()
                continue
            }
            if match("<?") {
                guard let end = find("?>", from: i + 2) else { throw fail(.unterminated("<?")) }
                i = end + 2
                continue
            }
            if match("<!ENTITY") {
                try readEntityDeclaration()
                continue
            }
            if p[i] == 0x25 { throw fail(.parameterEntity) }
            if match("<!") {
                // ELEMENT, ATTLIST, NOTATION: skipped.
                i += 2
                try skipDeclaration("<!")
                continue
            }
            throw fail(.badDoctype)
        }
    }

    private mutating func readEntityDeclaration() throws(SyntaxError) {
        i += 8
        guard skipSpace() else { throw fail(.badDoctype) }
        var parameter = false
        if i < p.count, p[i] == 0x25 {
            parameter = true
            i += 1
            skipSpace()
        }
        let name = try readName()
        skipSpace()
        guard i < p.count else { throw fail(.unterminated("<!ENTITY")) }
        if p[i] == 0x22 || p[i] == 0x27 {
            let quote = p[i]
            i += 1
            let start = i
            guard let end = p[start...].firstIndex(of: quote) else { throw fail(.unterminated("<!ENTITY")) }
            try checkChars(start, end)
            let value = Array(p[start..<end])
            if value.contains(0x3C) { throw fail(.entityWithMarkup(name)) }
            if value.contains(0x25) && parameter { throw fail(.parameterEntity) }
            i = end + 1
            if !parameter && internalEntities[name] == nil && !externalEntities.contains(name) { internalEntities[name] = value }
        } else {
            // SYSTEM or PUBLIC: external. Recorded so that a reference is refused by name.
            if !parameter { externalEntities.insert(name) }
        }
        try skipDeclaration("<!ENTITY")
    }

    /// Moves past the `>` that ends a declaration, skipping quoted strings (which may hold `>`).
    private mutating func skipDeclaration(_ what: String) throws(SyntaxError) {
        while i < p.count, p[i] != 0x3E {
            if p[i] == 0x22 || p[i] == 0x27 {
                guard let end = p[(i + 1)...].firstIndex(of: p[i]) else { throw fail(.unterminated(what)) }
                i = end
            }
            i += 1
        }
        guard i < p.count else { throw fail(.unterminated(what)) }
        i += 1
    }
}

/// Every XML problem the tokenizer names, in English and Chinese.
enum XMLMessage: Equatable {
    case unclosed(String, Int), noRoot, afterRoot, textBeforeRoot, unterminated(String), misplacedDoctype
    case badEndTag(String), unexpectedEnd(String), mismatched(String, String, Int), badStartTag(String)
    case attributeWithoutValue(String, String), duplicateAttribute(String, String), badName, invalidUTF8
    case controlCharacter(UInt32), unterminatedAttribute, lessThanInAttribute, badReference
    case externalEntity(String), undefinedEntity(String), entityTooDeep(String), expansionTooLarge
    case encoding(String), parameterEntity, badDoctype, entityWithMarkup(String)

    func text(_ l: Language) -> String {
        switch self {
        case .unclosed(let name, let line):
            l(
                "<\(name)> opened on line \(line) is never closed; the file ends early (cut off while copying or writing?)",
                "第 \(line) 行打开的 <\(name)> 没有关闭；文件提前结束（复制或写出时被截断？）")
        case .noRoot: l("no XML element at all; a GraphML file starts with <graphml>", "没有任何 XML 元素；GraphML 文件应以 <graphml> 开始")
        case .afterRoot: l("content after the end of the root element </graphml>", "根元素 </graphml> 结束之后还有内容")
        case .textBeforeRoot: l("text outside the root element", "根元素之外有文本")
        case .unterminated(let what): l("\(what) is never terminated; the file ends inside it", "\(what) 没有结束；文件在其中结束")
        case .misplacedDoctype: l("<!DOCTYPE> after the root element", "<!DOCTYPE> 出现在根元素之后")
        case .badEndTag(let name): l("malformed end tag </\(name)", "结束标签 </\(name) 格式错误")
        case .unexpectedEnd(let name): l("</\(name)> closes nothing that is open", "</\(name)> 没有对应的开始标签")
        case .mismatched(let name, let open, let line):
            l(
                "</\(name)> where </\(open)> belongs (<\(open)> opened on line \(line))",
                "此处应为 </\(open)>，却是 </\(name)>（<\(open)> 在第 \(line) 行打开）")
        case .badStartTag(let name): l("malformed tag <\(name)", "标签 <\(name) 格式错误")
        case .attributeWithoutValue(let a, let name): l("attribute \(a) of <\(name)> has no quoted value", "<\(name)> 的属性 \(a) 没有带引号的值")
        case .duplicateAttribute(let a, let name): l("attribute \(a) given twice in <\(name)>", "<\(name)> 中属性 \(a) 出现了两次")
        case .badName: l("a tag or attribute name is missing or starts with a character a name cannot start with", "标签名或属性名缺失，或以不允许的字符开头")
        case .invalidUTF8:
            l(
                "bytes that are not UTF-8; save the file as UTF-8 (e.g. iconv -f GB18030 -t UTF-8)",
                "有不是 UTF-8 的字节；请把文件另存为 UTF-8（例如 iconv -f GB18030 -t UTF-8）")
        case .controlCharacter(let c):
            l(
                "control character U+\(String(c, radix: 16, uppercase: true)) is not allowed in XML; remove it",
                "XML 中不允许控制字符 U+\(String(c, radix: 16, uppercase: true))；请删除")
        case .unterminatedAttribute: l("an attribute value's quote is never closed", "属性值的引号没有闭合")
        case .lessThanInAttribute: l("'<' inside an attribute value; write &lt;", "属性值中有 '<'；请写成 &lt;")
        case .badReference: l("malformed '&' reference; write a literal & as &amp;", "'&' 引用格式错误；字面的 & 请写成 &amp;")
        case .externalEntity(let name):
            l(
                "entity &\(name); is external (SYSTEM/PUBLIC); Relmap never reads a file or address a document names; put the text itself in the file",
                "实体 &\(name); 是外部实体（SYSTEM/PUBLIC）；Relmap 从不读取文档指向的文件或地址；请把文本本身写进文件")
        case .undefinedEntity(let name): l("entity &\(name); is not declared; write a literal & as &amp;", "实体 &\(name); 未声明；字面的 & 请写成 &amp;")
        case .entityTooDeep(let name):
            l(
                "entity &\(name); nests more than \(XMLTokenizer.maxEntityDepth) deep (or refers to itself)",
                "实体 &\(name); 嵌套超过 \(XMLTokenizer.maxEntityDepth) 层（或引用自身）")
        case .expansionTooLarge:
            l(
                "entities expand to more than \(XMLTokenizer.maxExpansion >> 20) MB of text; refused (an entity-expansion attack?)",
                "实体展开后超过 \(XMLTokenizer.maxExpansion >> 20) MB 文本，拒绝读取（实体膨胀攻击？）")
        case .encoding(let e):
            l(
                "declared encoding \(e); Relmap reads GraphML in UTF-8 only; convert it (iconv -f \(e) -t UTF-8) and change the declaration",
                "声明的编码为 \(e)；Relmap 只读取 UTF-8 的 GraphML；请转换（iconv -f \(e) -t UTF-8）并修改声明")
        case .parameterEntity: l("parameter entities (%name;) are not supported; remove them from the DOCTYPE", "不支持参数实体（%name;）；请从 DOCTYPE 中删除")
        case .badDoctype: l("malformed <!DOCTYPE> internal subset", "<!DOCTYPE> 内部子集格式错误")
        case .entityWithMarkup(let name): l("entity \(name) holds markup ('<'); only text entities are supported", "实体 \(name) 中含有标记（'<'）；只支持纯文本实体")
        }
    }
}
