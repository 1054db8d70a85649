import Foundation
import HuddleApp
import HuddleCore

/// `/away [TEXT]`, `/here`, `/dnd [TEXT]` (`/dnd` again: here): your presence, told to
/// teammates and saved.
func setPresence(_ command: String, _ text: String, _ state: inout TUIState) -> [Effect] {
    guard text.count <= Presence.maxTextCharacters else {
        state.status = StatusMessage("a status text holds at most \(Presence.maxTextCharacters) characters", isError: true)
        return []
    }
    let availability: Availability = switch command {
    case "away": .away
    case "dnd" where state.doNotDisturb && text.isEmpty: .here
    case "dnd": .doNotDisturb
    default: .here
    }
    state.presence = Presence(availability: availability, text: availability == .here ? "" : text)
    state.automaticallyAway = false
    let said: String = switch availability {
    case .here: "you are here" + (command == "dnd" ? ": do not disturb is over" : "")
    case .away: "you are away" + (text.isEmpty ? "" : ": \(TerminalText.sanitized(text))") + " (/here ends it)"
    case .doNotDisturb: "do not disturb: no bell, no notifications; teammates see it (/dnd again ends it)"
    }
    state.status = StatusMessage(said)
    return [.peer(.setPresence(state.presence, automatic: false))]
}

/// A key or the mouse was used: an away set for idle time ends.
func noteInputUsed(_ state: inout TUIState) -> [Effect] {
    state.lastInputAt = state.now
    guard state.automaticallyAway else { return [] }
    state.automaticallyAway = false
    state.presence = .here
    return [.peer(.setPresence(.here, automatic: true))]
}

/// Time passed: after `awayAfterSeconds` without a key, a workspace that shows you here shows
/// you away (until the next key).
func awayIfIdle(_ state: inout TUIState) -> [Effect] {
    guard state.awayAfterSeconds > 0, state.presence == .here, !state.automaticallyAway else { return [] }
    guard let last = state.lastInputAt else {
        state.lastInputAt = state.now
        return []
    }
    guard state.now.timeIntervalSince(last) >= TimeInterval(state.awayAfterSeconds) else { return [] }
    state.automaticallyAway = true
    state.presence = Presence(availability: .away, text: "")
    return [.peer(.setPresence(state.presence, automatic: true))]
}

/// Typing a message or a reply in the input line of a chat tells teammates there (the peer
/// repeats it at most every 3 s); emptying or sending the line, or starting a /command, says
/// you stopped. Writing an edit or a reaction is not typing a message.
func typingEffects(before: String, composing: Composing?, _ state: inout TUIState) -> [Effect] {
    let after = state.input.text
    func writesMessage(_ composing: Composing?) -> Bool {
        switch composing {
        case nil, .reply: true
        case .edit, .react: false
        }
    }
    guard before != after, state.editor == nil, writesMessage(composing), writesMessage(state.composing) else { return [] }
    func isMessage(_ text: String) -> Bool { !text.isEmpty && !(text.hasPrefix("/") && !text.hasPrefix("//")) }
    if isMessage(after) { return [.peer(.typing(document: state.channelDocument, true))] }
    return isMessage(before) ? [.peer(.typing(document: state.channelDocument, false))] : []
}
