/// Everything the screen shows, as a value. Only ``reduce(_:_:)`` changes it.
public struct TUIState: Equatable, Sendable {
    /// The terminal's size.
    public var size: TerminalSize
    /// Your nickname.
    public var nickname: String
    /// The short form of your peer ID.
    public var shortID: String
    /// The workspace shown.
    public var workspace = "lan"
    /// The channel shown in the chat pane.
    public var channel = "#general"
    /// The pane with the focus.
    public var focus: Pane = .chat
    /// The input line under the chat.
    public var input = LineEditor()
    /// The message in the status bar, if any.
    public var status: StatusMessage?
    /// Whether the help overlay is open.
    public var showsHelp = false
    /// The colours in use.
    public var theme: Theme
    /// Lines huddle itself wrote into the chat pane (welcome, command results).
    public var notices: [String] = []
    /// Set once the user asked to quit.
    public var quitting = false
    /// Teammates, as the peer reports them (online first).
    public var peers: [PeerRow] = []
    /// Whether this TUI's peer looks for teammates on the LAN (mDNS).
    public var discovering = false

    /// The state at start-up.
    public init(size: TerminalSize, nickname: String, shortID: String, theme: Theme) {
        self.size = size
        self.nickname = nickname
        self.shortID = shortID
        self.theme = theme
    }
}

/// A line for the status bar.
public struct StatusMessage: Equatable, Sendable {
    /// What to say.
    public var text: String
    /// Whether it reports a problem.
    public var isError: Bool

    /// A status line.
    public init(_ text: String, isError: Bool = false) {
        self.text = text
        self.isError = isError
    }
}

/// One line of the peers pane.
public struct PeerRow: Equatable, Sendable {
    /// The peer ID's short form.
    public var shortID: String
    /// The nickname it announced (sanitised when drawn).
    public var nickname: String
    /// Whether a session is up.
    public var online: Bool
    /// `new`, `known`, `verified` or `blocked`.
    public var trust: String

    /// A row.
    public init(shortID: String, nickname: String, online: Bool, trust: String) {
        self.shortID = shortID
        self.nickname = nickname
        self.online = online
        self.trust = trust
    }
}
