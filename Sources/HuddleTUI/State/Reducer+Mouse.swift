/// A click focuses the pane under it and picks the row (a channel or note opens, a peer,
/// transfer or chat message is picked); the wheel scrolls the chat, or moves through the open note. Ignored
/// while help or a question is shown.
func handleMouse(_ event: MouseEvent, _ state: inout TUIState) -> [Effect] {
    guard !state.showsHelp, state.modals.isEmpty else { return [] }
    let layout = Layout(size: state.size)
    guard !layout.isTooSmall else { return [] }
    func inside(_ rect: Rect) -> Bool {
        event.row >= rect.row && event.row < rect.bottom && event.column >= rect.column && event.column < rect.right
    }
    if inside(layout.chat) || inside(layout.inputBox) {
        state.focus = .chat
        switch event.kind {
        case .click:
            // A click on a message picks it, as Up does (not while a note is open over the chat).
            let pane = layout.chat.content
            guard state.editor == nil, state.composing == nil, inside(pane) else { return [] }
            let lines = visibleChatLines(state, pane).lines
            let offset = event.row - pane.row // lines are drawn from the top
            guard lines.indices.contains(offset),
                  let row = state.shownMessages.last(where: { $0.id == lines[offset].messageID }), !row.isNotice else { return [] }
            state.chatSelection = row.id
            state.status = StatusMessage(chatPickHint)
            return []
        case .wheelUp, .wheelDown:
            let lines = event.kind == .wheelUp ? -3 : 3
            if var editor = state.editor {
                editor.caret = editor.caret(movedLines: lines)
                editor.selectionStart = nil
                state.editor = editor
                keepCaretVisible(&state)
                return [.peer(.noteInput(document: editor.document, .moveCaret(editor.caret)))]
            }
            state.chatScroll = max(0, state.chatScroll - lines)
            return []
        }
    }
    guard event.kind == .click else { return [] }
    for pane in [Pane.channels, .notes, .peers, .transfers] where inside(layout.rect(of: pane)) {
        state.focus = pane
        let row = event.row - layout.rect(of: pane).content.row
        guard row >= 0 else { return [] }
        switch pane {
        case .channels where state.channels.indices.contains(row):
            state.channelSelection = row
            state.focus = .chat
            return [.peer(.openChat(state.channels[row].document.description))]
        case .notes where state.notes.indices.contains(row):
            state.noteSelection = row
            return [.peer(.openNote(name: state.notes[row].name, create: false, workspace: shownPrivateWorkspace(state)))]
        case .peers where state.peers.indices.contains(row):
            state.peerSelection = row
            state.peerPicked = true
        case .transfers where state.transfers.indices.contains(row / 2):
            state.transferSelection = row / 2
        default:
            break
        }
        return []
    }
    return []
}
