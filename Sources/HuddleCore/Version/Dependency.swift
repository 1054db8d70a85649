/// "All operations of `replica` up to `seq` must be applied first."
public struct Dependency: Hashable, Sendable {
    /// The replica depended on.
    public let replica: ReplicaID
    /// The highest of its sequence numbers that is needed.
    public let seq: UInt64

    /// A dependency on `replica` up to `seq`.
    public init(replica: ReplicaID, seq: UInt64) {
        self.replica = replica
        self.seq = seq
    }
}
