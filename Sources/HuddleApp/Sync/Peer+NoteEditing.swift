import HuddleCore

extension Peer {
    /// Opens the note `name` for editing (`create`: made if missing): its text and your caret
    /// (at the end the first time). Later changes arrive as `.noteChanged` events.
    public func openNote(_ name: String, create: Bool = false) throws(PeerError) -> NoteView {
        let documentID: DocumentID
        do { documentID = try .note(name) } catch { throw .badName(error) }
        let key = documentID.description
        if replicas[key] == nil {
            guard create else { throw .noSuchDocument(name) }
            try self.create(documentID)
        }
        guard let note = replicas[key]?.note else { throw .noSuchDocument(name) }
        if carets[key] == nil { carets[key] = note.anchor(at: note.count) }
        return NoteView(document: key, name: name, text: note.text, caret: caret(in: key) ?? note.count)
    }

    /// Stops tracking your caret in a note.
    public func closeNote(_ document: String) {
        carets[document] = nil
    }

    /// Types, deletes or moves the caret in an open note: one signed change per edit, stored
    /// before the update is sent.
    public func noteInput(_ document: String, _ input: NoteInput) throws(PeerError) {
        guard let note = replicas[document]?.note, carets[document] != nil, case let .note(_, name) = replicas[document]!.id else {
            throw .noSuchDocument(document)
        }
        let at = caret(in: document) ?? note.count
        switch input {
        case let .type(text):
            guard !text.isEmpty else { return }
            try editNote(name, edits: [NoteEdit(replacing: at..<at, with: text)])
            setCaret(document, at: at + text.unicodeScalars.count)
        case .deleteBackward:
            guard at > 0 else { return }
            try editNote(name, edits: [NoteEdit(replacing: (at - 1)..<at, with: "")])
            setCaret(document, at: at - 1)
        case .deleteForward:
            guard at < note.count else { return }
            try editNote(name, edits: [NoteEdit(replacing: at..<(at + 1), with: "")])
            setCaret(document, at: at)
        case let .moveCaret(offset):
            setCaret(document, at: offset)
        }
        // The caret's final place (an edit's own update may have carried the old one).
        continuation.yield(.noteChanged(NoteUpdate(document: document, editor: profile.config.nickname, patches: [], caret: caret(in: document))))
    }

    /// Reports a change to a note, with the caret if an editor has it open.
    func noteChanged(_ document: String, patches: [TextPatch], editor: String) {
        continuation.yield(.noteChanged(NoteUpdate(document: document, editor: editor, patches: patches, caret: caret(in: document))))
    }

    func caret(in document: String) -> Int? {
        guard let anchor = carets[document], let note = replicas[document]?.note else { return nil }
        return note.position(of: anchor)
    }

    func setCaret(_ document: String, at offset: Int) {
        guard let note = replicas[document]?.note else { return }
        carets[document] = note.anchor(at: min(max(0, offset), note.count))
    }
}
