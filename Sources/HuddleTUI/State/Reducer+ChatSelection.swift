import Foundation
import HuddleCore

/// Keys that pick a message in the chat pane and act on it: Up from an empty input line picks
/// the newest, Up and Down move, `r` replies, `+` reacts, `y` copies, `e` edits your own (its
/// text goes into the input line), `d` deletes your own (after asking), Enter shows the texts
/// it had, Esc goes back to typing. Other keys end the pick and fall through (nil), so typing
/// goes to the input line. While the input line composes an edit, reply or reaction, Enter
/// sends it and Esc cancels it.
func handleChatMessageKey(_ key: Key, _ state: inout TUIState) -> [Effect]? {
    if let selected = state.chatSelection {
        let pickable = state.shownMessages.filter { !$0.isNotice }
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
            compose(.edit(id: row.id), text: row.body, &state)
        case .character("r") where !row.deleted:
            compose(.reply(id: row.id, nickname: row.nickname), text: "", &state)
        case .character("+") where !row.deleted:
            state.modals.append(.react(id: row.id, document: state.channelDocument, mine: row.myReactions))
        case .character("d"):
            guard row.mine, !row.deleted else {
                state.status = StatusMessage("only your own messages can be deleted", isError: true)
                return []
            }
            state.modals.append(.deleteMessage(id: row.id, document: state.channelDocument, preview: String(row.body.prefix(60))))
        case .character("t") where !row.deleted || row.replies > 0:
            openThread(row.replyTo.flatMap { root in state.messages.contains { $0.id == root } ? root : nil } ?? row.id, &state)
        case .enter, .character("v"):
            return [.peer(.showRevisions(id: row.id, document: state.channelDocument))]
        case .character("y") where !row.deleted:
            guard state.copiesToClipboard else {
                state.status = StatusMessage("copying is off (clipboard = false in the config)", isError: true)
                return []
            }
            state.status = StatusMessage("copied \(row.nickname)'s message to the clipboard")
            return [.copyToClipboard(row.body)]
        default:
            state.chatSelection = nil
            state.status = nil
            return nil
        }
        return []
    }
    if let composing = state.composing {
        switch key {
        case .escape:
            state.composing = nil
            state.input.setText("")
            state.status = StatusMessage("cancelled")
            return []
        case .enter:
            let text = state.input.text
            guard !text.isEmpty else {
                state.status = StatusMessage("nothing to send (Esc cancels)", isError: true)
                return []
            }
            state.composing = nil
            state.input.setText("")
            state.status = nil
            let document = state.channelDocument
            switch composing {
            case let .edit(id): return [.peer(.editMessage(id: id, text: text, document: document))]
            case let .reply(id, _): return [.peer(.reply(id: id, text: text, document: document))]
            case let .react(id): return [.peer(.react(id: id, emoji: text.trimmingCharacters(in: .whitespaces), remove: false, document: document))]
            }
        default:
            return nil
        }
    }
    if let thread = state.thread {
        switch key {
        case .escape:
            state.thread = nil
            state.chatScroll = 0
            state.status = nil
            return []
        case .enter where !state.input.text.isEmpty && (!state.input.text.hasPrefix("/") || state.input.text.hasPrefix("//")):
            // What is typed in a thread answers its first message (a /command stays a command).
            let typed = state.input.text
            state.input.setText("")
            let text = typed.hasPrefix("//") ? String(typed.dropFirst()) : typed
            return [.peer(.reply(id: thread, text: text, document: state.channelDocument))]
        default:
            break
        }
    }
    if key == .up, state.input.text.isEmpty, let newest = state.shownMessages.last(where: { !$0.isNotice }) {
        pick(newest.id, &state)
        state.status = StatusMessage(chatPickHint)
        return []
    }
    return nil
}

/// What the status bar says while a message is picked.
let chatPickHint = "r reply   t thread   + react   y copy   e edit   d delete   Enter texts   Esc back"

/// Starts writing `composing` in the input line, beginning with `text`.
private func compose(_ composing: Composing, text: String, _ state: inout TUIState) {
    state.chatSelection = nil
    state.composing = composing
    state.input.setText(text)
    state.status = StatusMessage(composing.hint)
}

/// Picks message `id` and scrolls the chat so that all of it shows.
/// Picks message `id` and scrolls it into view (a search result opened).
func pickMessage(_ id: String, _ state: inout TUIState) {
    state.focus = .chat
    pick(id, &state)
}

private func pick(_ id: String, _ state: inout TUIState) {
    state.chatSelection = id
    let pane = Layout(size: state.size).chat.content
    let rows = state.shownMessages
    guard pane.height > 0, let index = rows.lastIndex(where: { $0.id == id }) else { return }
    let shown = state
    func height(_ row: ChatRow) -> Int { chatLineCount(for: row, width: pane.width, state: shown) }
    let below = rows[(index + 1)...].reduce(0) { $0 + height($1) }
    let own = height(rows[index])
    // Lines are counted up from the newest: the pick spans below ..< below + own.
    if below < state.chatScroll { state.chatScroll = below }
    if below + own > state.chatScroll + pane.height { state.chatScroll = below + own - pane.height }
}

/// Shows the thread of message `root` in the chat pane: it and its replies; what is typed
/// answers it. Its new replies are seen.
func openThread(_ root: String, _ state: inout TUIState) {
    state.thread = root
    state.chatSelection = nil
    state.chatScroll = 0
    if let index = state.messages.firstIndex(where: { $0.id == root }) { state.messages[index].newReplies = 0 }
    state.status = StatusMessage("thread: what you type answers it; Esc shows the whole chat")
}
