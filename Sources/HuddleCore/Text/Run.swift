/// A packed item identifier inside one document: local replica index (high 32 bits) and seq.
typealias PackedID = UInt64

/// The packed identifier that means "no item" (the start or end of the document).
let noItem: PackedID = .max

@inline(__always) func pack(_ agent: UInt32, _ seq: UInt32) -> PackedID {
    PackedID(agent) << 32 | PackedID(seq)
}
@inline(__always) func agentOf(_ id: PackedID) -> UInt32 { UInt32(truncatingIfNeeded: id >> 32) }
@inline(__always) func seqOf(_ id: PackedID) -> UInt32 { UInt32(truncatingIfNeeded: id) }

/// A run of characters inserted one after another by one replica, with consecutive seqs.
///
/// The first item has the origins `left` and `right`; every later item has the previous item as
/// its left origin and shares `right`. All items of a run are either visible or deleted. The
/// characters themselves live in the document's content arena from `content` on.
struct Run: Equatable {
    var agent: UInt32
    var seq: UInt32
    var len: UInt32
    var deleted: Bool
    var content: UInt32
    var left: PackedID
    var right: PackedID

    /// Visible characters in the run.
    @inline(__always) var vis: Int { deleted ? 0 : Int(len) }

    /// The identifier of the item at `offset`.
    @inline(__always) func id(_ offset: UInt32) -> PackedID { pack(agent, seq &+ offset) }

    /// Whether `seq` falls in the run.
    @inline(__always) func contains(seq s: UInt32) -> Bool { s >= seq && s - seq < len }

    /// The items from `offset` on, as a run of their own.
    func suffix(from offset: UInt32) -> Run {
        Run(agent: agent, seq: seq + offset, len: len - offset, deleted: deleted,
            content: content + offset, left: id(offset - 1), right: right)
    }

    /// Whether `next` continues this run exactly, so the two can be one run.
    @inline(__always) func canAppend(_ next: Run) -> Bool {
        next.agent == agent && next.seq == seq &+ len && next.deleted == deleted
            && next.content == content &+ len && next.left == id(len - 1) && next.right == right
    }

    static let placeholder = Run(agent: 0, seq: 0, len: 0, deleted: true, content: 0, left: noItem, right: noItem)
}
