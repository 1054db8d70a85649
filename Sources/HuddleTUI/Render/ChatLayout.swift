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

/// The lines of one row of the chat pane, wrapped to `width`: a notice, or a message
/// (``chatLines(for:width:theme:widths:picked:)``).
func chatRowLines(for row: ChatRow, width: Int, theme: Theme, widths: WidthModel, picked: Bool = false) -> [ChatLayoutLine] {
    guard row.isNotice else { return chatLines(for: row, width: width, theme: theme, widths: widths, picked: picked) }
    return WordWrap.glyphLines(row.body, width: width, widths: widths).map { ChatLayoutLine(glyphs: $0, theme.style(.success)) }
}

/// How many lines `row` takes in the chat pane as `state` draws it.
func chatLineCount(for row: ChatRow, width: Int, state: TUIState) -> Int {
    chatRowLines(for: row, width: width, theme: state.theme, widths: state.widths).count
}

/// `14:05 nick: text`, wrapped to `width`: the time muted, the nickname in its colour (yours
/// in the own-nick style), the text in the mention style when it mentions you; a deleted
/// message says so, muted; a picked one is drawn in the selection style.
func chatLines(for message: ChatRow, width: Int, theme: Theme, widths: WidthModel, picked: Bool = false) -> [ChatLayoutLine] {
    let clock = message.clock + " "
    let nick = message.nickname + (message.trustMark.isEmpty ? "" : " " + message.trustMark) + ":"
    let body = message.deleted ? " message deleted" : " " + message.body + (message.edited ? " (edited)" : "")
    let base = theme.style(.text)
    let nickStyle = picked ? theme.style(.selection) : message.mine ? theme.style(.ownNick)
        : Style(foreground: theme.nickColor(for: message.colorKey), background: base.background, attributes: [.bold])
    let bodyStyle = picked ? theme.style(.selection) : message.deleted ? theme.style(.muted) : message.mentionsMe ? theme.style(.mention) : base
    let clockEnd = TerminalText.glyphs(clock, widths: widths).count
    let nickEnd = clockEnd + TerminalText.glyphs(nick, widths: widths).count
    var index = 0
    // A reply's quote above it, on one line; its reactions below it.
    let quote: [ChatLayoutLine] = message.replyQuote.map { quote in
        let glyphs = TerminalText.glyphs("  ↳ " + quote.prefix { $0 != "\n" }, widths: widths)
        return [ChatLayoutLine(glyphs: fitted(glyphs, to: width, widths: widths), picked ? theme.style(.selection) : theme.style(.muted))]
    } ?? []
    let reactions: [ChatLayoutLine] = message.reactions.isEmpty || message.deleted ? [] : WordWrap.glyphLines("  " + message.reactions, width: width, widths: widths)
        .map { ChatLayoutLine(glyphs: $0, picked ? theme.style(.selection) : theme.style(.muted)) }
    let lines: [ChatLayoutLine] = WordWrap.glyphLines(clock + nick + body, width: width, widths: widths).map { glyphs in
        var segments: [ChatLayoutLine.Segment] = []
        for glyph in glyphs {
            let style = index < clockEnd ? (picked ? theme.style(.selection) : theme.style(.muted)) : index < nickEnd ? nickStyle : bodyStyle
            if let last = segments.indices.last, segments[last].style == style {
                segments[last].glyphs.append(glyph)
            } else {
                segments.append(.init(glyphs: [glyph], style: style))
            }
            index += 1
        }
        return ChatLayoutLine(segments: segments)
    }
    return quote + lines + reactions
}

/// `glyphs` cut to `width` columns, ending in `…` when cut.
func fitted(_ glyphs: [TerminalText.Glyph], to width: Int, widths: WidthModel) -> [TerminalText.Glyph] {
    var used = 0
    var kept: [TerminalText.Glyph] = []
    for glyph in glyphs {
        guard used + glyph.width <= width else {
            while used + 1 > width, let last = kept.popLast() { used -= last.width }
            return kept + TerminalText.glyphs("…", widths: widths)
        }
        kept.append(glyph)
        used += glyph.width
    }
    return kept
}
