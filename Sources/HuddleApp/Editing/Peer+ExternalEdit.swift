import HuddleCore

extension Peer {
    /// The text of an open note to hand to an external editor (`$EDITOR`); the note as it is
    /// now is kept, so what the editor changes can be merged with what teammates type meanwhile.
    public func beginExternalEdit(_ document: DocumentID, client: EditorClient = .screen) throws(PeerError) -> String {
        guard let note = sync.replicas[document]?.note else { throw .noSuchDocument(document.description) }
        var session = editors[client, document] ?? EditorSession(caret: note.anchor(at: note.count))
        session.externalSnapshot = note
        editors[client, document] = session
        return note.text
    }

    /// Applies what an external editor made of the text from ``beginExternalEdit(_:)``: the
    /// changed stretch (between the common start and end) is replaced, deleting only the
    /// characters that were there when the editor started, so teammates' text typed meanwhile
    /// stays. Returns whether anything changed.
    @discardableResult
    public func finishExternalEdit(_ document: DocumentID, edited: String, client: EditorClient = .screen) throws(PeerError) -> Bool {
        guard let snapshot = editors[client, document]?.externalSnapshot, let note = sync.replicas[document]?.note else {
            throw .noSuchDocument(document.description)
        }
        editors[client, document]?.externalSnapshot = nil
        let before = Array(snapshot.text.unicodeScalars), after = Array(edited.unicodeScalars)
        var prefix = 0
        while prefix < before.count, prefix < after.count, before[prefix] == after[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < before.count - prefix, suffix < after.count - prefix,
              before[before.count - 1 - suffix] == after[after.count - 1 - suffix] { suffix += 1 }
        let removed = prefix..<(before.count - suffix)
        var inserted = String.UnicodeScalarView()
        inserted.append(contentsOf: after[prefix..<(after.count - suffix)])
        guard !removed.isEmpty || !inserted.isEmpty else { return false }
        // Where the stretch is now: the characters of the snapshot that are still there.
        var offsets: [Int] = []
        for index in removed {
            if let offset = note.presentOffset(of: snapshot.anchor(at: index, side: .before)) { offsets.append(offset) }
        }
        // Text that starts a new line goes after whatever a teammate typed at the end of the
        // line it follows (that text belongs to the line); any other text goes where it was
        // typed, before what arrived there meanwhile.
        let startsLine = inserted.first == "\n" && removed.isEmpty
        let rightNeighbour = prefix < before.count ? note.position(of: snapshot.anchor(at: prefix, side: .before)) : note.count
        let insertAt = (startsLine ? rightNeighbour : nil)
            ?? note.position(of: snapshot.anchor(at: prefix, side: .after)) ?? min(prefix, note.count)
        var edits = offsets.sorted(by: >).map { NoteEdit(replacing: $0..<($0 + 1), with: "") }
        let shiftedInsert = insertAt - offsets.filter { $0 < insertAt }.count
        if !inserted.isEmpty { edits.append(NoteEdit(replacing: shiftedInsert..<shiftedInsert, with: String(inserted))) }
        try edit(document, edits)
        return true
    }
}
