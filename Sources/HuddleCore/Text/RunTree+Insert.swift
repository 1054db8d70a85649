extension RunTree {
    /// Inserts `run` at index `r` of `leaf`, splitting the leaf if it is full. Returns where the
    /// run went. `indexedIn` is the leaf the run's items are recorded in already (-1 for new
    /// items); the index is updated when that differs. Counts are left to `refresh`.
    mutating func insertRun(_ run: Run, leaf: Int32, at r: Int, indexedIn: Int32) -> (leaf: Int32, run: Int) {
        var leaf = leaf, r = r
        if Int(leafLen[Int(leaf)]) == leafCapacity {
            let newLeaf = splitLeaf(leaf)
            let half = Int(leafLen[Int(leaf)])
            if r > half {
                leaf = newLeaf
                r -= half
            }
        }
        let b = base(leaf)
        let n = Int(leafLen[Int(leaf)])
        var i = b + n
        while i > b + r {
            runs[i] = runs[i - 1]
            i -= 1
        }
        runs[b + r] = run
        leafLen[Int(leaf)] += 1
        runCount += 1
        if indexedIn != leaf { reindex(run, leaf: leaf) }
        return (leaf, r)
    }

    /// Removes run `r` of `leaf` (the leaf keeps at least one run). Counts are left to `refresh`.
    mutating func removeRun(leaf: Int32, at r: Int) {
        let b = base(leaf)
        let n = Int(leafLen[Int(leaf)])
        for i in (b + r)..<(b + n - 1) { runs[i] = runs[i + 1] }
        leafLen[Int(leaf)] -= 1
        runCount -= 1
    }

    /// Joins run `r` with run `r + 1` of the same leaf when the second continues the first.
    @discardableResult
    mutating func tryMerge(leaf: Int32, at r: Int) -> Bool {
        guard r >= 0, r + 1 < Int(leafLen[Int(leaf)]) else { return false }
        let b = base(leaf)
        guard runs[b + r].canAppend(runs[b + r + 1]) else { return false }
        runs[b + r].len += runs[b + r + 1].len
        removeRun(leaf: leaf, at: r + 1)
        return true
    }

    /// Moves the upper half of a full leaf to a new leaf that follows it.
    mutating func splitLeaf(_ leaf: Int32) -> Int32 {
        refresh(leaf)
        let n = Int(leafLen[Int(leaf)])
        let half = n / 2
        let newLeaf = allocLeaf()
        let b = base(leaf), nb = base(newLeaf)
        var v = 0, t = 0
        for i in 0..<(n - half) {
            let run = runs[b + half + i]
            runs[nb + i] = run
            reindex(run, leaf: newLeaf)
            v += run.vis
            t += Int(run.len)
        }
        leafLen[Int(leaf)] = Int32(half)
        leafLen[Int(newLeaf)] = Int32(n - half)
        leafNext[Int(newLeaf)] = leafNext[Int(leaf)]
        leafNext[Int(leaf)] = newLeaf
        // Insert the new entry first, then take its counts off the old leaf's entry: both end up
        // in the same node, so every ancestor's cached counts stay exact through node splits.
        insertChild(leafParent[Int(leaf)], after: leaf, child: newLeaf, vis: v, tot: t)
        let s = slot(of: leaf, in: leafParent[Int(leaf)])
        nodeVis[s] -= v
        nodeTot[s] -= t
        return newLeaf
    }

    /// Inserts `child` with its counts right after `after` in inner node `node`.
    mutating func insertChild(_ node: Int32, after: Int32, child: Int32, vis: Int, tot: Int) {
        var node = node
        if Int(nodeLen[Int(node)]) == fanout {
            let sibling = splitNode(node)
            if parent(of: after, level: nodeLevel[Int(node)]) == sibling { node = sibling }
        }
        let b = Int(node) * fanout
        let s = slot(of: after, in: node) - b
        let n = Int(nodeLen[Int(node)])
        var i = n
        while i > s + 1 {
            nodeChild[b + i] = nodeChild[b + i - 1]
            nodeVis[b + i] = nodeVis[b + i - 1]
            nodeTot[b + i] = nodeTot[b + i - 1]
            i -= 1
        }
        nodeChild[b + s + 1] = child
        nodeVis[b + s + 1] = vis
        nodeTot[b + s + 1] = tot
        nodeLen[Int(node)] += 1
        setParent(of: child, level: nodeLevel[Int(node)], to: node)
    }

    @inline(__always) func parent(of child: Int32, level: Int8) -> Int32 {
        level == 1 ? leafParent[Int(child)] : nodeParent[Int(child)]
    }

    @inline(__always) mutating func setParent(of child: Int32, level: Int8, to node: Int32) {
        if level == 1 { leafParent[Int(child)] = node } else { nodeParent[Int(child)] = node }
    }

    /// Moves the upper half of a full inner node to a new sibling; grows a new root if needed.
    mutating func splitNode(_ node: Int32) -> Int32 {
        let level = nodeLevel[Int(node)]
        let sibling = allocNode(level: level)
        let half = fanout / 2
        let b = Int(node) * fanout, sb = Int(sibling) * fanout
        var v = 0, t = 0
        for i in half..<fanout {
            nodeChild[sb + i - half] = nodeChild[b + i]
            nodeVis[sb + i - half] = nodeVis[b + i]
            nodeTot[sb + i - half] = nodeTot[b + i]
            v += nodeVis[b + i]
            t += nodeTot[b + i]
            setParent(of: nodeChild[b + i], level: level, to: sibling)
        }
        nodeLen[Int(node)] = Int32(half)
        nodeLen[Int(sibling)] = Int32(fanout - half)
        if node == root {
            let newRoot = allocNode(level: level + 1)
            let rb = Int(newRoot) * fanout
            nodeChild[rb] = node
            nodeVis[rb] = sumOf(nodeVis, node: node)
            nodeTot[rb] = sumOf(nodeTot, node: node)
            nodeChild[rb + 1] = sibling
            nodeVis[rb + 1] = v
            nodeTot[rb + 1] = t
            nodeLen[Int(newRoot)] = 2
            nodeParent[Int(node)] = newRoot
            nodeParent[Int(sibling)] = newRoot
            root = newRoot
            height += 1
        } else {
            insertChild(nodeParent[Int(node)], after: node, child: sibling, vis: v, tot: t)
            let s = slot(of: node, in: nodeParent[Int(node)])
            nodeVis[s] -= v
            nodeTot[s] -= t
        }
        return sibling
    }
}
