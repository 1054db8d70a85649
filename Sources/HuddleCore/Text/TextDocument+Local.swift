extension TextDocument {
    /// Inserts `text` at scalar offset `position` as a local edit.
    public mutating func insert(at position: Int, text: String) throws(TextError) {
        let n = count
        guard position >= 0, position <= n else { throw .positionOutOfRange(position, count: n) }
        var scalars = text.unicodeScalars.makeIterator()
        guard let firstScalar = scalars.next() else { return }
        let seq = known[0] &+ 1
        guard let k = UInt32(exactly: text.unicodeScalars.count), UInt64(seq) + UInt64(k) - 1 <= DecodeLimits.maxSeq else {
            throw .sequenceExhausted
        }
        guard pending.content.count + Int(k) <= DecodeLimits.maxScalarsPerChange,
              pending.ops.count < DecodeLimits.maxOperationsPerChange else { throw .changeTooLarge }
        guard tree.totalCount + Int(k) <= DecodeLimits.maxItemsPerDocument,
              operationCount + pending.ops.count < DecodeLimits.maxOperationsPerDocument else {
            throw .documentTooLarge
        }
        if pending.ops.isEmpty { pending.startSeq = seq }

        let cursor: Cursor
        if typing.generation == generation && typing.position == position {
            cursor = typing.cursor
        } else {
            cursor = tree.cursorAfter(visible: position)
        }
        let b = tree.base(cursor.leaf)
        let left: PackedID = position == 0 ? noItem : tree.runs[b + cursor.run].id(cursor.offset - 1)
        let right = tree.item(after: cursor)
        let contentStart = UInt32(arena.count)
        arena.append(firstScalar)
        while let s = scalars.next() { arena.append(s) }

        if position > 0, cursor.offset == tree.runs[b + cursor.run].len {
            let run = tree.runs[b + cursor.run]
            if run.agent == 0 && run.seq &+ run.len == seq && !run.deleted && run.right == right
                && run.content &+ run.len == contentStart {
                // Continuing a burst of typing: grow the run in place.
                tree.runs[b + cursor.run].len += k
                tree.index[0].set(seq..<(seq + k), leaf: cursor.leaf)
                tree.addCounts(cursor.leaf, vis: Int(k), tot: Int(k))
                typing = TypingCache(position: position + Int(k),
                                     cursor: Cursor(leaf: cursor.leaf, run: cursor.run, offset: run.len + k),
                                     generation: generation)
                recordInsert(seq: seq, count: k, left: left, right: right, contentStart: contentStart)
                return
            }
        }
        let run = Run(agent: 0, seq: seq, len: k, deleted: false, content: contentStart, left: left, right: right)
        let at = place(run, at: cursor, isStart: position == 0)
        typing = TypingCache(position: position + Int(k), cursor: Cursor(leaf: at.leaf, run: at.run, offset: k),
                             generation: generation)
        recordInsert(seq: seq, count: k, left: left, right: right, contentStart: contentStart)
    }

    /// Deletes the scalars in `range` as a local edit.
    public mutating func delete(range: Range<Int>) throws(TextError) {
        let n = count
        guard range.lowerBound >= 0, range.upperBound <= n else {
            throw .positionOutOfRange(range.upperBound, count: n)
        }
        guard !range.isEmpty else { return }
        guard UInt64(known[0]) + UInt64(range.count) <= DecodeLimits.maxSeq else { throw .sequenceExhausted }
        // Each run touched may need an operation of its own.
        guard pending.ops.count + min(range.count, tree.runCount) <= DecodeLimits.maxOperationsPerChange else {
            throw .changeTooLarge
        }
        guard operationCount + pending.ops.count + min(range.count, tree.runCount) <= DecodeLimits.maxOperationsPerDocument else {
            throw .documentTooLarge
        }
        if pending.ops.isEmpty { pending.startSeq = known[0] + 1 }
        var remaining = range.count
        while remaining > 0 {
            let c = tree.cursorAt(visible: range.lowerBound)
            let run = tree.runs[tree.base(c.leaf) + c.run]
            let k = min(UInt32(remaining), run.len - c.offset)
            recordDelete(target: run.id(c.offset), count: k)
            markDeleted(leaf: c.leaf, run: c.run, offset: c.offset, count: k)
            remaining -= Int(k)
        }
    }

    /// Inserts a new run at the place `c` (splitting the run there if needed); returns where it went.
    mutating func place(_ run: Run, at c: Cursor, isStart: Bool) -> (leaf: Int32, run: Int) {
        generation &+= 1
        let b = tree.base(c.leaf)
        let at: (leaf: Int32, run: Int)
        if isStart || c.run >= Int(tree.leafLen[Int(c.leaf)]) {
            at = tree.insertRun(run, leaf: c.leaf, at: c.run, indexedIn: -1)
        } else if c.offset == 0 {
            at = tree.insertRun(run, leaf: c.leaf, at: c.run, indexedIn: -1)
        } else if c.offset == tree.runs[b + c.run].len {
            at = tree.insertRun(run, leaf: c.leaf, at: c.run + 1, indexedIn: -1)
        } else {
            let tail = tree.runs[b + c.run].suffix(from: c.offset)
            tree.runs[b + c.run].len = c.offset
            let first = tree.insertRun(run, leaf: c.leaf, at: c.run + 1, indexedIn: -1)
            let t = tree.insertRun(tail, leaf: first.leaf, at: first.run + 1, indexedIn: c.leaf)
            // Inserting the tail may have split the leaf and moved the new run.
            at = t.run > 0 ? (t.leaf, t.run - 1) : (first.leaf, Int(tree.leafLen[Int(first.leaf)]) - 1)
            if first.leaf != at.leaf { tree.refresh(first.leaf) }
            if t.leaf != at.leaf { tree.refresh(t.leaf) }
        }
        if at.leaf != c.leaf { tree.refresh(c.leaf) }
        tree.refresh(at.leaf)
        return at
    }

    /// Marks `count` items of one run deleted, from `offset` on, splitting and re-joining runs.
    mutating func markDeleted(leaf: Int32, run r: Int, offset: UInt32, count k: UInt32) {
        generation &+= 1
        let b = tree.base(leaf)
        let run = tree.runs[b + r]
        let n = Int(tree.leafLen[Int(leaf)])
        // Backspace: the tail of a visible run joins the deleted run that continues it.
        if offset > 0, offset + k == run.len, !run.deleted, r + 1 < n {
            var next = tree.runs[b + r + 1]
            if next.deleted && run.canAppend(Run(agent: next.agent, seq: next.seq, len: next.len, deleted: false,
                                                 content: next.content, left: next.left, right: next.right)) {
                tree.runs[b + r].len = offset
                next.seq -= k
                next.content -= k
                next.len += k
                next.left = run.id(offset - 1)
                tree.runs[b + r + 1] = next
                tree.addCounts(leaf, vis: -Int(k), tot: 0)
                return
            }
        }
        // Delete key: the head of a visible run joins the deleted run before it.
        if offset == 0, k < run.len, !run.deleted, r > 0 {
            let previous = tree.runs[b + r - 1]
            var head = run
            head.len = k
            head.deleted = true
            if previous.canAppend(head) {
                tree.runs[b + r - 1].len += k
                tree.runs[b + r] = run.suffix(from: k)
                tree.addCounts(leaf, vis: -Int(k), tot: 0)
                return
            }
        }
        var at: (leaf: Int32, run: Int) = (leaf, r)
        var other: Int32 = leaf
        if offset == 0 && k == run.len {
            tree.runs[b + r].deleted = true
        } else if offset == 0 {
            tree.runs[b + r].len = k
            tree.runs[b + r].deleted = true
            let t = tree.insertRun(run.suffix(from: k), leaf: leaf, at: r + 1, indexedIn: leaf)
            at = t.run > 0 ? (t.leaf, t.run - 1) : (leaf, Int(tree.leafLen[Int(leaf)]) - 1)
            other = t.leaf
        } else {
            tree.runs[b + r].len = offset
            var mid = run.suffix(from: offset)
            mid.deleted = true
            if offset + k < run.len {
                mid.len = k
                let m = tree.insertRun(mid, leaf: leaf, at: r + 1, indexedIn: leaf)
                let t = tree.insertRun(run.suffix(from: offset + k), leaf: m.leaf, at: m.run + 1, indexedIn: leaf)
                at = t.run > 0 ? (t.leaf, t.run - 1) : (m.leaf, Int(tree.leafLen[Int(m.leaf)]) - 1)
                other = t.leaf
                if m.leaf != at.leaf && m.leaf != leaf { tree.refresh(m.leaf) }
            } else {
                at = tree.insertRun(mid, leaf: leaf, at: r + 1, indexedIn: leaf)
            }
        }
        tree.tryMerge(leaf: at.leaf, at: at.run)
        tree.tryMerge(leaf: at.leaf, at: at.run - 1)
        tree.refresh(leaf)
        if at.leaf != leaf { tree.refresh(at.leaf) }
        if other != leaf && other != at.leaf { tree.refresh(other) }
    }

    mutating func recordInsert(seq: UInt32, count k: UInt32, left: PackedID, right: PackedID, contentStart: UInt32) {
        known[0] = seq + k - 1
        for i in Int(contentStart)..<(Int(contentStart) + Int(k)) { pending.content.append(arena[i]) }
        if let last = pending.ops.indices.last, !pending.ops[last].isDelete,
           left == pack(0, seq - 1), pending.ops[last].second == right {
            pending.ops[last].count += k
            return
        }
        pending.ops.append(LocalOp(isDelete: false, count: k, first: left, second: right))
    }

    mutating func recordDelete(target: PackedID, count k: UInt32) {
        known[0] += k
        deletedItems[0] += Int(k)
        if let last = pending.ops.indices.last, pending.ops[last].isDelete {
            let op = pending.ops[last]
            if agentOf(op.first) == agentOf(target) {
                if seqOf(op.first) &+ op.count == seqOf(target) {
                    pending.ops[last].count += k
                    return
                }
                if seqOf(target) &+ k == seqOf(op.first) {
                    pending.ops[last].first = target
                    pending.ops[last].count += k
                    return
                }
            }
        }
        pending.ops.append(LocalOp(isDelete: true, count: k, first: target, second: noItem))
    }
}
