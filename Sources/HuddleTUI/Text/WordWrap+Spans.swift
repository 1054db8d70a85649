extension WordWrap {
    /// Where a line must not break if it fits: code spans (from a run of backticks to the next
    /// run of as many, both included) and URLs (from the scheme before `://` to the next space
    /// or wide glyph, so that `詳細はhttps://example.com/を参照` keeps only the URL whole).
    static func unbreakableSpans(_ glyphs: [TerminalText.Glyph]) -> [Range<Int>] {
        var spans: [Range<Int>] = []
        var index = 0
        while index < glyphs.count {
            if glyphs[index].isASCII("`") {
                let length = backticks(glyphs, from: index)
                var close = index + length
                while close < glyphs.count, !(glyphs[close].isASCII("`") && backticks(glyphs, from: close) == length) {
                    close += glyphs[close].isASCII("`") ? backticks(glyphs, from: close) : 1
                }
                if close < glyphs.count {
                    spans.append(index..<close + length)
                    index = close + length
                } else {
                    index += length // no closing run: plain backticks
                }
            } else if glyphs[index].isASCII(":"), index + 2 < glyphs.count,
                      glyphs[index + 1].isASCII("/"), glyphs[index + 2].isASCII("/") {
                var start = index
                while start > 0, glyphs[start - 1].isSchemeCharacter { start -= 1 }
                var end = index + 3
                while end < glyphs.count, glyphs[end].width == 1, !glyphs[end].isASCII(" ") { end += 1 }
                spans.append(start..<end)
                index = end
            } else {
                index += 1
            }
        }
        return spans
    }

    /// The length of the run of backticks at `start`.
    static func backticks(_ glyphs: [TerminalText.Glyph], from start: Int) -> Int {
        var end = start
        while end < glyphs.count, glyphs[end].isASCII("`") { end += 1 }
        return end - start
    }
}

extension TerminalText.Glyph {
    /// Whether the glyph is the one ASCII character `character`.
    func isASCII(_ character: Unicode.Scalar) -> Bool {
        text.utf8.count == 1 && text.utf8.first == UInt8(character.value)
    }

    /// Whether the glyph may be part of a URL's scheme (`https`, `git+ssh`).
    var isSchemeCharacter: Bool {
        guard text.utf8.count == 1, let byte = text.utf8.first else { return false }
        return (byte >= 0x30 && byte <= 0x39) || ((byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A)
            || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
    }
}
