/// Breaks text into lines that fit a width, where Unicode's line-breaking algorithm (UAX #14)
/// allows, the way a CJK reader expects.
///
/// - Lines break at spaces, and the space at a break is dropped.
/// - Lines also break, with no space, before and after ideographs, kana, Hangul syllables and
///   other wide characters (emoji, fullwidth forms): `日本語です` breaks between any two.
/// - No line starts with closing punctuation or a non-starter (`、。」）ー々ゃ` and `,.:;!?)]}%`),
///   and no line ends with opening punctuation (`「（([{`): the character next to it moves down
///   with it. See ``LineBreakClass``.
/// - A URL (`https://…`, anything with `://`) and a code span in backticks move to the next line
///   whole; only one longer than a line is broken.
/// - A run with nowhere to break that is longer than a line is cut between glyphs, where possible
///   not before a closing character. A glyph is never split, and one wider than a line is dropped.
public enum WordWrap {
    /// The lines of `text` (sanitised) at most `width` columns wide, as strings.
    public static func lines(_ text: String, width: Int, widths: WidthModel) -> [String] {
        glyphLines(text, width: width, widths: widths).map { $0.map(\.text).joined() }
    }

    /// The lines of `text` at most `width` columns wide, as sanitised glyphs ready to write; one
    /// empty line for an empty text, none for a width of 0.
    public static func glyphLines(_ text: String, width: Int, widths: WidthModel) -> [[TerminalText.Glyph]] {
        guard width > 0 else { return [] }
        return WrapCache.shared.lines(text, width: width, widths: widths) { wrap(text, width: width, widths: widths) }
    }

    /// ``glyphLines(_:width:widths:)`` without the cache.
    static func wrap(_ text: String, width: Int, widths: WidthModel) -> [[TerminalText.Glyph]] {
        let glyphs = TerminalText.glyphs(text, widths: widths)
        let (classes, mayHoldSpans) = lineBreakClasses(of: glyphs, text: text)
        var breaks = breakOpportunities(glyphs, classes: classes)
        if mayHoldSpans { keepWhole(unbreakableSpans(glyphs), of: glyphs, width: width, in: &breaks) }
        var rows = RowFiller(glyphs: glyphs, classes: classes, width: width)
        // Each piece runs from one break opportunity to the next; a space that is an opportunity
        // stands between two pieces (two spaces in a row leave an empty piece between them).
        var start = 0
        var separator: TerminalText.Glyph? = nil
        while true {
            var end = start
            var pieceWidth = 0
            if end < glyphs.count, breaks[end] != .atSpace {
                repeat {
                    pieceWidth += glyphs[end].width
                    end += 1
                } while end < glyphs.count && breaks[end] == .none
            }
            rows.place(start..<end, width: pieceWidth, after: separator)
            guard end < glyphs.count else { break }
            if breaks[end] == .atSpace {
                separator = glyphs[end]
                start = end + 1
            } else {
                separator = nil
                start = end
            }
        }
        return rows.finish()
    }
}
