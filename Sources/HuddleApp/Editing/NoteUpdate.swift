import HuddleCore

/// What changed in a note, for an editor that mirrors it: apply `patches` in order to the
/// text from the previous update (or from ``NoteView``), then put the caret at `caret`.
public struct NoteUpdate: Equatable, Sendable {
    /// The note.
    public var document: DocumentID
    /// Who changed it (nickname), you included.
    public var editor: String
    /// What became visible, in scalar offsets, in the order it happened.
    public var patches: [TextPatch]
    /// The caret (scalar offset) of each client that has the note open.
    public var carets: [EditorClient: Int]
    /// Teammates who have the note open, and where their carets are (after the patches).
    public var others: [RemoteCaret]

    /// An update from its parts.
    public init(document: DocumentID, editor: String, patches: [TextPatch], carets: [EditorClient: Int], others: [RemoteCaret] = []) {
        self.document = document
        self.editor = editor
        self.patches = patches
        self.carets = carets
        self.others = others
    }

    /// `client`'s caret, if it has the note open.
    public func caret(of client: EditorClient) -> Int? { carets[client] }
}

/// A teammate's caret in a note you have open.
public struct RemoteCaret: Equatable, Sendable {
    /// Their nickname (sanitise before showing) and short peer ID (for their colour).
    public var nickname: String, shortID: String
    /// Where their caret is (scalar offset).
    public var offset: Int
    /// What they have selected, if anything.
    public var selection: Range<Int>?

    /// A caret from its parts.
    public init(nickname: String, shortID: String, offset: Int, selection: Range<Int>? = nil) {
        self.nickname = nickname
        self.shortID = shortID
        self.offset = offset
        self.selection = selection
    }
}

/// A note opened for editing: its whole text once, then ``NoteUpdate``s.
public struct NoteView: Equatable, Sendable {
    /// The note and its name.
    public var document: DocumentID, name: String
    /// The text now.
    public var text: String
    /// Your caret (scalar offset).
    public var caret: Int
    /// Teammates who have it open, and their carets.
    public var others: [RemoteCaret]

    /// A view from its parts.
    public init(document: DocumentID, name: String, text: String, caret: Int, others: [RemoteCaret] = []) {
        self.document = document
        self.name = name
        self.text = text
        self.caret = caret
        self.others = others
    }
}

/// What an editor asks of an open note: typing and deleting happen at your caret, which stays
/// on its character while teammates type.
public enum NoteInput: Equatable, Sendable {
    /// Insert text at the caret (a newline is `"\n"`).
    case type(String)
    /// Delete the character before the caret (Backspace).
    case deleteBackward
    /// Delete the character after the caret (Delete).
    case deleteForward
    /// Put the caret at a scalar offset (arrows, Home, End, clicks).
    case moveCaret(Int)
    /// Delete a stretch (a selection cut or typed over); the caret goes to its start.
    case deleteRange(Range<Int>)
    /// Where your selection starts (nil: none), so teammates see it.
    case selectFrom(Int?)
    /// Take back your last edit (never a teammate's text), or redo what was taken back.
    case undo, redo
}
