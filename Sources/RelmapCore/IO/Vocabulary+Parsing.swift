/// Reading the contract's vocabularies from what people type: case and spaces do not matter, and
/// the Chinese terms a bank's exports use are accepted; anything else gets the closest valid word.
enum VocabularyParsing {
    static func key(_ s: String) -> String { s.trimmingSpaces().lowercased() }

    static func kind(_ s: String) -> EntityKind? { EntityKind.parse(s) }
    static func status(_ s: String) -> EntityStatus? { EntityStatus.parse(s) }
    static func type(_ s: String) -> RelationType? { RelationType.parse(s) }
    static func outcome(_ s: String) -> ReferralOutcome? {
        let o = ReferralOutcome.parse(s)
        return o == ReferralOutcome.none ? nil : o
    }

    /// "`suplies` is not a relation type; use supplies (valid: supplies, owns, ...)".
    static func unknown(_ value: String, what: String, valid: [String]) -> (String, String) {
        let best = Suggest.closest(to: key(value), among: valid)
        let fix = (best.map { "did you mean \($0)? " } ?? "") + "valid: " + valid.joined(separator: ", ")
        return ("'\(value)' is not a valid \(what)", fix)
    }
}

/// Closest-word suggestions by edit distance.
public enum Suggest {
    /// The candidate nearest to `word` within a distance that still looks like a typo.
    public static func closest(to word: String, among candidates: [String]) -> String? {
        let limit = max(2, word.count / 3)
        var best: (String, Int)?
        for c in candidates {
            let d = distance(word, c, limit: limit)
            if d <= limit && (best == nil || d < best!.1) { best = (c, d) }
        }
        return best?.0
    }

    /// Levenshtein distance over Unicode scalars, giving up early (returning `limit + 1`) once
    /// every cell of a row exceeds `limit`.
    public static func distance(_ a: String, _ b: String, limit: Int = .max) -> Int {
        let x = Array(a.unicodeScalars), y = Array(b.unicodeScalars)
        if abs(x.count - y.count) > limit { return limit &+ 1 }
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        var previous = Array(0...y.count)
        var current = [Int](repeating: 0, count: y.count + 1)
        for i in 1...x.count {
            current[0] = i
            var rowMin = current[0]
            for j in 1...y.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
                rowMin = min(rowMin, current[j])
            }
            if rowMin > limit { return limit &+ 1 }
            swap(&previous, &current)
        }
        return previous[y.count]
    }
}

extension String {
    /// Trims ASCII white space, the ideographic space U+3000 and no-break spaces.
    func trimmingSpaces() -> String {
        let isSpace: (Unicode.Scalar) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\u{3000}" || $0 == "\u{A0}" || $0 == "\r" || $0 == "\n" }
        guard let f = unicodeScalars.first, let l = unicodeScalars.last, isSpace(f) || isSpace(l) else { return self }
        var scalars = Substring(self).unicodeScalars
        while let f = scalars.first, isSpace(f) { scalars.removeFirst() }
        while let l = scalars.last, isSpace(l) { scalars.removeLast() }
        return String(scalars)
    }
}
