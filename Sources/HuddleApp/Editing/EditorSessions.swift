import HuddleCore

/// Who edits a note through the peer's editing API: the workspace's screen, or any other
/// client of the same peer (a script, a second editor). Each has its own caret, selection and
/// undo history in each note, so two clients never move each other's caret or undo each
/// other's steps. (The control socket's `note append` edits without a caret.)
public struct EditorClient: Hashable, Sendable, CustomStringConvertible {
    /// A name for the log.
    public let name: String

    /// A client called `name`.
    public init(_ name: String) { self.name = name }

    /// The workspace (the TUI) of this peer.
    public static let screen = EditorClient("screen")

    public var description: String { name }
}

/// One client's editing state in one open note.
struct EditorSession: Sendable {
    /// The caret, tied to its character.
    var caret: Anchor
    /// Where the selection starts, if there is one.
    var selectionStart: Anchor?
    /// The client's own edits, to take back and redo.
    var history = UndoHistory()
    /// The note as it was when handed to an external editor (`/edit`), to merge the result.
    var externalSnapshot: TextDocument?
}

/// The editor sessions of every client in every open note, keyed by (client, note).
struct EditorSessions: Sendable {
    private struct Key: Hashable, Sendable {
        var client: EditorClient
        var note: DocumentID
    }

    private var sessions: [Key: EditorSession] = [:]
    /// The client that acted last in each note: its caret is the one teammates see.
    private var lastActive: [DocumentID: EditorClient] = [:]

    /// `client`'s session in `note`, if it has the note open.
    subscript(client: EditorClient, note: DocumentID) -> EditorSession? {
        get { sessions[Key(client: client, note: note)] }
        set {
            sessions[Key(client: client, note: note)] = newValue
            if newValue != nil {
                lastActive[note] = client
            } else if lastActive[note] == client {
                lastActive[note] = sessions.keys.first { $0.note == note }?.client
            }
        }
    }

    /// Every client with `note` open, and its session.
    func clients(of note: DocumentID) -> [(client: EditorClient, session: EditorSession)] {
        sessions.filter { $0.key.note == note }.map { ($0.key.client, $0.value) }
    }

    /// Whether any client has `note` open.
    func isOpen(_ note: DocumentID) -> Bool { lastActive[note] != nil }

    /// The session whose caret teammates see in `note`: the client that acted last.
    func shown(in note: DocumentID) -> EditorSession? {
        lastActive[note].flatMap { self[$0, note] }
    }
}
