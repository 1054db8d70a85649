/// Breaks text into lines that fit a width, at spaces where it can.
public enum WordWrap {
    /// The lines of `text` (sanitised) at most `width` columns wide, as strings.
    public static func lines(_ text: String, width: Int) -> [String] {
        glyphLines(text, width: width).map { $0.map(\.text).joined() }
    }

    /// The lines of `text` at most `width` columns wide, as sanitised glyphs ready to write.
    /// Words longer than a line are cut; wide characters are never split.
    public static func glyphLines(_ text: String, width: Int) -> [[TerminalText.Glyph]] {
        guard width > 0 else { return [] }
        let glyphs = TerminalText.glyphs(text)
        var lines: [[TerminalText.Glyph]] = []
        var line: [TerminalText.Glyph] = []
        var lineWidth = 0
        var start = 0
        while start <= glyphs.count {
            // The next word: glyphs up to the next space (or the end).
            var end = start
            var wordWidth = 0
            while end < glyphs.count, glyphs[end].text != " " {
                wordWidth += glyphs[end].width
                end += 1
            }
            let gap = line.isEmpty ? 0 : 1
            if lineWidth + gap + wordWidth <= width {
                if gap == 1 { line.append(glyphs[start - 1]) }
                line += glyphs[start..<end]
                lineWidth += gap + wordWidth
            } else {
                if !line.isEmpty { lines.append(line) }
                line = []
                lineWidth = 0
                for glyph in glyphs[start..<end] where glyph.width <= width {
                    if lineWidth + glyph.width > width {
                        lines.append(line)
                        line = []
                        lineWidth = 0
                    }
                    line.append(glyph)
                    lineWidth += glyph.width
                }
            }
            start = end + 1
        }
        if !line.isEmpty || lines.isEmpty { lines.append(line) }
        return lines
    }
}
