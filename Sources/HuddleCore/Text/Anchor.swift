/// A cursor or selection end tied to a character instead of an offset, so it stays on its
/// character while others type; it is portable between replicas.
public struct Anchor: Hashable, Sendable {
    /// Which side of the character the anchor sits on.
    public enum Side: Hashable, Sendable {
        /// Right after `item` (a caret after typed text): moves with text inserted before it.
        case after
        /// Right before `item`: text inserted at the anchor goes before it.
        case before
    }
    /// The character, or nil for the document's start (`.after`) or end (`.before`).
    public let item: ItemID?
    /// The side of the character.
    public let side: Side

    /// An anchor from its parts.
    public init(item: ItemID?, side: Side) {
        self.item = item
        self.side = side
    }
}

extension TextDocument {
    /// An anchor for the caret at scalar offset `position`: on the character before it (side
    /// `.after`), or with `side: .before` on the character after it. Offsets are clamped.
    public func anchor(at position: Int, side: Anchor.Side = .after) -> Anchor {
        let p = min(max(0, position), count)
        switch side {
        case .after:
            guard p > 0 else { return Anchor(item: nil, side: .after) }
            return Anchor(item: itemID(atVisible: p - 1), side: .after)
        case .before:
            guard p < count else { return Anchor(item: nil, side: .before) }
            return Anchor(item: itemID(atVisible: p), side: .before)
        }
    }

    /// The scalar offset of an anchor now. If its character was deleted, the offset where it
    /// was. Nil for a character this document does not have (yet).
    public func position(of anchor: Anchor) -> Int? {
        guard let item = anchor.item else { return anchor.side == .after ? 0 : count }
        guard let a = agents[item.replica], item.seq >= 1, item.seq <= UInt64(UInt32.max),
              let (leaf, r) = tree.locate(pack(a, UInt32(item.seq))) else { return nil }
        let run = tree.runs[tree.base(leaf) + r]
        let before = tree.counts(before: Cursor(leaf: leaf, run: r, offset: UInt32(item.seq) - run.seq)).vis
        return anchor.side == .after && !run.deleted ? before + 1 : before
    }

    /// The identifier of the visible character at scalar offset `p` (which must exist).
    func itemID(atVisible p: Int) -> ItemID {
        let c = tree.cursorAt(visible: p)
        let run = tree.runs[tree.base(c.leaf) + c.run]
        return ItemID(replica: replicas[Int(run.agent)], seq: UInt64(run.seq + c.offset))
    }
}
