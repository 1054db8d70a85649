/// Web addresses in text a peer wrote: found so huddle can write them as OSC 8 hyperlinks
/// itself, with a target it checked. Never taken from escape sequences in the text (those
/// never reach the terminal); only `http://` and `https://`.
///
/// A link runs from its scheme to the next space (or character that cannot be in a URL);
/// punctuation that ends a sentence is left out (`.`, `,`, `:`, `;`, `!`, `?`, quotes), and so
/// is a closing bracket without its opening one in the link, so "(see https://a.b/c)" links
/// `https://a.b/c`.
public enum WebLinks {
    /// Longest target written, in bytes (terminals cap OSC 8 targets near this).
    public static let maxTargetBytes = 2000

    /// The links in `text`: where each is, and its target (ASCII, anything else
    /// percent-encoded).
    public static func find(in text: String) -> [(range: Range<String.Index>, target: String)] {
        guard text.contains("://") else { return [] }
        var found: [(Range<String.Index>, String)] = []
        var searchFrom = text.startIndex
        while let start = nextScheme(in: text, from: searchFrom) {
            var end = start
            while end < text.endIndex, isURLCharacter(text[end]) { end = text.index(after: end) }
            end = trimmed(text, start, end)
            searchFrom = max(end, text.index(after: start))
            let candidate = text[start..<end]
            guard let target = target(of: candidate) else { continue }
            found.append((start..<end, target))
        }
        return found
    }

    /// The start of the next `http://` or `https://` at a word's start, at or after `from`.
    private static func nextScheme(in text: String, from: String.Index) -> String.Index? {
        var index = from
        while index < text.endIndex {
            let rest = text[index...]
            if rest.hasPrefix("https://") || rest.hasPrefix("http://") || rest.hasPrefix("HTTPS://") || rest.hasPrefix("HTTP://") {
                let atWordStart = index == text.startIndex || !text[text.index(before: index)].isLetter
                if atWordStart { return index }
            }
            index = text.index(after: index)
        }
        return nil
    }

    /// Characters a link may hold: anything printable but spaces, quotes and angle brackets
    /// (format and control characters, bidi controls included, end it).
    private static func isURLCharacter(_ character: Character) -> Bool {
        guard !character.isWhitespace, !"<>\"`".contains(character) else { return false }
        return character.unicodeScalars.allSatisfy { scalar in
            switch scalar.properties.generalCategory {
            case .control, .format, .lineSeparator, .paragraphSeparator, .spaceSeparator, .surrogate, .unassigned, .privateUse: false
            default: true
            }
        }
    }

    /// `end` moved back past sentence punctuation and unmatched closing brackets.
    private static func trimmed(_ text: String, _ start: String.Index, _ end: String.Index) -> String.Index {
        var end = end
        while end > start {
            let last = text[text.index(before: end)]
            let link = text[start..<end]
            let unmatched: Bool = switch last {
            case ")": link.filter { $0 == "(" }.count < link.filter { $0 == ")" }.count
            case "]": link.filter { $0 == "[" }.count < link.filter { $0 == "]" }.count
            case "}": link.filter { $0 == "{" }.count < link.filter { $0 == "}" }.count
            default: false
            }
            guard unmatched || ".,:;!?'’".contains(last) else { break }
            end = text.index(before: end)
        }
        return end
    }

    private static let hexDigits = Array("0123456789ABCDEF")

    /// The target for `link`: printable ASCII as it is, every other byte percent-encoded; nil
    /// when there is no host or it is too long.
    static func target(of link: Substring) -> String? {
        let scheme = link.hasPrefix("https://") || link.hasPrefix("HTTPS://") ? 8 : 7
        guard link.count > scheme, let first = link.dropFirst(scheme).first, first.isLetter || first.isNumber || first == "[" else {
            return nil
        }
        var out = ""
        for byte in link.utf8 {
            if byte > 0x20 && byte < 0x7F {
                out.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                out += "%" + String(hexDigits[Int(byte >> 4)]) + String(hexDigits[Int(byte & 15)])
            }
            if out.utf8.count > maxTargetBytes { return nil }
        }
        return out
    }
}
