import HuddleCore
import HuddleStore

extension Replica {
    /// Signs a change this peer just made (already applied to the CRDT) as the next link of
    /// its own chain, and returns the run to store and send.
    mutating func sign(_ changeBytes: [UInt8], startSeq: UInt64, endSeq: UInt64,
                       by identity: DeviceIdentity) throws(SignatureError) -> StoredRun {
        let me = identity.peerID.replicaID
        let head = heads[me] ?? ChainHead(seq: 0, link: .origin)
        let signed = try SignedChange(signing: changeBytes, in: key, after: head.link, by: identity)
        let link = signed.link(after: head.link)
        heads[me] = ChainHead(seq: endSeq, link: link)
        return StoredRun(author: me, startSeq: startSeq, endSeq: endSeq, run: ChangeRun(signed).encoded(), head: link)
    }
}
