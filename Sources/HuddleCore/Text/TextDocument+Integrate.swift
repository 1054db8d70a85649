extension TextDocument {
    /// Places a remote run of characters by the FugueMax rule (Yjs's algorithm as modified by
    /// diamond-types, "YjsMod"): among concurrent inserts between the same origins the order is
    /// fixed by the origins and then by replica, so each run stays in one piece.
    mutating func integrate(agent a: UInt32, seq: UInt32, left: PackedID, right: PackedID,
                            text: ArraySlice<Unicode.Scalar>, patches: inout [TextPatch], report: Bool) {
        let newReplica = replicas[Int(a)]
        var c: Cursor
        let leftPos: Int
        if left == noItem {
            c = Cursor(leaf: tree.firstLeaf, run: 0, offset: 0)
            leftPos = -1
        } else if let (leaf, r) = tree.locate(left) {
            let off = seqOf(left) - tree.runs[tree.base(leaf) + r].seq
            leftPos = tree.counts(before: Cursor(leaf: leaf, run: r, offset: off)).tot
            c = Cursor(leaf: leaf, run: r, offset: off + 1)
        } else {
            return // unreachable: references were checked
        }
        c = tree.normalized(c)
        let total = tree.totalCount
        var rightPos = right == noItem ? total : (tree.rawPosition(of: right) ?? total)
        // Items never change their relative order, so an honest right origin is always after the
        // left one. A forged pair is read as "no right origin", the same way on every replica.
        if rightPos <= leftPos { rightPos = total }
        var i = leftPos + 1
        var scanning = false
        var dest = c
        while true {
            if !scanning { dest = c }
            if i >= total || i == rightPos { break }
            let run = tree.runs[tree.base(c.leaf) + c.run]
            let oleft = c.offset > 0 ? i - 1 : (run.left == noItem ? -1 : (tree.rawPosition(of: run.left) ?? -1))
            if oleft < leftPos { break }
            if oleft == leftPos {
                let oright = run.right == noItem ? total : (tree.rawPosition(of: run.right) ?? total)
                if oright < rightPos {
                    scanning = true
                } else if oright == rightPos {
                    if newReplica < replicas[Int(run.agent)] { break }
                    scanning = false
                } else {
                    scanning = false
                }
            }
            // The rest of this run has left origins after `left`: all are skipped.
            var step = Int(run.len - c.offset)
            if rightPos > i && rightPos - i < step { step = rightPos - i }
            i += step
            c = tree.normalized(Cursor(leaf: c.leaf, run: c.run, offset: c.offset + UInt32(step)))
        }
        let contentStart = UInt32(arena.count)
        arena.append(contentsOf: text)
        let run = Run(agent: a, seq: seq, len: UInt32(text.count), deleted: false, content: contentStart,
                      left: left, right: right)
        let at = place(run, at: dest, isStart: false)
        if report {
            let pos = tree.counts(before: Cursor(leaf: at.leaf, run: at.run, offset: 0)).vis
            var s = String.UnicodeScalarView()
            s.append(contentsOf: text)
            patches.append(.insert(at: pos, text: String(s)))
        }
        if tree.tryMerge(leaf: at.leaf, at: at.run - 1) { generation &+= 1 }
    }

    /// Deletes the items `seq ..< seq + count` of replica `a` wherever they are.
    mutating func remoteDelete(agent a: UInt32, seq: UInt32, count: UInt32, patches: inout [TextPatch], report: Bool) {
        var s = seq
        let end = seq + count
        while s < end {
            guard let (leaf, r) = tree.locate(pack(a, s)) else { return }
            let run = tree.runs[tree.base(leaf) + r]
            let off = s - run.seq
            let k = min(end - s, run.len - off)
            if !run.deleted && report {
                let pos = tree.counts(before: Cursor(leaf: leaf, run: r, offset: off)).vis
                if case .delete(let at, let n)? = patches.last, at == pos {
                    patches[patches.count - 1] = .delete(at: at, count: n + Int(k))
                } else {
                    patches.append(.delete(at: pos, count: Int(k)))
                }
            }
            if !run.deleted {
                markDeleted(leaf: leaf, run: r, offset: off, count: k)
            }
            s += k
        }
    }
}
