import Foundation
import GRDB
import HuddleCore

/// A run of signed changes by one author, as the store keeps it (`changeRun` table).
public struct StoredRun: Equatable, Sendable {
    /// The row ID: the order runs were stored in, which is an order they can be applied in.
    public var id: Int64
    /// The author.
    public var author: ReplicaID
    /// The first seq of the first change and the last seq of the last.
    public var startSeq: UInt64, endSeq: UInt64
    /// The encoded `ChangeRun`.
    public var run: [UInt8]
    /// The link of the last change.
    public var head: ChainLink

    /// A run to store; `id` is set when it is stored.
    public init(id: Int64 = 0, author: ReplicaID, startSeq: UInt64, endSeq: UInt64, run: [UInt8], head: ChainLink) {
        self.id = id
        self.author = author
        self.startSeq = startSeq
        self.endSeq = endSeq
        self.run = run
        self.head = head
    }

    init(row: Row) throws(StoreError) {
        let authorBytes: [UInt8] = Array(row["author"] as Data)
        let headBytes: Data = row["head"]
        let runBytes: Data = row["run"]
        guard let author = ReplicaID(bytes: authorBytes), let head = ChainLink(bytes: Array(headBytes)) else {
            throw .failed("a stored change run is damaged (row \(row["id"] as Int64? ?? -1))")
        }
        id = row["id"]
        self.author = author
        startSeq = UInt64(row["startSeq"] as Int64)
        endSeq = UInt64(row["endSeq"] as Int64)
        run = Array(runBytes)
        self.head = head
    }
}

/// The latest stored change of one author in one document: where its chain continues.
public struct ChainHead: Equatable, Sendable {
    /// The last seq stored.
    public var seq: UInt64
    /// The link of the change that ends there.
    public var link: ChainLink

    /// A head from its parts.
    public init(seq: UInt64, link: ChainLink) {
        self.seq = seq
        self.link = link
    }
}
