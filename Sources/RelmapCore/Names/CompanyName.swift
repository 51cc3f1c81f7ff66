import Foundation

/// Matching keys for company names as they are really written.
///
/// The same firm appears as `江西赣锋锂业股份有限公司`, `江西赣锋锂业股份有限公司 ` (a stray
/// space), `江西赣锋锂业(股份)有限公司`, `江西赣锋锂业（股份）有限公司` (full-width brackets), and
/// with 有限责任公司 for 有限公司; English names as `Acme, Inc.` and `ACME Inc`. The normalised key
/// folds all of these to one string; it is for matching only, never for display.
public enum CompanyName {
    /// The matching key: full-width forms to half-width, brackets unified and bracketed words
    /// unwrapped, white space and punctuation removed, 有限责任公司 to 有限公司, English legal forms
    /// shortened, case folded.
    public static func normalized(_ name: String) -> String {
        var scalars = String.UnicodeScalarView()
        for u in name.unicodeScalars {
            var v = u.value
            if (0xFF01...0xFF5E).contains(v) { v -= 0xFEE0 }  // full-width ASCII
            switch v {
            case 0x3000, 0xA0, 0x20, 0x09, 0x0A, 0x0D: continue  // spaces
            case 0x28, 0x29, 0x5B, 0x5D, 0x3010, 0x3011, 0x3014, 0x3015, 0x300C, 0x300D, 0x3008, 0x3009, 0x300A, 0x300B, 0x7B, 0x7D:
                continue  // brackets: unwrap their content
            case 0x2C, 0x2E, 0x3001, 0x3002, 0xFF0C, 0x00B7, 0x30FB, 0x2022, 0x22, 0x27, 0x2018, 0x2019, 0x201C, 0x201D, 0x2D, 0x2014, 0x2013, 0x5F,
                0x26:
                continue  // punctuation
            default: break
            }
            guard let s = Unicode.Scalar(v) else { continue }
            scalars.append(s)
        }
        var key = String(scalars).lowercased()
        key = key.replacingAll("有限责任公司", with: "有限公司")
        for (long, short) in englishForms where key.hasSuffix(long) {
            key = String(key.dropLast(long.count)) + short
            break
        }
        return key
    }

    private static let englishForms: [(String, String)] = [
        ("incorporated", "inc"), ("corporation", "corp"), ("limited", "ltd"), ("company", "co"),
        ("companylimited", "coltd")
    ]

    /// For a branch (`XX公司上海分公司`, `XX公司分公司`), the head office's name; nil otherwise.
    public static func headOffice(_ name: String) -> String? {
        let trimmed = name.trimmingSpaces()
        guard trimmed.hasSuffix("分公司") || trimmed.hasSuffix("分行") || trimmed.hasSuffix("分厂") else { return nil }
        // The head office is everything up to and including the last 公司 before the branch part.
        let body = String(trimmed.dropLast(3))
        guard let range = body.range(of: "公司", options: .backwards) else { return nil }
        let head = String(body[..<range.upperBound])
        return head.isEmpty ? nil : head
    }

    /// Whether a name looks like a private person's rather than an organisation's: two to four
    /// Han characters with no organisation word, or a short Latin name with no legal form.
    public static func looksLikePerson(_ name: String) -> Bool {
        let n = name.trimmingSpaces()
        let han = n.unicodeScalars.filter { (0x4E00...0x9FFF).contains($0.value) }
        if han.count == n.unicodeScalars.count {
            guard (2...4).contains(han.count) else { return false }
            return !organisationWords.contains { n.contains($0) }
        }
        return false
    }

    static let organisationWords = ["公司", "厂", "局", "院", "所", "中心", "协会", "商会", "集团", "银行", "部", "委", "店", "社", "行", "处", "站", "会", "校", "馆", "队"]
}

extension String {
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard contains(target) else { return self }
        return components(separatedBy: target).joined(separator: replacement)
    }
}
