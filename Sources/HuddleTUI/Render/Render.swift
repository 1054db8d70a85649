import HuddleApp
import HuddleCore
/// Draws the state. Pure: the same state always gives the same frame, and nothing changes.
public func render(_ state: TUIState) -> Frame {
    let layout = Layout(size: state.size)
    var grid = CellGrid(size: state.size, widths: state.widths, fill: state.theme.style(.text))
    guard !layout.isTooSmall else {
        drawTooSmall(&grid, state)
        return Frame(grid: grid, cursor: nil)
    }
    drawTitleBar(&grid, layout.titleBar, state)
    for pane in Pane.allCases {
        drawBox(&grid, layout.rect(of: pane), title: title(of: pane, state), focused: state.focus == pane, theme: state.theme)
    }
    drawPeers(&grid, layout.peers.content, state)
    drawTransfers(&grid, layout.transfers.content, state)
    drawChannels(&grid, layout.channels.content, state)
    drawNotes(&grid, layout.notes.content, state)
    var cursor = drawInput(&grid, layout, state)
    if let editor = state.editor {
        cursor = drawEditor(&grid, layout.chat.content, editor, state) ?? cursor
    } else if let search = state.search {
        drawSearch(&grid, layout.chat.content, search, state)
    } else {
        drawChat(&grid, layout.chat.content, state)
    }
    drawStatusBar(&grid, layout.statusBar, state)
    if state.showsHelp {
        drawHelp(&grid, state)
        return Frame(grid: grid, cursor: nil)
    }
    if let modal = state.modals.first {
        drawModal(&grid, modal, state)
        return Frame(grid: grid, cursor: nil)
    }
    return Frame(grid: grid, cursor: state.focus == .chat ? cursor : nil)
}

/// A pane's title: the chat pane names the channel, or the note open in the editor.
func title(of pane: Pane, _ state: TUIState) -> String {
    guard pane == .chat else { return pane.title }
    guard let editor = state.editor else {
        // A conversation's title says what the other peer says of its presence.
        if state.search == nil, state.thread == nil, state.channel.hasPrefix("@"),
           let other = state.peers.first(where: { "@" + $0.nickname == state.channel && $0.online }),
           let presence = other.presence, let label = presenceLabel(presence) {
            return "\(pane.title) \(state.channel) · \(label)"
        }
        if let search = state.search {
            return "Search \"\(TerminalText.sanitized(search.query))\" · \(search.results.count) found"
        }
        guard let thread = state.thread, let first = state.messages.first(where: { $0.id == thread }) else { return "\(pane.title) \(state.channel)" }
        return "\(pane.title) \(state.channel) › thread of \(first.nickname) (\(first.replies) \(first.replies == 1 ? "reply" : "replies"))"
    }
    let here = editor.others.map(\.nickname)
    return "Note \(editor.name)" + (here.isEmpty ? "" : " · with " + here.joined(separator: ", "))
        + (editor.lastEditor.map { " · last edit: \($0)" } ?? "")
}

/// `away: lunch`, `do not disturb`; nil for here with nothing said. A peer's text is sanitised.
func presenceLabel(_ presence: Presence) -> String? {
    let text = TerminalText.sanitized(presence.text)
    switch presence.availability {
    case .here: return text.isEmpty ? nil : text
    case .away: return "away" + (text.isEmpty ? "" : ": " + text)
    case .doNotDisturb: return "do not disturb" + (text.isEmpty ? "" : ": " + text)
    }
}

/// The note in the editor, from its top line; returns where the caret is, if on screen.
func drawEditor(_ grid: inout CellGrid, _ rect: Rect, _ editor: NoteEditorState, _ state: TUIState) -> Frame.Cursor? {
    let style = state.theme.style(.text)
    var row = rect.row
    var caret: Frame.Cursor?
    let caretLine = editor.line(of: editor.caret)
    var line = editor.topLine
    while row < rect.bottom, line < editor.lineStarts.count {
        let rows = EditorLayout.rows(of: editor, line: line, width: rect.width, widths: state.widths)
        if line == caretLine {
            let at = EditorLayout.caret(editor.caret, in: rows, width: rect.width)
            if row + at.row < rect.bottom { caret = Frame.Cursor(row: row + at.row, column: rect.column + at.column) }
        }
        let lineRange = editor.lineRange(line)
        let othersHere = editor.others.filter { lineRange.contains($0.offset) || lineRange.upperBound == $0.offset }
        for (index, screenRow) in rows.enumerated() where row < rect.bottom {
            var column = rect.column
            var tags: [(RemoteCaret, Int)] = []
            for cell in screenRow.cells {
                let mark = othersHere.first { $0.offset == cell.offset }
                if let mark { tags.append((mark, column)) }
                guard let glyph = cell.glyph else { continue }
                let selected = editor.selection?.contains(cell.offset) == true
                let theirs = editor.others.first { $0.selection?.contains(cell.offset) == true }
                let cellStyle = mark.map { teammateStyle($0, state.theme) } ?? (selected ? state.theme.style(.selection)
                    : theirs.map { teammateStyle($0, state.theme).removing(.bold) } ?? style)
                column = grid.write([glyph], row: row, column: column, limit: rect.right, style: cellStyle)
            }
            if index == rows.count - 1 {
                // A caret at the end of the line sits on the cell after its last character.
                for mark in othersHere where mark.offset == lineRange.upperBound && column < rect.right {
                    grid.write(" ", row: row, column: column, limit: rect.right, style: teammateStyle(mark, state.theme))
                    tags.append((mark, column))
                }
            }
            // Name tags at the row's right end, in each teammate's colour.
            var tagColumn = rect.right
            for (mark, caretColumn) in tags.reversed() {
                let tag = "◂" + mark.nickname
                let start = tagColumn - grid.widths.width(of: tag)
                guard start > max(column, caretColumn) else { break }
                grid.write(tag, row: row, column: start, limit: tagColumn, style: teammateStyle(mark, state.theme).removing(.reverse))
                tagColumn = start - 1
            }
            row += 1
        }
        line += 1
    }
    return caret
}

/// A teammate's caret: their nick colour, reversed, so it shows on any theme.
func teammateStyle(_ caret: RemoteCaret, _ theme: Theme) -> Style {
    Style(foreground: theme.nickColor(for: caret.shortID), background: theme.style(.text).background, attributes: [.reverse, .bold])
}

func drawTooSmall(_ grid: inout CellGrid, _ state: TUIState) {
    let lines = ["window too small",
                 "\(state.size.columns)x\(state.size.rows), needs \(Layout.minimum.columns)x\(Layout.minimum.rows)"]
    for (offset, line) in lines.enumerated() {
        let row = state.size.rows / 2 - 1 + offset
        let column = max(0, (state.size.columns - grid.widths.width(of: line)) / 2)
        grid.write(line, row: row, column: column, style: state.theme.style(offset == 0 ? .warning : .muted))
    }
}

func drawTitleBar(_ grid: inout CellGrid, _ rect: Rect, _ state: TUIState) {
    let style = state.theme.style(.title)
    grid.fill(rect, style: style)
    var column = grid.write(" huddle ", row: rect.row, column: 0, style: style.adding(.bold))
    // The lobby says it is open to the whole network; a private workspace's name came from
    // its roster (a peer wrote it), so it is sanitised.
    let workspace = state.workspaceID == "lan" ? "lan (open to all)" : TerminalText.sanitized(state.workspace) + " (private)"
    column = grid.write("│ \(workspace) ", row: rect.row, column: column, limit: max(column + 1, rect.width / 2), style: style)
    let who = (presenceLabel(state.presence).map { $0 + " · " } ?? "") + "\(state.nickname) · \(state.shortID) "
    let start = max(column + 1, rect.width - grid.widths.width(of: who))
    grid.write(who, row: rect.row, column: start, style: style)
    // The activity line: where unread messages wait (Ctrl-N goes there).
    let unread = state.channels.filter { $0.unread > 0 && $0.notifications != .mute && $0.document != state.channelDocument }
    let notes = state.noteActivity.keys.map { "✎ " + ($0.name ?? $0.description) }.sorted()
    guard !unread.isEmpty || !notes.isEmpty else { return }
    let activity = (unread.map { "\($0.name) \($0.unread)" } + notes).joined(separator: " · ") + (unread.isEmpty ? " " : " (Ctrl-N) ")
    grid.write("│ " + activity, row: rect.row, column: column, limit: start - 1, style: state.theme.style(.unread).adding(.bold))
}

func drawBox(_ grid: inout CellGrid, _ rect: Rect, title: String, focused: Bool, theme: Theme) {
    guard rect.width >= 2, rect.height >= 2 else { return }
    let style = theme.style(focused ? .borderFocused : .border)
    let line = BoxGlyphs.shared
    let inside = rect.column + 1..<rect.right - 1
    grid.repeatGlyph(line.topLeft, row: rect.row, columns: rect.column..<rect.column + 1, style: style)
    grid.repeatGlyph(line.horizontal, row: rect.row, columns: inside, style: style)
    grid.repeatGlyph(line.topRight, row: rect.row, columns: rect.right - 1..<rect.right, style: style)
    grid.repeatGlyph(line.bottomLeft, row: rect.bottom - 1, columns: rect.column..<rect.column + 1, style: style)
    grid.repeatGlyph(line.horizontal, row: rect.bottom - 1, columns: inside, style: style)
    grid.repeatGlyph(line.bottomRight, row: rect.bottom - 1, columns: rect.right - 1..<rect.right, style: style)
    for row in rect.row + 1..<rect.bottom - 1 {
        grid.repeatGlyph(line.vertical, row: row, columns: rect.column..<rect.column + 1, style: style)
        grid.repeatGlyph(line.vertical, row: row, columns: rect.right - 1..<rect.right, style: style)
    }
    guard !title.isEmpty else { return }
    var titleStyle = theme.style(.paneTitle)
    if focused { titleStyle = titleStyle.adding(.bold) }
    grid.write(" \(title) ", row: rect.row, column: rect.column + 1, limit: rect.right - 1, style: titleStyle)
}

/// The line-drawing glyphs of pane borders, sanitised once.
struct BoxGlyphs: Sendable {
    let horizontal, vertical, topLeft, topRight, bottomLeft, bottomRight: TerminalText.Glyph

    static let shared: BoxGlyphs = {
        let glyphs = TerminalText.glyphs("─│┌┐└┘", widths: .assumed)
        return BoxGlyphs(horizontal: glyphs[0], vertical: glyphs[1], topLeft: glyphs[2], topRight: glyphs[3],
                         bottomLeft: glyphs[4], bottomRight: glyphs[5])
    }()
}

/// Writes `lines` into `rect`, wrapped at its width; with `fromBottom`, the last lines that
/// fit are shown (newest at the bottom, as in a chat).
func drawLines(_ grid: inout CellGrid, _ rect: Rect, _ lines: [(String, Style)], fromBottom: Bool = false) {
    let wrapped = lines.flatMap { line in WordWrap.glyphLines(line.0, width: rect.width, widths: grid.widths).map { ($0, line.1) } }
    let shown = fromBottom ? Array(wrapped.suffix(rect.height)) : Array(wrapped.prefix(rect.height))
    for (offset, line) in shown.enumerated() {
        grid.write(line.0, row: rect.row + offset, column: rect.column, limit: rect.right, style: line.1)
    }
}

func drawPeers(_ grid: inout CellGrid, _ rect: Rect, _ state: TUIState) {
    let muted = state.theme.style(.muted)
    guard !state.peers.isEmpty else {
        let hint = state.discovering ? "looking on the LAN…" : "LAN discovery is off: peers come from --peer and the config."
        drawLines(&grid, rect, [("no peers yet", muted), ("", muted), (hint, muted)])
        return
    }
    // A nickname two peers share is shown with each one's short ID.
    let counts = Dictionary(state.peers.map { ($0.nickname, 1) }, uniquingKeysWith: +)
    let viewport = ListViewport(selection: state.peerSelection, count: state.peers.count, fit: rect.height)
    drawMoreMarks(&grid, content: rect, viewport, theme: state.theme)
    for (offset, index) in viewport.range.enumerated() {
        let peer = state.peers[index]
        let row = rect.row + offset
        let picked = state.focus == .peers && index == state.peerSelection
        if picked {
            grid.fill(Rect(row: row, column: rect.column, height: 1, width: rect.width), style: state.theme.style(.selection))
        }
        // Online: here ●, away ◐, do not disturb ⊖; offline ○.
        let (dot, dotRole): (String, ThemeRole) = switch (peer.online, peer.presence?.availability ?? .here) {
        case (false, _): ("○ ", .muted)
        case (true, .here): ("● ", .success)
        case (true, .away): ("◐ ", .warning)
        case (true, .doNotDisturb): ("⊖ ", .error)
        }
        var column = grid.write(dot, row: row, column: rect.column, limit: rect.right,
                                style: picked ? state.theme.style(.selection) : state.theme.style(dotRole))
        // The picked row is highlighted whole, the name included.
        let nameStyle = picked ? state.theme.style(.selection).adding(.bold)
            : Style(foreground: state.theme.nickColor(for: peer.shortID), background: state.theme.style(.text).background,
                    attributes: peer.online ? [.bold] : [.dim])
        let name = peer.lookAlike ? "\(peer.nickname) (\(peer.shortID)) ⚠"
            : counts[peer.nickname, default: 0] > 1 ? "\(peer.nickname) (\(peer.shortID))" : peer.nickname
        let mark = PeerRow.trustMark(peer.trust)
        let markWidth = mark.isEmpty ? 0 : grid.widths.width(of: mark) + 1
        column = grid.write(name, row: row, column: column, limit: rect.right - markWidth, style: nameStyle)
        if !mark.isEmpty {
            grid.write(" " + mark, row: row, column: column, limit: rect.right,
                       style: picked ? state.theme.style(.selection) : state.theme.style(peer.trust == .blocked ? .error : peer.trust == .verified ? .success : .muted))
        }
    }
}

extension PeerRow {
    /// The mark beside a nickname: ✓ verified, ? never connected, ⊘ blocked, none for known.
    static func trustMark(_ trust: PeerTrust) -> String {
        switch trust {
        case .verified: "✓"
        case .new: "?"
        case .blocked: "⊘"
        case .known: ""
        }
    }
}

func drawTransfers(_ grid: inout CellGrid, _ rect: Rect, _ state: TUIState) {
    let muted = state.theme.style(.muted)
    guard !state.transfers.isEmpty else {
        drawLines(&grid, rect, [("no transfers", muted), ("", muted), ("/send NICK PATH, or drop files here", muted)])
        return
    }
    let perRow = 2
    let fit = max(1, rect.height / perRow)
    let viewport = ListViewport(selection: state.transferSelection, count: state.transfers.count, fit: fit)
    drawMoreMarks(&grid, content: rect, viewport, theme: state.theme)
    let first = viewport.first
    for (offset, info) in state.transfers[viewport.range].enumerated() {
        let row = rect.row + offset * perRow
        let selected = state.focus == .transfers && first + offset == state.transferSelection
        let style = selected ? state.theme.style(.selection) : state.theme.style(.text)
        if selected { grid.fill(Rect(row: row, column: rect.column, height: 1, width: rect.width), style: style) }
        let arrow = info.direction == .outgoing ? "→ " : "← "
        let column = grid.write(arrow + info.nickname + " ", row: row, column: rect.column, limit: rect.right, style: style.adding(.bold))
        // A long name keeps its start and its end (the extension): "quarterly-rep….pdf".
        let name = shortenedInMiddle(info.names.first ?? "?", to: rect.right - column, widths: grid.widths)
        grid.write(name, row: row, column: column, limit: rect.right, style: style)
        drawTransferProgress(&grid, Rect(row: row + 1, column: rect.column, height: 1, width: rect.width), info, state.theme)
    }
}

/// `[████░░░░] 52% 2.1 MB/s` while data flows, else the bar and the state.
func drawTransferProgress(_ grid: inout CellGrid, _ rect: Rect, _ info: TransferInfo, _ theme: Theme) {
    let fraction = info.bytes == 0 ? (info.state == .done ? 1.0 : 0.0) : min(1, Double(info.bytesDone) / Double(info.bytes))
    let percent = "\(Int(fraction * 100))%"
    var choices: [String]
    if info.state == .transferring {
        let rate = info.bytesPerSecond.map { " \(ByteCount.format(UInt64($0)))/s" } ?? ""
        let left = info.secondsLeft.map { " \(Int($0.rounded(.up)))s" } ?? ""
        choices = [percent + rate + left, percent + rate, percent]
    } else {
        // An ended transfer shows what became of it first; the share done only beside it.
        let word = info.state.rawValue
        choices = info.state == .done || info.state == .offered || info.bytesDone == 0 ? [word] : [word + " at " + percent, word]
    }
    // The richest detail that leaves room for a bar of four cells.
    let detail = choices.first { grid.widths.width(of: $0) + 5 <= rect.width } ?? choices[choices.count - 1]
    let barWidth = max(3, rect.width - grid.widths.width(of: detail) - 1)
    let filled = Int((Double(barWidth) * fraction).rounded(.down))
    grid.fill(Rect(row: rect.row, column: rect.column, height: 1, width: filled), style: theme.style(.progress))
    grid.fill(Rect(row: rect.row, column: rect.column + filled, height: 1, width: barWidth - filled), style: theme.style(.progressTrack))
    let detailStyle = [.failed, .rejected, .expired].contains(info.state) ? theme.style(.error) : theme.style(.muted)
    grid.write(detail, row: rect.row, column: rect.column + barWidth + 1, limit: rect.right, style: detailStyle)
}

func drawChannels(_ grid: inout CellGrid, _ rect: Rect, _ state: TUIState) {
    guard !state.channels.isEmpty else {
        drawLines(&grid, rect, [("#general", state.theme.style(.muted))])
        return
    }
    // Keep the highlighted row in view.
    let viewport = ListViewport(selection: state.channelSelection, count: state.channels.count, fit: rect.height)
    drawMoreMarks(&grid, content: rect, viewport, theme: state.theme)
    let first = viewport.first
    for (offset, channel) in state.channels[viewport.range].enumerated() {
        let row = rect.row + offset
        let index = first + offset
        let isOpen = channel.document == state.channelDocument
        let muted = channel.notifications == .mute
        var style = state.theme.style(muted ? .muted : .text)
        if isOpen { style = style.adding(.bold) }
        if state.focus == .channels && index == state.channelSelection {
            style = state.theme.style(.selection)
            grid.fill(Rect(row: row, column: rect.column, height: 1, width: rect.width), style: style)
        }
        // A muted chat is drawn muted, its count too, with ∅ after its name.
        let count = channel.unread > 0 ? " \(channel.unread > 99 ? "99+" : String(channel.unread))" : ""
        let badge = (muted ? " ∅" : "") + count
        let column = grid.write((isOpen ? "› " : "  ") + channel.name, row: row, column: rect.column,
                                limit: rect.right - grid.widths.width(of: badge), style: style)
        if !badge.isEmpty {
            grid.write(badge, row: row, column: column, limit: rect.right, style: muted ? style : state.theme.style(.unread))
        }
    }
}

func drawNotes(_ grid: inout CellGrid, _ rect: Rect, _ state: TUIState) {
    let muted = state.theme.style(.muted)
    guard !state.notes.isEmpty else {
        drawLines(&grid, rect, [("no notes yet", muted), ("/note new NAME starts one", muted)])
        return
    }
    let viewport = ListViewport(selection: state.noteSelection, count: state.notes.count, fit: rect.height)
    drawMoreMarks(&grid, content: rect, viewport, theme: state.theme)
    for (offset, index) in viewport.range.enumerated() {
        let note = state.notes[index]
        let row = rect.row + offset
        let picked = state.focus == .notes && index == state.noteSelection
        if picked { grid.fill(Rect(row: row, column: rect.column, height: 1, width: rect.width), style: state.theme.style(.selection)) }
        let isOpen = state.editor?.name == note.name
        let nameStyle = picked ? state.theme.style(.selection) : isOpen ? state.theme.style(.text).adding(.bold) : state.theme.style(.text)
        let column = grid.write(note.name, row: row, column: rect.column, limit: rect.right, style: nameStyle)
        if let editor = note.lastEditor, column + 2 < rect.right {
            grid.write(" · " + editor, row: row, column: column, limit: rect.right, style: muted)
        }
    }
}

func drawChat(_ grid: inout CellGrid, _ rect: Rect, _ state: TUIState) {
    let muted = state.theme.style(.muted)
    var lines: [ChatLayoutLine] = []
    if !state.messages.contains(where: { !$0.isNotice }) {
        let welcome = [
            ("Welcome to huddle, \(state.nickname).", state.theme.style(.text)),
            ("Type to talk in \(state.channel); teammates on this network appear on the left.", muted),
            ("/join #CHANNEL, /msg NICK TEXT; /help lists keys and commands.", muted),
            ("From another network: huddle --peer HOST:PORT. A space for your team: huddle workspace new NAME, then /invite --code.", muted),
        ]
        lines = welcome.flatMap { text, style in
            WordWrap.glyphLines(text, width: rect.width, widths: state.widths).map { ChatLayoutLine(glyphs: $0, style) }
        }
    }
    let shown = visibleChatLines(state, rect)
    let scroll = shown.scroll
    // The welcome's first lines matter most: a short pane shows those.
    lines = Array(lines.prefix(max(0, rect.height - shown.lines.count))) + shown.lines.map(\.line)
    for (offset, line) in lines.enumerated() {
        let row = rect.row + offset
        var column = rect.column
        for segment in line.segments {
            column = grid.write(segment.glyphs, row: row, column: column, limit: rect.right, style: segment.style)
        }
    }
    if scroll > 0 {
        let more = " ↓ \(scroll) more "
        grid.write(more, row: rect.bottom - 1, column: max(rect.column, rect.right - grid.widths.width(of: more)), style: state.theme.style(.unread))
    }
    // On the pane's bottom border: who is typing here.
    if let typers = state.typing[state.channelDocument], !typers.isEmpty, rect.bottom < state.size.rows {
        let names = typers.map { TerminalText.sanitized($0) }
        let who = names.count <= 2 ? names.joined(separator: " and ") : "\(names[0]), \(names[1]) and \(names.count - 2) more"
        grid.write(" \(who) \(names.count == 1 ? "is" : "are") typing… ", row: rect.bottom, column: rect.column + 1,
                   limit: rect.right - 1, style: state.theme.style(.muted))
    }
}

/// The chat lines that fill `rect`, top to bottom, each with the ID of the message it belongs
/// to, and how many lines the chat is scrolled up (the scroll, bounded by what there is).
/// Laid out from the newest message back, only as far as the pane and the scroll reach.
func visibleChatLines(_ state: TUIState, _ rect: Rect) -> (lines: [(line: ChatLayoutLine, messageID: String)], scroll: Int) {
    var newestFirst: [[(line: ChatLayoutLine, messageID: String)]] = []
    var count = 0
    for message in state.shownMessages.reversed() where count < rect.height + state.chatScroll {
        let wrapped = chatRowLines(for: message, width: rect.width, theme: state.theme, widths: state.widths,
                                   picked: message.id == state.chatSelection)
        newestFirst.append(wrapped.map { ($0, message.id) })
        count += wrapped.count
    }
    let lines = newestFirst.reversed().flatMap { $0 }
    let scroll = min(state.chatScroll, max(0, lines.count - rect.height))
    let end = lines.count - scroll
    return (Array(lines[max(0, end - rect.height)..<end]), scroll)
}

func drawInput(_ grid: inout CellGrid, _ layout: Layout, _ state: TUIState) -> Frame.Cursor {
    let box = layout.inputBox
    drawBox(&grid, box, title: "", focused: state.focus == .chat, theme: state.theme)
    let field = layout.inputField
    let style = state.theme.style(.input)
    grid.fill(Rect(row: field.row, column: field.column - 2, height: 1, width: field.width + 2), style: style)
    grid.write("›", row: field.row, column: field.column - 2, style: style.adding(.bold))
    let view = state.input.view(width: field.width, widths: state.widths)
    grid.write(view.text, row: field.row, column: field.column, limit: field.right, style: style)
    return Frame.Cursor(row: field.row, column: field.column + view.cursorColumn)
}

func drawStatusBar(_ grid: inout CellGrid, _ rect: Rect, _ state: TUIState) {
    let style = state.theme.style(.status)
    grid.fill(rect, style: style)
    var column = 0
    if let status = state.status {
        let messageStyle = status.isError ? state.theme.style(.error) : style
        column = grid.write(" " + status.text + " ", row: rect.row, column: 0, style: messageStyle)
    }
    let hints = [("Tab", "focus"), ("F1", "help"), ("Ctrl-Q", "quit")]
    let hintsWidth = hints.reduce(0) { $0 + grid.widths.width(of: $1.0) + grid.widths.width(of: $1.1) + 3 }
    var at = max(column + 1, rect.width - hintsWidth)
    guard at + hintsWidth <= rect.width else { return }
    for (key, summary) in hints {
        at = grid.write(" " + key, row: rect.row, column: at, style: state.theme.style(.statusKey))
        at = grid.write(" \(summary) ", row: rect.row, column: at, style: style)
    }
}

/// `text` (sanitised) in at most `width` columns: whole if it fits, else its start and its end
/// around an ellipsis, so a file's extension stays in sight.
func shortenedInMiddle(_ text: String, to width: Int, widths: WidthModel) -> String {
    let glyphs = TerminalText.glyphs(text, widths: widths)
    let total = glyphs.reduce(0) { $0 + $1.width }
    guard total > width, width > 1 else { return total <= width ? glyphs.map(\.text).joined() : "" }
    let budget = width - 1 // the ellipsis
    var tail: [TerminalText.Glyph] = []
    var tailWidth = 0
    for glyph in glyphs.reversed() {
        guard tailWidth + glyph.width <= budget / 2 else { break }
        tail.insert(glyph, at: 0)
        tailWidth += glyph.width
    }
    var head = ""
    var headWidth = 0
    for glyph in glyphs {
        guard headWidth + glyph.width <= budget - tailWidth else { break }
        head += glyph.text
        headWidth += glyph.width
    }
    return head + "…" + tail.map(\.text).joined()
}
