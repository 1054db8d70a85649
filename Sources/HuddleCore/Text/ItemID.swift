/// The identity of one inserted character: its author and the seq of the operation inserting it.
public struct ItemID: Hashable, Sendable, CustomStringConvertible {
    /// The replica that inserted the character.
    public let replica: ReplicaID
    /// The operation's sequence number at that replica (from 1).
    public let seq: UInt64

    /// An identifier from its parts.
    public init(replica: ReplicaID, seq: UInt64) {
        self.replica = replica
        self.seq = seq
    }

    /// `replica@seq`.
    public var description: String { "\(replica)@\(seq)" }
}
