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

    /// Checks a change's dependencies: sorted by replica, each once, never its own `author`
    /// (that would be a cycle), seqs in range.
    static func check(_ dependencies: [Dependency], of author: ReplicaID) throws(DecodeError) {
        var previous: ReplicaID?
        for dep in dependencies {
            if dep.replica == author { throw .dependencyCycle }
            if let p = previous, !(p < dep.replica) { throw .nonCanonical("dependencies not sorted") }
            guard dep.seq >= 1, dep.seq <= DecodeLimits.maxSeq else { throw .valueOutOfRange("dependency seq") }
            previous = dep.replica
        }
    }
}
