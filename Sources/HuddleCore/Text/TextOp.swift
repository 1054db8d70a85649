/// A reference from an operation to an item: an index into the change's replica table (0 is the
/// author, `i` is `dependencies[i - 1]`) and a seq. `Ref.none` means the document's start or end.
struct Ref: Hashable, Sendable {
    var replica: UInt32
    var seq: UInt32

    static let none = Ref(replica: .max, seq: 0)
    var isNone: Bool { replica == .max }
}

/// One operation of a text change, taking `count` consecutive seqs.
///
/// An insert puts `count` characters (the next `count` scalars of the change's content) between
/// `first` (left origin) and `second` (right origin); each later character's left origin is the
/// character before it. A delete removes the items `first.seq ..< first.seq + count` of
/// `first.replica`.
struct TextOp: Hashable, Sendable {
    var isDelete: Bool
    var count: UInt32
    var first: Ref
    var second: Ref
}

/// A public, read-only view of one operation of a `Change`.
public enum TextOperation: Hashable, Sendable {
    /// Insert `text` between the items `after` and `before` (nil: document start or end).
    case insert(after: ItemID?, before: ItemID?, text: String)
    /// Delete `count` items with consecutive seqs from `first` on.
    case delete(first: ItemID, count: Int)
}
