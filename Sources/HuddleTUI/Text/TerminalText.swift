/// Makes any text safe to put on a terminal, whoever sent it.
///
/// Escape sequences (CSI, OSC, DCS, ...) are removed whole; C0 and C1 controls, DEL, bidi
/// overrides and isolates, and invisible characters are dropped; a zero-width joiner survives
/// only inside an emoji sequence. What is left is split into ``Glyph``s that know their width.
public enum TerminalText {
    /// One grapheme cluster ready for a cell, with the columns the terminal gives it.
    public struct Glyph: Equatable, Sendable {
        /// The grapheme cluster.
        public let text: String
        /// Its width in columns (1 or more).
        public let width: Int
        /// Whether the terminal is known to draw it at ``width`` columns (see
        /// ``WidthModel/isCertain(_:)``); the renderer re-anchors the cursor after one that is not.
        public let isCertain: Bool

        /// A glyph of `width` columns.
        public init(text: String, width: Int, isCertain: Bool = true) {
            self.text = text
            self.width = width
            self.isCertain = isCertain
        }
    }

    /// The glyphs of the printable ASCII characters, made once.
    static let asciiGlyphs: [Glyph] = (0x20..<0x7F).map { Glyph(text: String(UnicodeScalar(UInt8($0))), width: 1) }

    /// The glyph of one printable ASCII byte.
    static func ascii(_ byte: UInt8) -> Glyph { asciiGlyphs[Int(byte - 0x20)] }

    /// The glyphs of `text`, sanitised and measured by `widths`. Tabs become one space; line
    /// breaks are dropped (split lines before calling this). A cluster is never split: its
    /// joiners, variation selectors, skin tones and tags stay with it.
    public static func glyphs(_ text: some StringProtocol, widths: WidthModel) -> [Glyph] {
        // Printable ASCII only (most of what people type): nothing to strip or measure.
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) {
            return text.utf8.map(ascii)
        }
        var glyphs: [Glyph] = []
        glyphs.reserveCapacity(text.utf8.count)
        /// Adds a cluster of `width` columns; one of none (a mark with nothing to sit on) is
        /// attached to the glyph before, or dropped.
        func add(_ cluster: String, width: Int, isCertain: Bool) {
            if width > 0 {
                glyphs.append(Glyph(text: cluster, width: width, isCertain: isCertain))
            } else if let last = glyphs.popLast() {
                glyphs.append(Glyph(text: last.text + cluster, width: last.width, isCertain: last.isCertain && isCertain))
            }
        }
        for character in stripped(text) {
            if let byte = character.asciiValue, byte >= 0x20, byte < 0x7F {
                glyphs.append(ascii(byte))
                continue
            }
            var scalars = character.unicodeScalars.makeIterator()
            if let only = scalars.next(), scalars.next() == nil {
                // One scalar (most CJK, accented letters, single emoji): measured in one pass.
                guard isAllowed(only, inEmoji: false) else { continue }
                let (width, isCertain) = widths.measure(only)
                add(String(character), width: width, isCertain: isCertain)
                continue
            }
            guard let kept = visibleScalars(of: character) else { continue }
            // Removing a scalar can leave more than one cluster (rarely): measure each.
            for cluster in kept {
                add(String(cluster), width: widths.width(of: cluster), isCertain: widths.isCertain(cluster))
            }
        }
        return glyphs
    }

    /// The scalars of a cluster that may reach the terminal, as a string; nil when none may.
    static func visibleScalars(of character: Character) -> String? {
        let kept = keptScalars(of: character)
        if kept.isEmpty { return nil }
        return kept.count == character.unicodeScalars.count ? String(character) : String(String.UnicodeScalarView(kept))
    }

    /// `text` sanitised, as a string.
    public static func sanitized(_ text: some StringProtocol) -> String {
        glyphs(text, widths: .assumed).map(\.text).joined()
    }

    /// Removes escape and control sequences whole, and turns tabs into spaces.
    static func stripped(_ text: some StringProtocol) -> String {
        var scalars = String.UnicodeScalarView()
        var iterator = String(text).unicodeScalars.makeIterator()
        while let scalar = iterator.next() {
            switch scalar.value {
            case 0x1B: skipEscape(&iterator)
            case 0x9B: skipControlSequence(&iterator)
            case 0x90, 0x98, 0x9D, 0x9E, 0x9F: skipString(&iterator)
            case 0x09: scalars.append(" ")
            case 0x00...0x1F, 0x7F...0x9F: continue
            default: scalars.append(scalar)
            }
        }
        return String(scalars)
    }

    /// After ESC: a CSI, a string (OSC, DCS, SOS, PM, APC), or a two-character sequence.
    static func skipEscape(_ iterator: inout String.UnicodeScalarView.Iterator) {
        guard let next = iterator.next() else { return }
        switch next {
        case "[": skipControlSequence(&iterator)
        case "]", "P", "X", "^", "_": skipString(&iterator)
        default:
            // nF sequences carry intermediates (0x20-0x2F) before their final character.
            var current = next
            while (0x20...0x2F).contains(current.value), let following = iterator.next() { current = following }
        }
    }

    /// Skips parameters and intermediates up to and including the final byte (0x40-0x7E).
    static func skipControlSequence(_ iterator: inout String.UnicodeScalarView.Iterator) {
        while let scalar = iterator.next() {
            if (0x40...0x7E).contains(scalar.value) || !(0x20...0x7E).contains(scalar.value) { return }
        }
    }

    /// Skips a control string up to its terminator: BEL, ST (ESC \ or 0x9C).
    static func skipString(_ iterator: inout String.UnicodeScalarView.Iterator) {
        while let scalar = iterator.next() {
            switch scalar.value {
            case 0x07, 0x9C: return
            case 0x1B:
                _ = iterator.next() // the backslash of ESC \ (or whatever follows: the string ends)
                return
            default: continue
            }
        }
    }

    /// The scalars of one grapheme that may reach the terminal.
    static func keptScalars(of character: Character) -> [Unicode.Scalar] {
        let scalars = character.unicodeScalars
        if scalars.count == 1, let only = scalars.first, only.value < 0x7F { return [only] }
        let isEmoji = scalars.first.map { $0.properties.isEmoji && $0.value > 0xFF } ?? false
        return scalars.filter { isAllowed($0, inEmoji: isEmoji) }
    }

    /// Whether one scalar is visible and harmless.
    static func isAllowed(_ scalar: Unicode.Scalar, inEmoji: Bool) -> Bool {
        switch scalar.value {
        case 0x200D, 0xE0020...0xE007F: return inEmoji // joiner and tag characters (flag sequences)
        case 0x061C, 0x200B...0x200F, 0x202A...0x202E, 0x2060...0x206F, 0xFEFF, 0x180E, 0x00AD,
             0x2028, 0x2029, 0xFFF9...0xFFFB:
            return false
        default: break
        }
        switch scalar.properties.generalCategory {
        case .control, .format, .surrogate, .lineSeparator, .paragraphSeparator: return false
        default: return true
        }
    }
}
