extension TextDocument {
    /// Checks the internal structure and returns a description of each violation (empty when
    /// all is well). Slow (linear); tests call it after every step.
    public func checkInvariants() -> [String] {
        var problems: [String] = []
        var leavesInOrder: [Int32] = []
        func walk(_ node: Int32, parent: Int32) -> (vis: Int, tot: Int) {
            var v = 0, t = 0
            if nodeLevelIsLeafParent(node) {
                for i in 0..<Int(tree.nodeLen[Int(node)]) {
                    let leaf = tree.nodeChild[Int(node) * fanout + i]
                    if tree.leafParent[Int(leaf)] != node { problems.append("leaf \(leaf) has wrong parent") }
                    leavesInOrder.append(leaf)
                    var lv = 0, lt = 0
                    let b = tree.base(leaf)
                    for r in 0..<Int(tree.leafLen[Int(leaf)]) {
                        let run = tree.runs[b + r]
                        if run.len == 0 { problems.append("empty run in leaf \(leaf)") }
                        if Int(run.content) + Int(run.len) > arena.count { problems.append("run content out of arena") }
                        if run.seq == 0 || run.seq + run.len - 1 > known[Int(run.agent)] {
                            problems.append("run seq beyond version")
                        }
                        for s in run.seq..<(run.seq + run.len) where tree.index[Int(run.agent)][s] != leaf {
                            problems.append("index wrong for \(run.agent)@\(s)")
                            break
                        }
                        lv += run.vis
                        lt += Int(run.len)
                    }
                    if tree.nodeVis[Int(node) * fanout + i] != lv || tree.nodeTot[Int(node) * fanout + i] != lt {
                        problems.append("cached counts of leaf \(leaf) are stale")
                    }
                    v += lv
                    t += lt
                }
            } else {
                for i in 0..<Int(tree.nodeLen[Int(node)]) {
                    let child = tree.nodeChild[Int(node) * fanout + i]
                    if tree.nodeParent[Int(child)] != node { problems.append("node \(child) has wrong parent") }
                    if tree.nodeLevel[Int(child)] != tree.nodeLevel[Int(node)] - 1 { problems.append("uneven levels") }
                    let (cv, ct) = walk(child, parent: node)
                    if tree.nodeVis[Int(node) * fanout + i] != cv || tree.nodeTot[Int(node) * fanout + i] != ct {
                        problems.append("cached counts of node \(child) are stale")
                    }
                    v += cv
                    t += ct
                }
            }
            return (v, t)
        }
        let (v, t) = walk(tree.root, parent: -1)
        if v != count || v != tree.sumOf(tree.nodeVis, node: tree.root) { problems.append("visible count mismatch") }
        if t != tree.totalCount || t != tree.sumOf(tree.nodeTot, node: tree.root) { problems.append("total count mismatch") }
        var chain: [Int32] = []
        var leaf = tree.firstLeaf
        while leaf >= 0 && chain.count <= leavesInOrder.count {
            chain.append(leaf)
            leaf = tree.leafNext[Int(leaf)]
        }
        if chain != leavesInOrder { problems.append("leaf chain differs from tree order") }
        if leavesInOrder.reduce(0, { $0 + Int(tree.leafLen[Int($1)]) }) != tree.runCount { problems.append("run count is stale") }
        if leavesInOrder.count > 1 && leavesInOrder.contains(where: { tree.leafLen[Int($0)] == 0 }) {
            problems.append("empty leaf")
        }
        if pending.ops.isEmpty == false && UInt64(pending.startSeq) + pending.ops.reduce(0, { $0 + UInt64($1.count) }) - 1 != UInt64(known[0]) {
            problems.append("pending change does not end at the local version")
        }
        return problems
    }

    private func nodeLevelIsLeafParent(_ node: Int32) -> Bool { tree.nodeLevel[Int(node)] == 1 }
}
