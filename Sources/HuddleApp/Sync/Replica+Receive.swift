import Foundation
import HuddleCore
import HuddleStore

/// What became of a run received from a peer.
struct Reception: Sendable {
    /// The authentic changes that applied, to store and relay, as runs per author (the
    /// received author's, and any other author's changes that were waiting for them).
    var accepted: [StoredRun] = []
    /// What the accepted changes made visible.
    var visible = Visible()
    /// Changes are missing: the run starts after changes this peer lacks, or some of it waits
    /// for changes of other authors. Ask the sender (with a SyncState).
    var gap = false
    /// Why (part of) the run was refused: a forged, altered or malformed change, or no room
    /// to wait.
    var refusal: String?
    /// How many changes were refused.
    var refusedCount = 0
    /// The last change of the run that this document already stores (skipped): compared with
    /// the stored one, it tells a fork (the same seqs written twice) from a duplicate.
    var overlap: (startSeq: UInt64, change: [UInt8])?
    /// The seq at which the run's first new change failed to continue the author's stored
    /// chain: a fork (the author wrote the seqs before it again) or a forgery.
    var discontinuity: UInt64?
}

extension Replica {
    /// Checks and applies a run of signed changes received from `sender` at `now`.
    ///
    /// Changes this document already holds (or holds waiting) are skipped; the rest must
    /// continue the author's chain, carry the author's valid signature (one check vouches for
    /// the run), name the key's owner as author, and apply to the CRDT. A change whose
    /// dependencies are not held yet waits in ``pending``, with the rest of its author's
    /// chain, and is stored only once it applies; changes of any author that were waiting for
    /// what applied are applied and stored too. The longest prefix that passes is accepted;
    /// the rest is refused and reported.
    mutating func receive(_ run: ChangeRun, from sender: PeerID, at now: Date) -> Reception {
        var reception = Reception()
        guard run.authorKey.count == 32 else {
            reception.refusal = "a change run with a malformed author key"
            reception.refusedCount = run.entries.count
            return reception
        }
        let authorPeer = PeerID(publicKey: run.authorKey)
        let author = authorPeer.replicaID
        guard id.admitsDirectly(authorPeer) else {
            reception.refusal = "changes by \(authorPeer.short), who may not write to \(id)"
            reception.refusedCount = run.entries.count
            return reception
        }
        let expired = pending.expire(before: now.addingTimeInterval(-PendingChanges.expiry))
        if expired > 0 { reception.gap = true }
        let head = heads[author] ?? ChainHead(seq: 0, link: .origin)
        let waitingTail = pending.last(of: author)
        let held = waitingTail?.change.endSeq ?? head.seq
        var fresh: [(entry: ChangeRun.Entry, change: AnyChange)] = []
        var expectedStart = held + 1
        for (index, entry) in run.entries.enumerated() {
            let change: AnyChange
            do {
                change = try AnyChange(decoding: entry.change, for: id)
            } catch {
                reception.refusal = "a malformed change (\(error))"
                reception.refusedCount = run.entries.count - index
                break
            }
            guard change.author == author else {
                reception.refusal = "a change naming another author than the key that signed it"
                reception.refusedCount = run.entries.count - index
                break
            }
            if change.endSeq <= held { // already held, or waiting
                if change.endSeq <= head.seq { reception.overlap = (change.startSeq, entry.change) }
                continue
            }
            guard change.startSeq == expectedStart else {
                if fresh.isEmpty && change.startSeq > expectedStart {
                    reception.gap = true
                } else {
                    reception.refusal = "changes out of their author's order"
                    reception.refusedCount = run.entries.count - index
                }
                break
            }
            fresh.append((entry, change))
            expectedStart = change.endSeq + 1
        }
        guard !fresh.isEmpty else { return reception }
        let candidate = ChangeRun(authorKey: run.authorKey, entries: fresh.map(\.entry))
        let verification = candidate.verify(document: key, author: author, after: waitingTail?.link ?? head.link)
        if let failure = verification.failure {
            reception.refusal = "a change whose signature does not hold (\(failure))"
            reception.refusedCount += fresh.count - verification.accepted
            if failure == .badSignature, verification.accepted == 0, waitingTail == nil { reception.discontinuity = head.seq + 1 }
        }
        var applied: [(entry: ChangeRun.Entry, change: AnyChange, link: ChainLink)] = []
        // Behind changes that wait, the author's chain waits too.
        var waits = waitingTail != nil
        for (index, item) in fresh.prefix(verification.accepted).enumerated() {
            let link = verification.links[index]
            if !waits && canApplyNow(item.change) {
                do {
                    try apply(item.change, into: &reception.visible)
                } catch {
                    reception.refusal = "a change that does not apply (\(error))"
                    reception.refusedCount += verification.accepted - index
                    break
                }
                applied.append((item.entry, item.change, link))
                continue
            }
            waits = true
            reception.gap = true
            guard pending.append(PendingChange(entry: item.entry, change: item.change, link: link, sender: sender, since: now),
                                 by: author, key: run.authorKey) else {
                reception.refusal = "no room to hold more changes that wait for others (\(PendingChanges.maxBytes >> 20) MiB)"
                reception.refusedCount += verification.accepted - index
                break
            }
        }
        reception.accepted += accept(applied, by: author, key: run.authorKey)
        reception.accepted += applyWaiting(into: &reception)
        return reception
    }

    /// Applies the waiting changes that can apply now, in their authors' order, until none
    /// can; returns them as runs to store.
    mutating func applyWaiting(into reception: inout Reception) -> [StoredRun] {
        var runs: [StoredRun] = []
        var batch: [(entry: ChangeRun.Entry, change: AnyChange, link: ChainLink)] = []
        var batchAuthor: (id: ReplicaID, key: [UInt8])?
        func flush() {
            if let owner = batchAuthor { runs += accept(batch, by: owner.id, key: owner.key) }
            batch = []
            batchAuthor = nil
        }
        // Set aside while its changes apply, so the checks can read the document.
        var waiting = pending
        pending = PendingChanges()
        defer { pending = waiting }
        while let ready = waiting.takeReady({ canApplyNow($0) }) {
            do {
                try apply(ready.change.change, into: &reception.visible)
            } catch {
                reception.refusal = "a change that waited does not apply (\(error))"
                reception.refusedCount += 1 + waiting.drop(ready.author)
                continue
            }
            if batchAuthor?.id != ready.author { flush() }
            batchAuthor = (ready.author, ready.key)
            batch.append((ready.change.entry, ready.change.change, ready.change.link))
        }
        flush()
        return runs
    }

    /// Moves `author`'s chain head past `applied` and returns them as a run to store.
    private mutating func accept(_ applied: [(entry: ChangeRun.Entry, change: AnyChange, link: ChainLink)],
                                 by author: ReplicaID, key: [UInt8]) -> [StoredRun] {
        guard let first = applied.first, let last = applied.last else { return [] }
        heads[author] = ChainHead(seq: last.change.endSeq, link: last.link)
        return [StoredRun(author: author, startSeq: first.change.startSeq, endSeq: last.change.endSeq,
                          run: ChangeRun(authorKey: key, entries: applied.map(\.entry)).encoded(), head: last.link)]
    }
}
