/// The panes that can hold the focus, in Tab order.
public enum Pane: String, CaseIterable, Sendable {
    case chat, channels, notes, peers, transfers

    /// The title drawn in the pane's border.
    public var title: String {
        switch self {
        case .chat: "Chat"
        case .channels: "Channels"
        case .notes: "Notes"
        case .peers: "Peers"
        case .transfers: "Transfers"
        }
    }

    /// The next pane in Tab order (or Shift-Tab order when `backwards`).
    public func next(backwards: Bool = false) -> Pane {
        let all = Pane.allCases
        let index = all.firstIndex(of: self) ?? 0
        return all[(index + (backwards ? all.count - 1 : 1)) % all.count]
    }
}
