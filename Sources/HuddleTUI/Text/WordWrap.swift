/// Breaks text into lines that fit a width, at spaces where it can.
public enum WordWrap {
    /// The lines of `text` (sanitised) at most `width` columns wide. Words longer than a line
    /// are cut; wide characters are never split.
    public static func lines(_ text: String, width: Int) -> [String] {
        guard width > 0 else { return [] }
        var lines: [String] = []
        var line = ""
        var lineWidth = 0
        for word in TerminalText.sanitized(text).split(separator: " ", omittingEmptySubsequences: false) {
            var wordWidth = DisplayWidth.of(word)
            let gap = line.isEmpty ? 0 : 1
            if lineWidth + gap + wordWidth <= width {
                if gap == 1 { line += " " }
                line += word
                lineWidth += gap + wordWidth
                continue
            }
            if !line.isEmpty { lines.append(line) }
            line = ""
            lineWidth = 0
            var rest = Substring(word)
            while wordWidth > width {
                var piece = ""
                var pieceWidth = 0
                while let character = rest.first, pieceWidth + DisplayWidth.of(character) <= width {
                    piece.append(character)
                    pieceWidth += DisplayWidth.of(character)
                    rest = rest.dropFirst()
                }
                if piece.isEmpty { rest = rest.dropFirst(); continue } // a glyph wider than the line
                lines.append(piece)
                wordWidth -= pieceWidth
            }
            line = String(rest)
            lineWidth = wordWidth
        }
        if !line.isEmpty || lines.isEmpty { lines.append(line) }
        return lines
    }
}
