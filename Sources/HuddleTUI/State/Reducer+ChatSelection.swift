import HuddleCore

/// Keys that pick a message in the chat pane and act on it: Up from an empty input line picks
/// the newest, Up and Down move, `e` edits your own (its text goes into the input line), `d`
/// deletes your own (after asking), Enter shows the texts it had, Esc goes back to typing.
/// Other keys end the pick and fall through (nil), so typing goes to the input line.
func handleChatMessageKey(_ key: Key, _ state: inout TUIState) -> [Effect]? {
    if let selected = state.chatSelection {
        let pickable = state.messages.filter { !$0.isNotice }
        guard let index = pickable.firstIndex(where: { $0.id == selected }) else {
            state.chatSelection = nil
            return nil
        }
        let row = pickable[index]
        switch key {
        case .up:
            pick(pickable[max(0, index - 1)].id, &state)
        case .down where index + 1 < pickable.count:
            pick(pickable[index + 1].id, &state)
        case .down, .escape:
            state.chatSelection = nil
            state.status = nil
        case .character("e"):
            guard row.mine, !row.deleted else {
                state.status = StatusMessage("only your own messages can be edited", isError: true)
                return []
            }
            state.chatSelection = nil
            state.editingMessage = row.id
            state.input.setText(row.body)
            state.status = StatusMessage("editing your message: Enter saves, Esc cancels")
        case .character("d"):
            guard row.mine, !row.deleted else {
                state.status = StatusMessage("only your own messages can be deleted", isError: true)
                return []
            }
            state.modals.append(.deleteMessage(id: row.id, document: state.channelDocument, preview: String(row.body.prefix(60))))
        case .enter, .character("v"):
            return [.peer(.showRevisions(id: row.id, document: state.channelDocument))]
        default:
            state.chatSelection = nil
            state.status = nil
            return nil
        }
        return []
    }
    if state.editingMessage != nil {
        switch key {
        case .escape:
            state.editingMessage = nil
            state.input.setText("")
            state.status = StatusMessage("edit cancelled")
            return []
        case .enter:
            let text = state.input.text
            guard let id = state.editingMessage, !text.isEmpty else {
                state.status = StatusMessage("an edit needs some text (d on the message deletes it)", isError: true)
                return []
            }
            state.editingMessage = nil
            state.input.setText("")
            state.status = nil
            return [.peer(.editMessage(id: id, text: text, document: state.channelDocument))]
        default:
            return nil
        }
    }
    if key == .up, state.input.text.isEmpty, let newest = state.messages.last(where: { !$0.isNotice }) {
        pick(newest.id, &state)
        state.status = StatusMessage(chatPickHint)
        return []
    }
    return nil
}

/// What the status bar says while a message is picked.
let chatPickHint = "e edit   d delete   Enter earlier texts   Up/Down move   Esc back"

/// Picks message `id` and scrolls the chat so that all of it shows.
private func pick(_ id: String, _ state: inout TUIState) {
    state.chatSelection = id
    let pane = Layout(size: state.size).chat.content
    guard pane.height > 0, let index = state.messages.lastIndex(where: { $0.id == id }) else { return }
    let shown = state
    func height(_ row: ChatRow) -> Int { chatLineCount(for: row, width: pane.width, state: shown) }
    let below = state.messages[(index + 1)...].reduce(0) { $0 + height($1) }
    let own = height(state.messages[index])
    // Lines are counted up from the newest: the pick spans below ..< below + own.
    if below < state.chatScroll { state.chatScroll = below }
    if below + own > state.chatScroll + pane.height { state.chatScroll = below + own - pane.height }
}
