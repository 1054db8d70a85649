import HuddleCore

extension Peer {
    /// What happened, for the TUI and the daemon's log.
    public enum Event: Sendable, Equatable {
        /// The list of peers changed.
        case peersChanged
        /// Something worth a line in a log or the status bar.
        case notice(String)
        /// A known peer answered with another key: its nickname, and the old and new peer IDs
        /// and fingerprints (to compare aloud before verifying the new key).
        case keyChanged(KeyChangeWarning)
        /// A peer speaks no protocol version this one speaks: someone must upgrade.
        case incompatible(String)
        /// A chat message appeared.
        case chat(ChatLine)
        /// A chat message shown before changed: edited, deleted (then `deleted`, with no text),
        /// or its reactions.
        case chatUpdated(ChatLine)
        /// A note's text changed: what changed, in order, and where your caret is now.
        case noteChanged(NoteUpdate)
        /// A channel, note or direct conversation appeared, or unread counts changed.
        case documentsChanged
        /// A file transfer was offered, answered, progressed or ended.
        case transfer(TransferInfo)
        /// Teammates seen only through others are now known by name: short ID -> nickname
        /// (what was shown by the short ID can show the name).
        case namesLearned([String: String])
        /// Who is typing in a chat changed: the nicknames typing there now (none: nobody).
        case typing(document: DocumentID, nicknames: [String])
    }
}
