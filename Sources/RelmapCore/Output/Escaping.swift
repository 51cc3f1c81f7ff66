/// Text made safe for each language Relmap writes, one function per language, all here: a name
/// from the data (`<script>`, `A & B`, a line break) must reach a page, a GraphML file, an SVG or a
/// Graphviz label as text, never as markup. Each is tested against a parser of its language
/// (Tests/RelmapCoreTests/Output/EscapingTests.swift).
public enum Escaping {
    /// HTML text and attribute values (the referral report): `& < > " '`.
    public static func html(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for u in s.unicodeScalars {
            switch u {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(u)
            }
        }
        return out
    }

    /// XML text and attribute values (GraphML, SVG): as `html`, and line breaks and tabs as
    /// character references, because an XML parser turns a raw one inside an attribute into a
    /// space and the value would not read back.
    public static func xml(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for u in s.unicodeScalars {
            switch u {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\n": out += "&#10;"
            case "\r": out += "&#13;"
            case "\t": out += "&#9;"
            default: out.unicodeScalars.append(u)
            }
        }
        return out
    }

    /// Graphviz HTML-like labels: as `html`, and control characters as spaces (Graphviz refuses
    /// them in a label, and a line break there would not be one on the drawing).
    public static func graphvizLabel(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for u in s.unicodeScalars {
            switch u {
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            case "\"": out += "&quot;"
            case _ where u.value < 0x20 || u.value == 0x7F: out += " "
            default: out.unicodeScalars.append(u)
            }
        }
        return out
    }
}
