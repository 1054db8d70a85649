/// One screen line of the chat pane: runs of glyphs, each in its style.
struct ChatLayoutLine: Sendable {
    struct Segment: Sendable {
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
    guard row.isNotice else {
        // Measured once per message as drawn (the text, its width, its look), not per frame.
        return ChatLayoutCache.shared.value(for: ChatLayoutKey(row: row, width: width, picked: picked, widths: widths.identity, theme: theme),
                                            cost: { ChatLayoutKey.cost(of: row, $0) }) {
            chatLines(for: row, width: width, theme: theme, widths: widths, picked: picked)
        }
    }
    return WordWrap.glyphLines(row.body, width: width, widths: widths).map { ChatLayoutLine(glyphs: $0, theme.style(.success)) }
}

/// What a chat message's lines depend on.
struct ChatLayoutKey: Hashable, Sendable {
    let row: ChatRow
    let width: Int
    let picked: Bool
    let widths: Int
    let theme: Theme

    /// About the bytes `row` and its `lines` take: its texts, and each glyph and segment.
    static func cost(of row: ChatRow, _ lines: [ChatLayoutLine]) -> Int {
        row.body.utf8.count + (row.replyQuote?.utf8.count ?? 0) + row.reactions.utf8.count + lines.reduce(0) { total, line in
            total + line.segments.reduce(0) { $0 + $1.glyphs.count * MemoryLayout<TerminalText.Glyph>.stride + MemoryLayout<ChatLayoutLine.Segment>.stride }
        }
    }
}

/// The lines of the chat messages drawn recently (see ``LayoutCache``).
enum ChatLayoutCache {
    static let shared = LayoutCache<ChatLayoutKey, [ChatLayoutLine]>(maxEntries: 2048, maxBytes: 16 << 20)
}

/// How many lines `row` takes in the chat pane as `state` draws it.
func chatLineCount(for row: ChatRow, width: Int, state: TUIState) -> Int {
    chatRowLines(for: row, width: width, theme: state.theme, widths: state.widths).count
}

/// `14:05 nick: text`, wrapped to `width`: the time muted, the nickname in its colour (yours
/// in the own-nick style), the text in the mention style when it mentions you, code (`inline`
/// spans and fenced blocks) in the code style. Each line of a multi-line message starts a new
/// line, indented; a deleted message says so, muted; a picked one is drawn in the selection
/// style.
func chatLines(for message: ChatRow, width: Int, theme: Theme, widths: WidthModel, picked: Bool = false) -> [ChatLayoutLine] {
    let base = theme.style(.text)
    let selection = theme.style(.selection)
    let nickStyle = picked ? selection : message.mine ? theme.style(.ownNick)
        : Style(foreground: theme.nickColor(for: message.colorKey), background: base.background, attributes: [.bold])
    let bodyStyle = picked ? selection : message.deleted ? theme.style(.muted) : message.mentionsMe ? theme.style(.mention) : base
    let codeStyle = picked ? selection : theme.style(.code)
    let muted = picked ? selection : theme.style(.muted)
    // A reply's quote above it, on one line; its reactions below it.
    let quote: [ChatLayoutLine] = message.replyQuote.map { quote in
        let glyphs = TerminalText.glyphs("  ↳ " + quote.prefix { $0 != "\n" }, widths: widths)
        return [ChatLayoutLine(glyphs: fitted(glyphs, to: width, widths: widths), muted)]
    } ?? []
    // Under it: its reactions, then how many replies it has (t opens the thread).
    let replies = message.replies == 0 ? "" : "↪ \(message.replies) \(message.replies == 1 ? "reply" : "replies")"
        + (message.newReplies > 0 ? " (\(message.newReplies) new)" : "")
    let under = [message.deleted ? "" : message.reactions, replies].filter { !$0.isEmpty }.joined(separator: "   ")
    let underStyle = message.newReplies > 0 && !picked ? theme.style(.unread) : muted
    let underIndent = ChatLayoutLine.Segment(glyphs: TerminalText.glyphs("  ", widths: widths), style: underStyle)
    let reactions: [ChatLayoutLine] = under.isEmpty ? [] : WordWrap.glyphLines(under, width: width - 2, widths: widths)
        .map { ChatLayoutLine(segments: [underIndent, .init(glyphs: $0, style: underStyle)]) }
    let paragraphs = message.deleted ? ["message deleted"] : message.body.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    var lines: [ChatLayoutLine] = []
    var inFence = false
    for (number, paragraph) in paragraphs.enumerated() {
        let isFence = !message.deleted && paragraph.hasPrefix("```")
        let isCode = inFence || isFence
        if isFence { inFence.toggle() }
        let isLast = number == paragraphs.count - 1 && !message.deleted
        let suffix = (isLast && message.edited ? " (edited)" : "") + (isLast && !message.delivery.isEmpty ? "  " + message.delivery : "")
        var styled: [(text: String, style: Style)] = number == 0
            ? [(message.clock + " ", muted), (message.nickname + (message.trustMark.isEmpty ? "" : " " + message.trustMark) + ":", nickStyle), (" ", bodyStyle)]
            : []
        styled += isCode ? [(paragraph, codeStyle)]
            : inlineCode(paragraph, text: bodyStyle, code: codeStyle).flatMap { $0.style == bodyStyle && !message.deleted ? linked($0.text, bodyStyle) : [$0] }
        styled.append((suffix, muted))
        guard number > 0 else {
            lines += styledLines(styled, width: width, widths: widths)
            continue
        }
        // Later lines of the message are indented by two columns.
        let indent = ChatLayoutLine.Segment(glyphs: TerminalText.glyphs("  ", widths: widths), style: bodyStyle)
        lines += styledLines(styled, width: width - 2, widths: widths).map { ChatLayoutLine(segments: [indent] + $0.segments) }
    }
    return quote + lines + reactions
}

/// `text` split into its plain runs and its `code` spans (backticks included); an unpaired
/// backtick is plain text.
func inlineCode(_ text: String, text textStyle: Style, code codeStyle: Style) -> [(text: String, style: Style)] {
    guard text.contains("`") else { return [(text, textStyle)] }
    var runs: [(text: String, style: Style)] = []
    var rest = Substring(text)
    while let open = rest.firstIndex(of: "`"), let close = rest[rest.index(after: open)...].firstIndex(of: "`") {
        runs.append((String(rest[..<open]), textStyle))
        runs.append((String(rest[open...close]), codeStyle))
        rest = rest[rest.index(after: close)...]
    }
    runs.append((String(rest), textStyle))
    return runs.filter { !$0.text.isEmpty }
}

/// `text` split into plain runs and web links (``WebLinks``), each link underlined and
/// carrying its target for the terminal (OSC 8).
func linked(_ text: String, _ style: Style) -> [(text: String, style: Style)] {
    let links = WebLinks.find(in: text)
    guard !links.isEmpty else { return [(text, style)] }
    var runs: [(text: String, style: Style)] = []
    var at = text.startIndex
    for (range, target) in links {
        runs.append((String(text[at..<range.lowerBound]), style))
        runs.append((String(text[range]), style.linking(to: target)))
        at = range.upperBound
    }
    runs.append((String(text[at...]), style))
    return runs.filter { !$0.text.isEmpty }
}

/// Runs of text in their styles, wrapped together to `width` as one text, each glyph keeping
/// its run's style.
func styledLines(_ runs: [(text: String, style: Style)], width: Int, widths: WidthModel) -> [ChatLayoutLine] {
    var styles: [Style] = []
    for run in runs { styles += Array(repeating: run.style, count: TerminalText.glyphs(run.text, widths: widths).count) }
    let text = runs.map(\.text).joined()
    let source = TerminalText.glyphs(text, widths: widths)
    // Glyphs of runs measured apart can differ from the whole (a mark joining the run before):
    // then the whole text takes the style of its longest run.
    if styles.count != source.count {
        let longest = runs.max { $0.text.count < $1.text.count }?.style ?? Style()
        styles = Array(repeating: longest, count: source.count)
    }
    var next = 0
    return WordWrap.glyphLines(text, width: width, widths: widths).enumerated().map { row, glyphs in
        // A line break at a space drops that one space (a line never starts with a space
        // otherwise: the break comes after spaces).
        if row > 0, next < source.count, source[next].text == " " { next += 1 }
        var segments: [ChatLayoutLine.Segment] = []
        for glyph in glyphs {
            let style = next < styles.count ? styles[next] : styles.last ?? Style()
            next += 1
            if let last = segments.indices.last, segments[last].style == style {
                segments[last].glyphs.append(glyph)
            } else {
                segments.append(.init(glyphs: [glyph], style: style))
            }
        }
        return ChatLayoutLine(segments: segments)
    }
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
