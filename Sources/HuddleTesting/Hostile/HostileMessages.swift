import HuddleCore
import HuddleNet

/// What a hostile peer sends, made with its own key: each attack of the hardening issue as
/// sync messages under the frame limit. Used by the tests and by `huddle-bench hostile`.
public enum HostileMessages {
    /// `changes` signed by `author` as one chain from the start, in batches of `perBatch`.
    public static func chain(_ changes: [[UInt8]], in document: DocumentID, by author: DeviceIdentity,
                             perBatch: Int = 500) throws -> [SyncMessage] {
        var previous = ChainLink.origin
        var entries: [ChangeRun.Entry] = []
        for change in changes {
            let signed = try SignedChange(signing: change, in: document.description, after: previous, by: author)
            previous = signed.link(after: previous)
            entries.append(.init(change: signed.change, signature: signed.signature))
        }
        return stride(from: 0, to: entries.count, by: perBatch).map { start in
            let run = ChangeRun(authorKey: author.publicKey, entries: Array(entries[start..<min(start + perBatch, entries.count)]))
            return .changes(ChangeBatch(document: document, runs: [run.encoded()]))
        }
    }

    /// A note change by `author` (its first) that inserts four scalars and deletes them four
    /// times over, 2^30 seqs each time: 2^32 seqs for one small change.
    public static func seqInflation(by author: DeviceIdentity, in note: DocumentID) throws -> [SyncMessage] {
        var w = ByteWriter()
        w.byte(0x54); w.byte(1); w.replica(author.peerID.replicaID); w.varint(UInt64(1))
        w.varint(UInt64(0))
        w.varint(UInt64(5))
        w.byte(6); w.varint(UInt64(4))
        for round in 0..<4 {
            let at = UInt64(5 + round * (1 << 30))
            w.byte(13); w.varint(UInt64(1 << 30)); w.varint(at - 2)
        }
        w.lengthPrefixed(Array("abcd".utf8))
        return try chain([w.bytes], in: note, by: author)
    }

    /// A post by `author` (its first) whose chat clock is 2^62, the largest there is.
    public static func lamportJump(by author: DeviceIdentity) throws -> [SyncMessage] {
        let jump = ChatChange(author: author.peerID.replicaID, startSeq: 1, dependencies: [],
                              operations: [.post(body: "tick", wallTime: 0)], lamports: [DecodeLimits.maxLamport])
        return try chain([jump.encoded], in: .general, by: author)
    }

    /// A page of a SyncState naming `count` notes nobody has, each with three made-up authors.
    public static func stateFlood(page: Int, count: Int = 1000, complete: Bool = false) throws -> SyncMessage {
        let authors = (0..<3).map { _ in DeviceIdentity().peerID.replicaID }
        let documents = try (0..<count).map { index in
            DocumentState(document: try DocumentID.note("n\(page)-\(index)-" + String(repeating: "x", count: 40)),
                          version: VersionVector(Dictionary(uniqueKeysWithValues: authors.map { ($0, UInt64(index + 1)) })))
        }
        return .state(SyncState(documents: documents, complete: complete))
    }

    /// Posts to `#general` by `count` throwaway authors, one each, in batches of 500 runs.
    public static func throwawayAuthors(_ count: Int, tag: String = "spam") throws -> [SyncMessage] {
        var runs: [[UInt8]] = []
        for index in 0..<count {
            let author = DeviceIdentity()
            var log = ChatLog(replica: author.peerID.replicaID)
            let post = try log.post(body: "\(tag) \(index)", wallTime: 0)
            runs.append(ChangeRun(try SignedChange(signing: post.encoded, in: DocumentID.general.description, after: .origin, by: author)).encoded())
        }
        return stride(from: 0, to: runs.count, by: 500).map { .changes(ChangeBatch(document: .general, runs: Array(runs[$0..<min($0 + 500, runs.count)]))) }
    }

    /// `count` posts by `author` to `#general` that each follow a change of a ghost author
    /// nobody has: they can never apply. 900-byte bodies.
    public static func neverApplying(_ count: Int, by author: DeviceIdentity) throws -> [SyncMessage] {
        let ghost = DeviceIdentity().peerID.replicaID
        let body = String(repeating: "w", count: 900)
        let changes = (1...count).map { seq in
            ChatChange(author: author.peerID.replicaID, startSeq: UInt64(seq), dependencies: [Dependency(replica: ghost, seq: 7)],
                       operations: [.post(body: body, wallTime: 0)], lamports: [UInt64(seq + 10)]).encoded
        }
        return try chain(changes, in: .general, by: author)
    }

    /// A complete SyncState that says its sender holds nothing of `#general`.
    public static var emptyState: SyncMessage {
        .state(SyncState(documents: [DocumentState(document: .general, version: VersionVector())], complete: true))
    }
}
