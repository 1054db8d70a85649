/// For each replica, the highest sequence number up to which all of its operations are known.
///
/// Sequence numbers start at 1; a replica that is absent (or maps to 0) contributed nothing.
/// Every operation of a replica takes the next sequence number, so a version says exactly which
/// operations a document holds.
public struct VersionVector: Hashable, Sendable, CustomStringConvertible {
    /// The entries; replicas with seq 0 are never stored.
    public private(set) var entries: [ReplicaID: UInt64] = [:]

    /// The empty version: nothing known.
    public init() {}

    /// A version from a dictionary (zero entries are dropped).
    public init(_ entries: [ReplicaID: UInt64]) {
        for (replica, seq) in entries where seq > 0 { self.entries[replica] = seq }
    }

    /// The highest contiguous sequence number known for `replica` (0 if none).
    public subscript(replica: ReplicaID) -> UInt64 {
        get { entries[replica] ?? 0 }
        set { entries[replica] = newValue == 0 ? nil : newValue }
    }

    /// Whether this version holds every operation that `other` holds.
    public func includes(_ other: VersionVector) -> Bool {
        other.entries.allSatisfy { self[$0.key] >= $0.value }
    }

    /// Whether the operation `seq` of `replica` is included.
    public func includes(_ replica: ReplicaID, _ seq: UInt64) -> Bool { self[replica] >= seq }

    /// The pointwise maximum of two versions.
    public func merged(with other: VersionVector) -> VersionVector {
        var out = self
        out.merge(other)
        return out
    }

    /// Raises each entry to at least the entry of `other`.
    public mutating func merge(_ other: VersionVector) {
        for (replica, seq) in other.entries where seq > self[replica] { entries[replica] = seq }
    }

    /// Neither version includes the other.
    public func isConcurrent(with other: VersionVector) -> Bool {
        !includes(other) && !other.includes(self)
    }

    /// The total number of operations the version holds.
    /// This version's entries for the replicas `other` names, and no others: what a claim
    /// says about authors known here (a claim naming thousands of others costs nothing).
    public func restricted(to other: VersionVector) -> VersionVector {
        VersionVector(entries.filter { other.entries[$0.key] != nil })
    }

    public var operationCount: UInt64 { entries.values.reduce(0, &+) }

    /// Entries sorted by replica, e.g. `{r1: 3, r2: 5}`.
    public var description: String {
        "{" + entries.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ") + "}"
    }
}
