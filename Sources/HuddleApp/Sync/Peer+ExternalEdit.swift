import HuddleCore

extension Peer {
    /// The text of an open note to hand to an external editor (`$EDITOR`); the note as it is
    /// now is kept, so what the editor changes can be merged with what teammates type meanwhile.
    public func beginExternalEdit(_ document: String) throws(PeerError) -> String {
        guard let note = replicas[document]?.note else { throw .noSuchDocument(document) }
        externalSnapshots[document] = note
        return note.text
    }

    /// Applies what an external editor made of the text from ``beginExternalEdit(_:)``: the
    /// changed stretch (between the common start and end) is replaced, deleting only the
    /// characters that were there when the editor started, so teammates' text typed meanwhile
    /// stays. Returns whether anything changed.
    @discardableResult
    public func finishExternalEdit(_ document: String, edited: String) throws(PeerError) -> Bool {
        guard let snapshot = externalSnapshots.removeValue(forKey: document), let note = replicas[document]?.note,
              case let .note(_, name) = replicas[document]!.id else { throw .noSuchDocument(document) }
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
            let anchor = snapshot.anchor(at: index, side: .before)
            guard let offset = note.position(of: anchor), let item = anchor.item,
                  note.position(of: Anchor(item: item, side: .after)) == offset + 1 else { continue }
            offsets.append(offset)
        }
        let insertAt = note.position(of: snapshot.anchor(at: prefix, side: .after)) ?? min(prefix, note.count)
        var edits = offsets.sorted(by: >).map { NoteEdit(replacing: $0..<($0 + 1), with: "") }
        let shiftedInsert = insertAt - offsets.filter { $0 < insertAt }.count
        if !inserted.isEmpty { edits.append(NoteEdit(replacing: shiftedInsert..<shiftedInsert, with: String(inserted))) }
        try editNote(name, edits: edits)
        return true
    }
}
