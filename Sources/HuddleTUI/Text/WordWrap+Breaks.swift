extension WordWrap {
    /// Whether a line may break before a glyph.
    enum BreakOpportunity: Equatable {
        /// No: the glyph stays on the line of the one before it.
        case none
        /// Yes, with nothing dropped (before or after an ideograph).
        case between
        /// Yes, at this space, which is dropped if the line breaks there.
        case atSpace
    }

    /// The class of each glyph, and whether the text has a backtick or a colon (which code
    /// spans and URLs need; most chat lines have neither). A line of printable ASCII (most
    /// lines) is classed straight from its bytes, one glyph each.
    static func lineBreakClasses(of glyphs: [TerminalText.Glyph], text: String) -> ([LineBreakClass], mayHoldSpans: Bool) {
        var text = text
        text.makeContiguousUTF8()
        return text.utf8.withContiguousStorageIfAvailable { bytes in
            var printableASCII = true
            var mayHoldSpans = false
            for byte in bytes {
                printableASCII = printableASCII && byte >= 0x20 && byte < 0x7F
                mayHoldSpans = mayHoldSpans || byte == UInt8(ascii: "`") || byte == UInt8(ascii: ":")
            }
            if printableASCII, glyphs.count == bytes.count {
                return (bytes.map { LineBreakClass.ascii[Int($0)] }, mayHoldSpans)
            }
            return (glyphs.map(LineBreakClass.of), mayHoldSpans)
        } ?? (glyphs.map(LineBreakClass.of), true)
    }

    /// For each glyph, whether a line may break before it.
    static func breakOpportunities(_ glyphs: [TerminalText.Glyph], classes: [LineBreakClass]) -> [BreakOpportunity] {
        var breaks = [BreakOpportunity](repeating: .none, count: glyphs.count)
        var lastNonSpace: Int? = nil
        var index = 0
        while index < glyphs.count {
            guard classes[index] == .space else {
                if let previous = lastNonSpace, previous == index - 1,
                   mayBreak(between: glyphs[previous], classes[previous], and: glyphs[index], classes[index]) {
                    breaks[index] = .between
                }
                lastNonSpace = index
                index += 1
                continue
            }
            // A run of spaces is a break unless it sits after an opening or before a closing
            // character; at the start or end of the text it always is (and is dropped).
            var end = index
            while end < glyphs.count, classes[end] == .space { end += 1 }
            let glued = if let previous = lastNonSpace, end < glyphs.count {
                classes[previous].forbidsBreakAfter || classes[end].forbidsBreakBefore
            } else {
                false
            }
            if !glued {
                for space in index..<end { breaks[space] = .atSpace }
            }
            index = end
        }
        return breaks
    }

    /// Takes the break opportunities out of each span that fits on a row.
    static func keepWhole(_ spans: [Range<Int>], of glyphs: [TerminalText.Glyph], width: Int,
                          in breaks: inout [BreakOpportunity]) {
        for span in spans where glyphs[span].reduce(0, { $0 + $1.width }) <= width {
            for index in span.dropFirst() { breaks[index] = .none }
        }
    }

    /// Whether a line may break between two glyphs with no space between them: next to an
    /// ideograph or any wide glyph (as UAX #14 does for East Asian punctuation), unless the
    /// second may not start a line or the first may not end one. Between two narrow glyphs
    /// (letters, digits, ASCII punctuation) it never may.
    static func mayBreak(between first: TerminalText.Glyph, _ firstClass: LineBreakClass,
                         and second: TerminalText.Glyph, _ secondClass: LineBreakClass) -> Bool {
        if secondClass.forbidsBreakBefore || firstClass.forbidsBreakAfter { return false }
        return firstClass == .ideographic || secondClass == .ideographic || first.width > 1 || second.width > 1
    }
}
