import HuddleApp

/// A question that takes the keys until it is answered: an incoming file offer, a teammate's
/// key that changed, files dropped on the terminal. Several wait in line; the first is shown.
public enum Modal: Equatable, Sendable {
    /// A teammate offers files: `a` accepts into the downloads folder, `r` rejects, Esc decides later.
    case offer(TransferInfo)
    /// A known peer answered with another key: `v` verifies the new key, `b` blocks it, Esc later.
    case keyChange(KeyChangeWarning)
    /// Files dropped on the terminal: `y` sends them, `n` does not.
    case drop(DroppedFiles)

    /// The title of its box.
    var title: String {
        switch self {
        case .offer: "Files offered"
        case .keyChange: "Key changed"
        case .drop: "Send files?"
        }
    }

    /// Its text, then the keys that answer it.
    func lines(dropTarget: String?) -> (text: [String], keys: String) {
        switch self {
        case let .offer(info):
            return (["\(info.nickname) (\(String(info.peer.prefix(7)))) offers \(transferSummary(info))."],
                    "a accept into downloads   r reject   Esc later (/accept, /reject)")
        case let .keyChange(warning):
            return (["\(warning.nickname) answered with a different key: it may be a new device, or someone else.",
                     "known: \(warning.oldID.prefix(7)), fingerprint \(warning.oldFingerprint)",
                     "now:   \(warning.newShortID), fingerprint \(warning.newFingerprint)",
                     "Compare the new fingerprint with \(warning.nickname) (huddle id on their machine) before verifying."],
                    "v verify the new key   b block it   Esc decide later")
        case let .drop(files):
            let to = files.peer ?? dropTarget
            return (["Send \(files.summary) to \(to ?? "…")?",
                     to == nil ? "No peer in focus: n, then pick one in the peers pane and drop again, or /send NICK PATH." : ""],
                    "y send   n don't")
        }
    }
}

/// Keys while a modal is shown: it takes them all until answered (F1 and Ctrl-Q still work).
func handleModalKey(_ key: Key, _ state: inout TUIState) -> [Effect]? {
    guard let modal = state.modals.first else { return nil }
    var effects: [Effect] = []
    var answered = true
    switch (modal, key) {
    case let (.offer(info), .character("a")), let (.offer(info), .character("y")), let (.offer(info), .enter):
        effects = [.peer(.transferAction(.accept, id: info.id))]
    case let (.offer(info), .character("r")), let (.offer(info), .character("n")):
        effects = [.peer(.transferAction(.reject, id: info.id))]
    case let (.keyChange(warning), .character("v")):
        effects = [.peer(.setTrust(peer: warning.newID, action: .verify))]
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
    if answered { state.modals.removeFirst() }
    return effects
}
