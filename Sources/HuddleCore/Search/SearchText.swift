/// How text is prepared for the full-text index, and how the index's excerpts are read back.
///
/// SQLite's `unicode61` tokenizer splits words at anything that is not a letter, digit or
/// private-use character. Scripts written without spaces (Chinese, Japanese) would make a
/// whole sentence one word, so ``indexable(_:)`` puts a WORD JOINER (U+2060, a format
/// character the tokenizer splits at) between their characters: each is a word, and a
/// search for several is a phrase of them, which finds them anywhere in a sentence. Control
/// characters become spaces, so the excerpt markers (U+0002, U+0003) never come from a peer.
public enum SearchText {
    /// Put between characters of scripts written without spaces; removed from excerpts.
    public static let joiner: Unicode.Scalar = "\u{2060}"
    /// Starts a matched stretch in an excerpt.
    public static let matchStart: Unicode.Scalar = "\u{2}"
    /// Ends a matched stretch in an excerpt.
    public static let matchEnd: Unicode.Scalar = "\u{3}"
    /// Marks text left out of an excerpt.
    public static let ellipsis = "…"

    /// `text` as the index stores it.
    public static func indexable(_ text: String) -> String {
        // Most messages are printable ASCII: nothing to change.
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return text }
        var out = String.UnicodeScalarView()
        out.reserveCapacity(text.unicodeScalars.count)
        var lastWasUnspaced = false
        for scalar in text.unicodeScalars {
            if scalar.value < 0x20 || (0x7F..<0xA0).contains(scalar.value) || scalar == joiner {
                out.append(" ")
                lastWasUnspaced = false
                continue
            }
            let unspaced = isUnspacedScript(scalar)
            if unspaced && lastWasUnspaced { out.append(joiner) }
            out.append(scalar)
            lastWasUnspaced = unspaced
        }
        return String(out)
    }

    /// Whether `scalar` is part of a word for the tokenizer (a letter, digit or private use).
    public static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .decimalNumber, .letterNumber, .otherNumber, .privateUse:
            true
        default:
            false
        }
    }

    /// Han, Hiragana, Katakana, and the other scripts whose words are not separated by spaces.
    static func isUnspacedScript(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x3040...0x30FF, // Hiragana, Katakana
             0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, // Han
             0x20000...0x2FFFF, // Han, supplementary planes
             0x31F0...0x31FF, 0xFF66...0xFF9D, // Katakana extensions, half-width
             0x0E00...0x0E7F, 0x0E80...0x0EFF, 0x1000...0x109F, 0x1780...0x17FF: // Thai, Lao, Myanmar, Khmer
            true
        default:
            false
        }
    }

    /// An excerpt the index returned (matches between ``matchStart`` and ``matchEnd``) as
    /// stretches of plain and matched text, joiners removed.
    public static func excerpt(_ marked: String) -> [SearchExcerptPart] {
        var parts: [SearchExcerptPart] = []
        var current = String.UnicodeScalarView()
        var matched = false
        func flush() {
            if !current.isEmpty { parts.append(SearchExcerptPart(text: String(current), isMatch: matched)) }
            current = String.UnicodeScalarView()
        }
        for scalar in marked.unicodeScalars {
            switch scalar {
            case matchStart: flush(); matched = true
            case matchEnd: flush(); matched = false
            case joiner: continue
            case "\n", "\r", "\t": current.append(" ")
            default: current.append(scalar)
            }
        }
        flush()
        return parts
    }
}

/// A stretch of a search result's excerpt.
public struct SearchExcerptPart: Hashable, Sendable, Codable {
    /// The text.
    public var text: String
    /// Whether it is what the search matched.
    public var isMatch: Bool

    /// A stretch from its parts.
    public init(text: String, isMatch: Bool) {
        self.text = text
        self.isMatch = isMatch
    }
}
