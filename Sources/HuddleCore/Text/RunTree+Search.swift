extension RunTree {
    /// The leaf reached by descending with visible counts, and the count left over inside it.
    /// With `after` the descent stops at the child that holds item `p - 1` (a place after `p`
    /// visible items, sticking to the left); otherwise at the child that holds item `p`.
    @inline(__always) func descend(_ p: Int, stickLeft: Bool) -> (leaf: Int32, rest: Int) {
        var node = root
        var p = p
        while true {
            let b = Int(node) * fanout
            let n = Int(nodeLen[Int(node)])
            var i = 0
            while i < n - 1 {
                let v = nodeVis[b + i]
                if stickLeft ? p <= v : p < v { break }
                p -= v
                i += 1
            }
            let child = nodeChild[b + i]
            if nodeLevel[Int(node)] == 1 { return (child, p) }
            node = child
        }
    }

    /// The place after `p` visible items, right after the `p`th one (before any deleted items
    /// that follow it). For `p == 0`, the very start of the document.
    func cursorAfter(visible p: Int) -> Cursor {
        let (leaf, rest) = descend(p, stickLeft: true)
        var p = rest
        if p == 0 { return Cursor(leaf: leaf, run: 0, offset: 0) }
        let b = base(leaf)
        let n = Int(leafLen[Int(leaf)])
        for r in 0..<n {
            let v = runs[b + r].vis
            if p <= v { return Cursor(leaf: leaf, run: r, offset: UInt32(p)) }
            p -= v
        }
        return Cursor(leaf: leaf, run: n, offset: 0)
    }

    /// The place of the visible item at index `p` (which must exist).
    func cursorAt(visible p: Int) -> Cursor {
        let (leaf, rest) = descend(p, stickLeft: false)
        var p = rest
        let b = base(leaf)
        let n = Int(leafLen[Int(leaf)])
        for r in 0..<n {
            let v = runs[b + r].vis
            if p < v { return Cursor(leaf: leaf, run: r, offset: UInt32(p)) }
            p -= v
        }
        return Cursor(leaf: leaf, run: n, offset: 0)
    }

    /// Visible and total items before the place `c`.
    func counts(before c: Cursor) -> (vis: Int, tot: Int) {
        let b = base(c.leaf)
        var v = 0, t = 0
        for i in b..<(b + c.run) {
            v += runs[i].vis
            t += Int(runs[i].len)
        }
        if c.run < Int(leafLen[Int(c.leaf)]) {
            t += Int(c.offset)
            if !runs[b + c.run].deleted { v += Int(c.offset) }
        }
        var child = c.leaf
        var node = leafParent[Int(c.leaf)]
        while node >= 0 {
            let nb = Int(node) * fanout
            var i = nb
            while nodeChild[i] != child {
                v += nodeVis[i]
                t += nodeTot[i]
                i += 1
            }
            child = node
            node = nodeParent[Int(node)]
        }
        return (v, t)
    }

    /// The position of item `id` among all items (deleted ones included).
    func rawPosition(of id: PackedID) -> Int? {
        guard let (leaf, r) = locate(id) else { return nil }
        let off = seqOf(id) - runs[base(leaf) + r].seq
        return counts(before: Cursor(leaf: leaf, run: r, offset: off)).tot
    }

    /// Moves a cursor whose offset is at the end of its run to the start of the next run
    /// (possibly in the next leaf). At the very end it stays at `run == leafLen`.
    @inline(__always) func normalized(_ c: Cursor) -> Cursor {
        var c = c
        let n = Int(leafLen[Int(c.leaf)])
        if c.run < n && c.offset >= runs[base(c.leaf) + c.run].len {
            c.run += 1
            c.offset = 0
        }
        if c.run >= n {
            let next = leafNext[Int(c.leaf)]
            if next >= 0 { return Cursor(leaf: next, run: 0, offset: 0) }
            return Cursor(leaf: c.leaf, run: n, offset: 0)
        }
        return c
    }

    /// The item right after the place `c`, or `noItem` at the end.
    @inline(__always) func item(after c: Cursor) -> PackedID {
        let c = normalized(c)
        guard c.run < Int(leafLen[Int(c.leaf)]) else { return noItem }
        return runs[base(c.leaf) + c.run].id(c.offset)
    }
}
