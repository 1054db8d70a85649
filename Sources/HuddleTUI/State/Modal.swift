import Foundation
import HuddleApp
import HuddleCore

/// A question that takes the keys until it is answered: an incoming file offer, a teammate's
/// key that changed, files dropped on the terminal. Several wait in line; the first is shown.
public enum Modal: Equatable, Sendable {
    /// A teammate offers files: `a` accepts into the downloads folder, `r` rejects, Esc decides later.
    case offer(TransferInfo)
    /// A known peer answered with another key: `v` verifies the new key, `b` blocks it, Esc later.
    case keyChange(KeyChangeWarning)
    /// Files dropped on the terminal: `y` sends them, `n` does not.
    case drop(DroppedFiles)
    /// A teammate added this peer to a private workspace: `j` joins, `d` declines, Esc later.
    case invitation(InvitationSummary)
    /// `/verify NICK`: both fingerprints and the safety code; `y` verifies, `n` or Esc does not.
    case verify(VerifyQuestion)
    /// `d` on your picked message: `y` deletes it, `n` or Esc does not.
    case deleteMessage(id: String, document: DocumentID, preview: String)
    /// Enter on a picked message: the texts it had, oldest first; any key closes it.
    case revisions(MessageRevisions)
    /// `+` on a picked message: 1 to 6 add (or take back) a quick reaction, `t` types another.
    case react(id: String, document: DocumentID, mine: Set<String>)

    /// The reactions offered by number.
    static let quickReactions = ["👍", "❤️", "😂", "🎉", "👀", "✅"]

    /// The title of its box.
    var title: String {
        switch self {
        case .offer: "Files offered"
        case .keyChange: "Key changed"
        case .drop: "Send files?"
        case .invitation: "Invitation"
        case .verify: "Verify"
        case .deleteMessage: "Delete message?"
        case .revisions: "Message"
        case .react: "React"
        }
    }

    /// Its text, then the keys that answer it (`confirming`: a changed key's second step).
    func lines(dropTarget: String?, dropChoices: [String] = [], confirming: Bool = false) -> (text: [String], keys: String) {
        switch self {
        case let .offer(info):
            return (["\(info.nickname) (\(String(info.peer.prefix(7)))) offers \(transferSummary(info))."],
                    "a accept into downloads   r reject   Esc later (/accept, /reject)")
        case let .keyChange(warning):
            return (["\(warning.nickname) answered with a different key: it may be a new device, or someone else.",
                     "known: \(warning.oldID.prefix(7)), fingerprint \(warning.oldFingerprint)",
                     "now:   \(warning.newShortID), fingerprint \(warning.newFingerprint)",
                     "Compare the new fingerprint with \(warning.nickname) (huddle id on their machine) before verifying."],
                    confirming ? "verify \(warning.nickname)'s new key \(warning.newShortID)?   y yes, I compared it   n no"
                               : "v verify the new key   b block it   Esc decide later")
        case let .invitation(invitation):
            let inviter = TerminalText.sanitized(invitation.inviterNickname)
            return (["\(inviter) (\(invitation.inviter.prefix(7))) invites you to the workspace \(TerminalText.sanitized(invitation.name)) (\(invitation.members) members).",
                     "Their key's fingerprint: \(invitation.inviterFingerprint)",
                     "Compare it with \(inviter)'s huddle id before you join: members read and write everything in it."],
                    "j join   d decline   Esc decide later (huddle invites, huddle join)")
        case let .verify(question):
            let name = TerminalText.sanitized(question.nickname)
            return (["Verify \(name) (\(question.shortID))?",
                     "their fingerprint  \(question.theirFingerprint)",
                     "your fingerprint   \(question.yourFingerprint)",
                     "safety code        \(question.safetyCode)",
                     "Compare the safety code with \(name) in person or on a call (their huddle peers shows the same)."],
                    "y yes, we compared it   n no")
        case let .deleteMessage(_, _, preview):
            return (["Delete your message \"\(TerminalText.sanitized(preview))\"?",
                     "Teammates see \"message deleted\" in its place."], "y delete   n keep it")
        case let .react(_, _, mine):
            let choices = Modal.quickReactions.enumerated().map { "\($0.offset + 1) \($0.element)\(mine.contains($0.element) ? " (yours)" : "")" }
            return ([choices.joined(separator: "   ")], "1-\(Modal.quickReactions.count) add or take back   t type another   Esc close")
        case let .revisions(shown):
            let line = shown.message
            var text = ["\(TerminalText.sanitized(line.shownName)), \(line.id)\(line.deleted ? ": deleted" : "")"]
            for (index, revision) in shown.revisions.enumerated() {
                let label = index == 0 ? "posted" : index == shown.revisions.count - 1 ? "now" : "edit \(index)"
                text.append("\(label): \(TerminalText.sanitized(revision.body))")
            }
            if shown.revisions.count == 1 { text.append("(never edited)") }
            text += line.delivery.map(deliveryLines) ?? []
            return (text, "Esc close")
        case let .drop(files):
            if let to = files.peer ?? dropTarget {
                return (["Send \(files.summary) to \(to)?"], "y send   n don't (what was dropped goes into the input line)")
            }
            // No peer in focus: the online ones, by number.
            let choices = dropChoices.enumerated().map { "\($0.offset + 1) \(TerminalText.sanitized($0.element))" }
            return (["Send \(files.summary) to whom?",
                     choices.isEmpty ? "No peer is online: n, then /send NICK PATH once one is." : choices.joined(separator: "   ")],
                    choices.isEmpty ? "n don't" : "1-\(choices.count) send to that peer   n don't")
        }
    }
}

/// What `/verify NICK` asks before it acts.
public struct VerifyQuestion: Equatable, Sendable {
    /// The peer's whole ID (what the verify is sent for), short ID and nickname.
    public var peerID: String, shortID: String, nickname: String
    /// Both keys' fingerprints and the pair's safety code.
    public var theirFingerprint: String, yourFingerprint: String, safetyCode: String
}

/// The question on screen and when it appeared.
struct ShownModal: Equatable, Sendable {
    var modal: Modal
    var since: Date
}

extension Modal {
    /// How long keys are ignored after a dialog opens (or moves to its next step): what was
    /// being typed then was meant for what was there before.
    static let keyDelay: TimeInterval = 0.7
}

/// Notes which question is on screen now, and since when (after every action).
func noteShownModal(_ state: inout TUIState) {
    guard let first = state.modals.first else {
        state.shownModal = nil
        state.confirmingVerify = false
        return
    }
    if state.shownModal?.modal != first {
        state.shownModal = ShownModal(modal: first, since: state.now)
        state.confirmingVerify = false
    }
}

/// Keys while a modal is shown: it takes them all until answered (F1 and Ctrl-Q still work).
/// Keys in the first ``Modal/keyDelay`` after it opened, and pasted text, answer nothing.
func handleModalKey(_ key: Key, _ state: inout TUIState) -> [Effect]? {
    guard let modal = state.modals.first else { return nil }
    noteShownModal(&state)
    if case .paste = key, !isDrop(modal) { return [] }
    // Files dropped, a delete and a message's texts ask in answer to the user's own key, so
    // their keys count at once.
    if let shown = state.shownModal, !answersOwnKey(modal), state.now.timeIntervalSince(shown.since) < Modal.keyDelay { return [] }
    var effects: [Effect] = []
    var answered = true
    switch (modal, key) {
    case let (.offer(info), .character("a")), let (.offer(info), .character("y")), let (.offer(info), .enter):
        effects = [.peer(.transferAction(.accept, id: info.id))]
    case let (.offer(info), .character("r")), let (.offer(info), .character("n")):
        effects = [.peer(.transferAction(.reject, id: info.id))]
    case (.keyChange, .character("v")) where !state.confirmingVerify:
        // Verifying a changed key takes a second, deliberate step (after its own delay).
        state.confirmingVerify = true
        state.shownModal?.since = state.now
        return []
    case let (.keyChange(warning), .character("y")) where state.confirmingVerify:
        effects = [.peer(.setTrust(peer: warning.newID, action: .verify))]
    case (.keyChange, .character("n")) where state.confirmingVerify, (.keyChange, .escape) where state.confirmingVerify:
        state.confirmingVerify = false
        return []
    case let (.verify(question), .character("y")):
        effects = [.peer(.setTrust(peer: question.peerID, action: .verify))]
    case (.verify, .character("n")):
        break
    case let (.deleteMessage(id, document, _), .character("y")):
        effects = [.peer(.deleteMessage(id: id, document: document))]
    case (.deleteMessage, .character("n")), (.revisions, .enter), (.revisions, .character("q")):
        break
    case let (.react(id, document, mine), .character(digit)) where digit.wholeNumberValue.map { (1...Modal.quickReactions.count).contains($0) } == true:
        let emoji = Modal.quickReactions[digit.wholeNumberValue! - 1]
        effects = [.peer(.react(id: id, emoji: emoji, remove: mine.contains(emoji), document: document))]
    case let (.react(id, _, _), .character("t")):
        state.composing = .react(id: id)
        state.input.setText("")
        state.status = StatusMessage(Composing.react(id: id).hint)
    case let (.invitation(invitation), .character("j")):
        effects = [.peer(.answerInvitation(workspace: invitation.workspace, join: true))]
    case let (.invitation(invitation), .character("d")):
        effects = [.peer(.answerInvitation(workspace: invitation.workspace, join: false))]
    case let (.keyChange(warning), .character("b")):
        effects = [.peer(.setTrust(peer: warning.newID, action: .block))]
    case (.drop, _):
        state.pendingDrop = state.pendingDrop ?? { if case let .drop(files) = modal { files } else { nil } }()
        guard let result = answerDrop(key, &state) else { return [] }
        answered = state.pendingDrop == nil
        effects = result
    case (_, .escape):
        break
    default:
        return [] // taken, not an answer
    }
    if answered {
        state.modals.removeFirst()
        noteShownModal(&state)
    }
    return effects
}

private func isDrop(_ modal: Modal) -> Bool {
    if case .drop = modal { return true }
    return false
}

/// Whether `modal` came up because of the user's own key or drop (not from a teammate).
private func answersOwnKey(_ modal: Modal) -> Bool {
    switch modal {
    case .drop, .deleteMessage, .revisions, .react: true
    case .offer, .keyChange, .invitation, .verify: false
    }
}

/// Who holds one of your messages and who not yet, a line each (nicknames sanitised): what
/// Enter on it and `huddle show` say.
public func deliveryLines(_ delivery: ChatLine.Delivery) -> [String] {
    let names = { (members: [ChatLine.Delivery.Member]) in members.map { TerminalText.sanitized($0.nickname) }.joined(separator: ", ") }
    return (delivery.deliveredTo.isEmpty ? [] : ["delivered to: " + names(delivery.deliveredTo)])
        + (delivery.waitingFor.isEmpty ? [] : ["not yet: " + names(delivery.waitingFor)])
}
