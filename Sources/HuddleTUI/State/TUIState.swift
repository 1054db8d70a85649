import Foundation
import HuddleApp
import HuddleCore
/// Everything the screen shows, as a value. Only ``reduce(_:_:)`` changes it.
public struct TUIState: Equatable, Sendable {
    /// The terminal's size.
    public var size: TerminalSize
    /// Your nickname.
    public var nickname: String
    /// The short form of your peer ID.
    public var shortID: String
    /// Your key's fingerprint (shown beside a peer's when verifying it).
    public var fingerprint = ""
    /// The workspace shown: its name, and `lan` or its ID.
    public var workspace = "lan"
    public var workspaceID = "lan"
    /// Every channel and note held, of every workspace (the panes list the shown one's).
    var everyChannel: [ChannelRow] = []
    var everyNote: [NoteRow] = []
    /// The workspaces this peer is in, and invitations already asked about.
    public var workspaces: [WorkspaceSummary] = []
    var invitationsAsked: Set<String> = []
    /// New keys whose key change was already put to the user (their IDs).
    var keyChangesAsked: Set<String> = []
    /// The name of the channel or conversation shown in the chat pane.
    public var channel = "#general"
    /// Its document ID.
    public var channelDocument = DocumentID.general
    /// Its messages, oldest first (the latest few hundred).
    public var messages: [ChatRow] = []
    /// How many lines the chat is scrolled up from the newest.
    public var chatScroll = 0
    /// The message picked in the chat pane (Up from an empty input line), by ID: `e` edits it,
    /// `d` deletes it, Enter shows its earlier texts.
    public var chatSelection: String?
    /// The thread shown in the chat pane instead of the whole chat, by its first message's
    /// ID (`t` on a picked message; Esc goes back): that message and the replies to it.
    public var thread: String?
    /// What `/search` found, shown in the chat pane instead of the chat (Esc closes it).
    public var search: SearchView?
    /// What the input line is writing about a picked message (an edit, a reply, a reaction):
    /// Enter sends it, Esc cancels.
    public var composing: Composing?
    /// Channels and direct conversations, with unread counts.
    public var channels: [ChannelRow] = []
    /// The highlighted row of the channels pane.
    public var channelSelection = 0
    /// Notes, with who edited last.
    public var notes: [NoteRow] = []
    /// Whether a mention rings the terminal bell.
    public var bell = true
    /// Whether mentions and direct messages raise a desktop notification.
    public var notify = false
    /// Your presence as teammates see it (`/away`, `/here`, `/dnd`).
    public var presence = Presence.here
    /// Whether `presence` is the away set after `awayAfterSeconds` without a key (the next key ends it).
    public var automaticallyAway = false
    /// Seconds without a key before you show away; 0 never (the config's `away_after_minutes`).
    public var awayAfterSeconds = 600
    /// When a key or the mouse was last used.
    public var lastInputAt: Date?
    /// Who types in each chat now (nicknames; sanitised when drawn).
    public var typing: [DocumentID: [String]] = [:]
    /// Do not disturb (`/dnd`): no bell and no desktop notification until `/dnd` again.
    public var doNotDisturb: Bool {
        get { presence.availability == .doNotDisturb }
        set { presence = newValue ? Presence(availability: .doNotDisturb, text: presence.text) : .here }
    }
    /// Whether `y` copies a picked message to the terminal's clipboard (OSC 52).
    public var copiesToClipboard = true
    /// File transfers, newest first.
    public var transfers: [TransferInfo] = []
    /// The highlighted row of the transfers pane.
    public var transferSelection = 0
    /// The highlighted row of the peers pane (the peer dropped files go to, once picked).
    public var peerSelection = 0
    /// Whether the user picked a peer in the peers pane (before that, a drop in a channel asks
    /// whom to send to).
    public var peerPicked = false
    /// Files dropped on the terminal, waiting for the user to say whether to send them.
    public var pendingDrop: DroppedFiles?
    /// Questions waiting for an answer; the first is shown and takes the keys.
    public var modals: [Modal] = []
    /// The time, set by the main loop before each action (tests set it): the reducer reads no
    /// clock of its own.
    public var now = Date(timeIntervalSince1970: 0)
    /// The question on screen and since when: keys typed in the first moment after a dialog
    /// opens were meant for what was there before, and are ignored.
    var shownModal: ShownModal?
    /// A changed key's verification waits for its second, deliberate step.
    var confirmingVerify = false
    /// A Tab completion in progress: repeated Tabs cycle through its candidates.
    public var completion: Completion?
    /// The note open in the editor (it takes the chat pane's place), if any.
    public var editor: NoteEditorState?
    /// What was last cut or copied in a note (huddle's own clipboard).
    public var clipboard = ""
    /// Notes teammates changed since you last had them open (document ID: who, how many edits).
    public var noteActivity: [DocumentID: Int] = [:]
    /// The highlighted row of the notes pane.
    public var noteSelection = 0
    /// The pane with the focus.
    public var focus: Pane = .chat
    /// The input line under the chat.
    public var input = LineEditor()
    /// The message in the status bar, if any.
    public var status: StatusMessage?
    /// Whether the help overlay is open.
    public var showsHelp = false {
        didSet { if !showsHelp { helpScroll = 0 } }
    }
    /// How many lines the help overlay is scrolled down (Up/Down, PgUp/PgDn, Home/End).
    public var helpScroll = 0
    /// The colours in use.
    public var theme: Theme
    /// How wide the terminal draws each grapheme (learnt at start): what every layout of
    /// the screen measures with.
    public var widths = WidthModel.assumed
    /// Set once the user asked to quit.
    public var quitting = false
    /// Teammates, as the peer reports them (online first).
    public var peers: [PeerRow] = []
    /// Whether this TUI's peer looks for teammates on the LAN (mDNS).
    public var discovering = false

    /// Lines huddle itself wrote into the chat pane (joins, leaves, command results), oldest first.
    public var notices: [String] { messages.filter(\.isNotice).map(\.body) }

    /// Adds a line of huddle's own to the chat pane, after the messages shown so far.
    public mutating func notice(_ text: String) {
        noticeCount += 1
        messages.append(ChatRow(id: "notice-\(noticeCount)", nickname: "", colorKey: "", body: text, clock: "", isNotice: true))
        if messages.count > Self.maxMessages { messages.removeFirst(messages.count - Self.maxMessages) }
    }

    /// Notices written so far (their IDs).
    var noticeCount = 0

    /// Most messages kept for the chat pane.
    public static let maxMessages = 500

    /// The state at start-up.
    public init(size: TerminalSize, nickname: String, shortID: String, theme: Theme) {
        self.size = size
        self.nickname = nickname
        self.shortID = shortID
        self.theme = theme
    }
}

/// Files dropped on the terminal (a paste of paths), and to whom they would go.
public struct DroppedFiles: Equatable, Sendable {
    /// The absolute paths.
    public var paths: [String]
    /// What they are, e.g. `report.pdf (2.1 MB)`.
    public var summary: String
    /// The peer they go to (nickname), or nil if huddle has to ask.
    public var peer: String?
    /// The paste itself: back into the input line if the files are not sent.
    public var pasted = ""

    /// Files from their parts.
    public init(paths: [String], summary: String, peer: String?) {
        self.paths = paths
        self.summary = summary
        self.peer = peer
    }
}

/// A line for the status bar.
extension TUIState {
    /// How loudly the chat `document` asks for attention: as chosen, else its default.
    func notificationLevel(of document: DocumentID) -> NotificationLevel {
        everyChannel.first { $0.document == document }?.notifications ?? .default(for: document)
    }
}

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
    public var trust: PeerTrust
    /// Whether another peer goes by a nickname that looks like this one's (shown with the
    /// short ID and a warning mark).
    public var lookAlike = false
    /// The short ID of the workspace member whose nickname this peer (no member, not
    /// verified) claims: a new device or an impostor.
    public var claimsNameOf: String?
    /// Its whole ID, its key's fingerprint and your pair's safety code, once a session showed
    /// its key.
    public var id: String?
    public var fingerprint: String?
    public var safetyCode: String?
    /// What it says of its presence, while in session.
    public var presence: Presence?

    /// A row.
    public init(shortID: String, nickname: String, online: Bool, trust: PeerTrust) {
        self.shortID = shortID
        self.nickname = nickname
        self.online = online
        self.trust = trust
    }
}

/// What the input line writes about a picked message, instead of a new message.
public enum Composing: Equatable, Sendable {
    /// The new text of your message `id`.
    case edit(id: String)
    /// An answer to message `id` by `nickname`.
    case reply(id: String, nickname: String)
    /// A reaction (an emoji) to message `id`.
    case react(id: String)

    /// The message it is about.
    var messageID: String {
        switch self {
        case let .edit(id), let .reply(id, _), let .react(id): id
        }
    }

    /// What the status bar says while it is written.
    var hint: String {
        switch self {
        case .edit: "editing your message: Enter saves, Esc cancels"
        case let .reply(_, nickname): "replying to \(TerminalText.sanitized(nickname)): Enter sends, Esc cancels"
        case .react: "type an emoji to react with: Enter adds it, Esc cancels"
        }
    }
}

extension TUIState {
    /// The messages the chat pane shows: the whole chat, or the open thread (its first message
    /// and every reply under it, at any depth).
    var shownMessages: [ChatRow] {
        guard let thread else { return messages }
        var members: Set<String> = [thread]
        return messages.filter { row in
            guard row.id == thread || row.replyTo.map(members.contains) == true else { return false }
            members.insert(row.id)
            return true
        }
    }
}
