/// How loudly a chat asks for attention on this device: every message, mentions only, or
/// nothing. Kept per chat on each device, never sent.
public enum NotificationLevel: String, Sendable, Hashable, Codable, CaseIterable {
    /// Every message from a teammate rings and notifies (a direct conversation's default).
    case all
    /// Only messages that mention you or one of your keywords (a channel's default).
    case mentions
    /// Nothing rings or notifies; the chat is left out of the title bar's unread list.
    case mute

    /// A chat's level when none was chosen.
    public static func `default`(for document: DocumentID) -> NotificationLevel {
        if case .direct = document { return .all }
        return .mentions
    }

    /// Whether a message asks for attention at this level.
    public func alerts(mentionsMe: Bool) -> Bool {
        switch self {
        case .all: true
        case .mentions: mentionsMe
        case .mute: false
        }
    }
}
