extension TextDocument {
    /// Merges a remote change and returns what became visible, in order.
    ///
    /// Applying a change twice, or one this document made, does nothing. A change whose
    /// dependencies are missing waits and is applied (with its patches returned then) by the
    /// `apply` call that brings the last of them. A refused change leaves the document as it was.
    public mutating func apply(_ change: Change) throws(TextError) -> [TextPatch] {
        do { try change.validate() } catch { throw .invalidChange(error) }
        return try applyValidated(change, reportPatches: true)
    }

    /// `apply` for a change that passed `validate()`; without `reportPatches` no patches are made.
    mutating func applyValidated(_ change: Change, reportPatches: Bool) throws(TextError) -> [TextPatch] {
        if isKnown(change) { return [] }
        guard isReady(change) else {
            if waiting.contains(change) { return [] }
            guard waiting.add(change) else { throw .bufferFull }
            return []
        }
        var patches = try applyReady(change, reportPatches: reportPatches)
        guard !waiting.isEmpty else { return patches }
        // The room is set aside while its changes apply, so the checks can read the document.
        var room = waiting
        waiting = WaitingRoom()
        while let next = room.takeReady(isHeld: { isKnown($0) }, isReady: { isReady($0) }) {
            // A waiting change that turns out to be inconsistent is dropped.
            if let more = try? applyReady(next, reportPatches: reportPatches) { patches += more }
        }
        waiting = room
        return patches
    }

    /// Whether `change` would apply now rather than wait: the author's earlier seqs and every
    /// dependency are held (or it is held already).
    public func canApplyNow(_ change: Change) -> Bool { isKnown(change) || isReady(change) }

    func knownSeq(_ id: ReplicaID) -> UInt64 {
        guard let a = agents[id] else { return 0 }
        return UInt64(known[Int(a)])
    }

    func isKnown(_ change: Change) -> Bool { knownSeq(change.author) >= change.endSeq }

    func isReady(_ change: Change) -> Bool {
        knownSeq(change.author) + 1 >= change.startSeq
            && change.dependencies.allSatisfy { knownSeq($0.replica) >= $0.seq }
    }

    /// Applies a change whose dependencies are met, skipping operations already known.
    mutating func applyReady(_ change: Change, reportPatches: Bool = true) throws(TextError) -> [TextPatch] {
        var table: [UInt32] = []
        for i in 0...change.dependencies.count { table.append(agent(for: change.replica(atTable: UInt32(i)))) }
        return try applyReady(change, table: table, reportPatches: reportPatches)
    }

    /// `applyReady` with the change's replica table already mapped to local indices.
    mutating func applyReady(_ change: Change, table: [UInt32], reportPatches: Bool) throws(TextError) -> [TextPatch] {
        let a = table[0]
        // Our own identity's later operations from elsewhere (a device restored from a backup):
        // close the local run first, so the uncommitted operations stay one contiguous change.
        if a == 0 && !pending.ops.isEmpty { _ = commit() }
        func local(_ r: Ref) -> PackedID { r.isNone ? noItem : pack(table[Int(r.replica)], r.seq) }
        // Check that every item referred to from outside the change exists before changing anything.
        func check(_ r: Ref, _ n: UInt32) throws(TextError) {
            if r.isNone { return }
            // Items of the author inside this change were checked by `validate()`.
            let end = r.replica == 0 ? min(UInt64(r.seq) + UInt64(n), change.startSeq) : UInt64(r.seq) + UInt64(n)
            guard end > UInt64(r.seq) else { return }
            if let missing = tree.index[Int(table[Int(r.replica)])].firstMissing(in: r.seq..<UInt32(end)) {
                throw .unknownItem(ItemID(replica: change.replica(atTable: r.replica), seq: UInt64(missing)))
            }
        }
        guard tree.totalCount + change.content.count <= DecodeLimits.maxItemsPerDocument,
              operationCount + change.ops.count <= DecodeLimits.maxOperationsPerDocument else {
            throw .documentTooLarge
        }
        // An author deletes an item at most once, and only items this document holds (`check`),
        // so its deletes never outnumber the items: a change that would take more seqs for
        // deletes than that replays deletes to use up seqs and time.
        var newDeletes = 0
        var opStart = change.startSeq
        let held = UInt64(known[Int(a)])
        for op in change.ops {
            let opEnd = opStart + UInt64(op.count) - 1
            if op.isDelete {
                if held < opEnd { newDeletes += Int(opEnd - max(held, opStart - 1)) }
                try check(op.first, op.count)
            } else {
                try check(op.first, 1)
                try check(op.second, 1)
            }
            opStart = opEnd + 1
        }
        guard deletedItems[Int(a)] + newDeletes <= tree.totalCount + change.content.count else {
            throw .deletesExceedDocument
        }
        var patches: [TextPatch] = []
        var seq = UInt32(change.startSeq)
        var contentPos = 0
        for op in change.ops {
            let opStart = seq
            seq += op.count
            let skip = known[Int(a)] >= opStart ? min(op.count, known[Int(a)] - opStart + 1) : 0
            defer { if !op.isDelete { contentPos += Int(op.count) } }
            guard skip < op.count else { continue }
            if op.isDelete {
                let target = local(op.first)
                remoteDelete(agent: agentOf(target), seq: seqOf(target) + skip, count: op.count - skip,
                             patches: &patches, report: reportPatches)
            } else {
                let left = skip == 0 ? local(op.first) : pack(a, opStart + skip - 1)
                let text = change.content[(contentPos + Int(skip))..<(contentPos + Int(op.count))]
                integrate(agent: a, seq: opStart + skip, left: left, right: local(op.second), text: text,
                          patches: &patches, report: reportPatches)
            }
            known[Int(a)] = seq - 1
            if op.isDelete { deletedItems[Int(a)] += Int(op.count - skip) }
        }
        log.append(change)
        operationCount += change.ops.count
        return patches
    }
}
