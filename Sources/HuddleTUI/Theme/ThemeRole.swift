/// Every part of the interface a theme colours. A theme file names each in its `[roles]` table.
public enum ThemeRole: String, CaseIterable, Sendable {
    /// Ordinary text.
    case text
    /// Secondary text: empty states, timestamps, hints.
    case muted
    /// The title bar.
    case title
    /// Pane borders.
    case border
    /// The border of the focused pane.
    case borderFocused = "border-focused"
    /// Pane titles in their borders.
    case paneTitle = "pane-title"
    /// Your own nickname.
    case ownNick = "own-nick"
    /// Lines that mention you.
    case mention
    /// Code in messages: `inline` spans and fenced blocks.
    case code
    /// Errors.
    case error
    /// Warnings, such as a changed key.
    case warning
    /// Confirmations.
    case success
    /// The status bar.
    case status
    /// Key names in the status bar and help.
    case statusKey = "status-key"
    /// The input line.
    case input
    /// Selected items in lists.
    case selection
    /// The filled part of a progress bar.
    case progress
    /// The empty part of a progress bar.
    case progressTrack = "progress-track"
    /// Unread counts and markers.
    case unread
    /// The help overlay and other modals.
    case modal
    /// Titles of modals.
    case modalTitle = "modal-title"
}
