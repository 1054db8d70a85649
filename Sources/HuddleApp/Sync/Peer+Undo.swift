import HuddleCore

/// One step of your own editing, held as anchors on characters, so it can be taken back
/// whatever teammates typed meanwhile: undoing an insert deletes only the characters you
/// inserted that are still there; undoing a delete puts the text back where it was.
enum UndoStep: Sendable {
    /// Characters you inserted (an anchor before each).
    case inserted([Anchor])
    /// Characters you deleted: their text and an anchor on where each was.
    case deleted([(text: String, at: Anchor)])
}

/// The undo and redo stacks of one open note.
struct UndoHistory: Sendable {
    var undo: [UndoStep] = []
    var redo: [UndoStep] = []
    /// The last step takes no more typing (the caret moved, or a word ended).
    var sealed = true
    /// Most steps kept.
    static let limit = 1000
}

extension Peer {
    /// Records typed text: a word typed key by key is one step.
    func recordTyping(in document: String, from start: Int, count: Int, wordEnds: Bool) {
        guard let note = replicas[document]?.note else { return }
        let anchors = (start..<(start + count)).map { note.anchor(at: $0, side: .before) }
        var history = undoHistory[document] ?? UndoHistory()
        if !history.sealed, case let .inserted(earlier)? = history.undo.last {
            history.undo[history.undo.count - 1] = .inserted(earlier + anchors)
        } else {
            history.undo.append(.inserted(anchors))
        }
        history.sealed = wordEnds
        history.redo = []
        if history.undo.count > UndoHistory.limit { history.undo.removeFirst() }
        undoHistory[document] = history
    }

    func record(_ step: UndoStep, in document: String) {
        var history = undoHistory[document] ?? UndoHistory()
        history.undo.append(step)
        history.sealed = true
        history.redo = []
        if history.undo.count > UndoHistory.limit { history.undo.removeFirst() }
        undoHistory[document] = history
    }

    /// What deleting the character at `offset` removes, to put it back later.
    func removal(in document: String, at offset: Int) -> (text: String, at: Anchor) {
        let note = replicas[document]!.note!
        return (note.scalars(in: offset..<(offset + 1)), note.anchor(at: offset, side: .before))
    }

    /// Takes back `step`; returns the step that takes this back (for redo or undo) and where
    /// the caret goes.
    func revert(_ step: UndoStep, in document: String, name: String) throws(PeerError) -> (UndoStep, Int?) {
        guard let note = replicas[document]?.note else { throw .noSuchDocument(name) }
        switch step {
        case let .inserted(anchors):
            // Only characters still there: a teammate may have deleted some already.
            var present: [(text: String, at: Anchor, offset: Int)] = []
            for anchor in anchors {
                guard let offset = note.position(of: anchor), let item = anchor.item,
                      note.position(of: Anchor(item: item, side: .after)) == offset + 1 else { continue }
                present.append((note.scalars(in: offset..<(offset + 1)), anchor, offset))
            }
            guard !present.isEmpty else { return (.deleted([]), nil) }
            let edits = present.sorted { $0.offset > $1.offset }.map { NoteEdit(replacing: $0.offset..<($0.offset + 1), with: "") }
            try editNote(name, edits: edits)
            return (.deleted(present.map { ($0.text, $0.at) }), present.map(\.offset).min())
        case let .deleted(items):
            // Deleted neighbours all sit at one offset now: keep their order (index breaks ties).
            let placed = items.enumerated().compactMap { index, item in
                note.position(of: item.at).map { (text: item.text, offset: $0, index: index) }
            }.sorted { ($0.offset, $0.index) < ($1.offset, $1.index) }
            guard !placed.isEmpty else { return (.inserted([]), nil) }
            // Insert from the end so earlier offsets stay right; then each lands shifted by
            // what was inserted before it.
            try editNote(name, edits: placed.reversed().map { NoteEdit(replacing: $0.offset..<$0.offset, with: $0.text) })
            guard let after = replicas[document]?.note else { return (.inserted([]), nil) }
            var shift = 0
            var anchors: [Anchor] = []
            var end = 0
            for item in placed {
                let start = item.offset + shift
                let length = item.text.unicodeScalars.count
                anchors += (start..<(start + length)).map { after.anchor(at: $0, side: .before) }
                shift += length
                end = start + length
            }
            return (.inserted(anchors), end)
        }
    }
}
