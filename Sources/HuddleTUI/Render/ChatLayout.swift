/// One screen line of the chat pane: runs of glyphs, each in its style.
struct ChatLayoutLine {
    struct Segment {
        var glyphs: [TerminalText.Glyph]
        var style: Style
    }

    var segments: [Segment]

    init(_ text: String, _ style: Style, widths: WidthModel) {
        segments = [Segment(glyphs: TerminalText.glyphs(text, widths: widths), style: style)]
    }

    init(glyphs: [TerminalText.Glyph], _ style: Style) {
        segments = [Segment(glyphs: glyphs, style: style)]
    }

    init(segments: [Segment]) {
        self.segments = segments
    }
}

/// `14:05 nick: text`, wrapped to `width`: the time muted, the nickname in its colour (yours
/// in the own-nick style), the text in the mention style when it mentions you.
func chatLines(for message: ChatRow, width: Int, theme: Theme, widths: WidthModel) -> [ChatLayoutLine] {
    let clock = message.clock + " "
    let nick = message.nickname + (message.trustMark.isEmpty ? "" : " " + message.trustMark) + ":"
    let body = " " + message.body + (message.edited ? " (edited)" : "")
    let base = theme.style(.text)
    let nickStyle = message.mine ? theme.style(.ownNick)
        : Style(foreground: theme.nickColor(for: message.colorKey), background: base.background, attributes: [.bold])
    let bodyStyle = message.mentionsMe ? theme.style(.mention) : base
    let clockEnd = TerminalText.glyphs(clock, widths: widths).count
    let nickEnd = clockEnd + TerminalText.glyphs(nick, widths: widths).count
    var index = 0
    return WordWrap.glyphLines(clock + nick + body, width: width, widths: widths).map { glyphs in
        var segments: [ChatLayoutLine.Segment] = []
        for glyph in glyphs {
            let style = index < clockEnd ? theme.style(.muted) : index < nickEnd ? nickStyle : bodyStyle
            if let last = segments.indices.last, segments[last].style == style {
                segments[last].glyphs.append(glyph)
            } else {
                segments.append(.init(glyphs: [glyph], style: style))
            }
            index += 1
        }
        return ChatLayoutLine(segments: segments)
    }
}
