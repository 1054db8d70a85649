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

/// The undo and redo stacks of one client in one open note.
struct UndoHistory: Sendable {
    var undo: [UndoStep] = []
    var redo: [UndoStep] = []
    /// The last step takes no more typing (the caret moved, or a word ended).
    var sealed = true
    /// Most steps kept.
    static let limit = 1000

    /// Records typed characters (an anchor before each): a word typed key by key is one step.
    mutating func recordTyping(_ anchors: [Anchor], wordEnds: Bool) {
        if !sealed, case let .inserted(earlier)? = undo.last {
            undo[undo.count - 1] = .inserted(earlier + anchors)
        } else {
            undo.append(.inserted(anchors))
        }
        sealed = wordEnds
        redo = []
        trim()
    }

    /// Records a step that takes no more typing.
    mutating func record(_ step: UndoStep) {
        undo.append(step)
        sealed = true
        redo = []
        trim()
    }

    private mutating func trim() {
        if undo.count > Self.limit { undo.removeFirst() }
    }
}

extension TextDocument {
    /// What deleting the character at `offset` removes, to put it back later.
    func removal(at offset: Int) -> (text: String, at: Anchor) {
        (scalars(in: offset..<(offset + 1)), anchor(at: offset, side: .before))
    }

    /// Where the character an anchor sits before is now, if it is still there.
    func presentOffset(of anchor: Anchor) -> Int? {
        guard let offset = position(of: anchor), let item = anchor.item,
              position(of: Anchor(item: item, side: .after)) == offset + 1 else { return nil }
        return offset
    }
}
