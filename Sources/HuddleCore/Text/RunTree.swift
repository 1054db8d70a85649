/// Runs per leaf and children per inner node of the run tree.
let leafCapacity = 32
let fanout = 16

/// A place between items: before item `offset` of run `run` in leaf `leaf`.
/// `offset == len` of the run means just after the run; `run == leafLen` means the end of a leaf.
struct Cursor: Equatable {
    var leaf: Int32
    var run: Int
    var offset: UInt32
}

/// An order-statistic B-tree over runs, stored in flat arrays indexed by node number, so the
/// whole tree is a value (copy on write) with no reference counting on the hot paths.
///
/// Inner nodes cache the visible and total (visible + deleted) item counts of each child. Leaves
/// hold up to `leafCapacity` runs and are chained left to right. `index` maps every inserted item
/// (replica, seq) to its leaf, so finding an item by identifier is a lookup plus one leaf scan.
struct RunTree {
    var runs = ContiguousArray<Run>()
    var leafLen = ContiguousArray<Int32>()
    var leafParent = ContiguousArray<Int32>()
    var leafNext = ContiguousArray<Int32>()
    var nodeChild = ContiguousArray<Int32>()
    var nodeVis = ContiguousArray<Int>()
    var nodeTot = ContiguousArray<Int>()
    var nodeLen = ContiguousArray<Int32>()
    var nodeParent = ContiguousArray<Int32>()
    var nodeLevel = ContiguousArray<Int8>()
    var root: Int32 = 0
    var height = 1
    /// Per local replica index: the leaf of each inserted item, by seq.
    var index = ContiguousArray<SeqIndex>()

    init() {
        _ = allocLeaf()
        _ = allocNode(level: 1)
        nodeChild[0] = 0
        nodeLen[0] = 1
        leafParent[0] = 0
    }

    /// Visible items in the whole tree (kept in step by `addCounts`).
    private(set) var visibleCount = 0
    /// All items, deleted ones included.
    private(set) var totalCount = 0
    /// Runs in the whole tree.
    var runCount = 0

    @inline(__always) func sumOf(_ counts: ContiguousArray<Int>, node: Int32) -> Int {
        let base = Int(node) * fanout
        var s = 0
        for i in 0..<Int(nodeLen[Int(node)]) { s += counts[base + i] }
        return s
    }

    mutating func allocLeaf() -> Int32 {
        let leaf = Int32(leafLen.count)
        runs.append(contentsOf: repeatElement(Run.placeholder, count: leafCapacity))
        leafLen.append(0)
        leafParent.append(-1)
        leafNext.append(-1)
        return leaf
    }

    mutating func allocNode(level: Int8) -> Int32 {
        let node = Int32(nodeLen.count)
        nodeChild.append(contentsOf: repeatElement(-1, count: fanout))
        nodeVis.append(contentsOf: repeatElement(0, count: fanout))
        nodeTot.append(contentsOf: repeatElement(0, count: fanout))
        nodeLen.append(0)
        nodeParent.append(-1)
        nodeLevel.append(level)
        return node
    }

    /// The first leaf in document order.
    var firstLeaf: Int32 {
        var node = root
        while true {
            let child = nodeChild[Int(node) * fanout]
            if nodeLevel[Int(node)] == 1 { return child }
            node = child
        }
    }

    @inline(__always) func base(_ leaf: Int32) -> Int { Int(leaf) * leafCapacity }

    /// The slot of `child` in inner node `node`.
    @inline(__always) func slot(of child: Int32, in node: Int32) -> Int {
        let b = Int(node) * fanout
        var i = 0
        while nodeChild[b + i] != child { i += 1 }
        return b + i
    }

    /// Adds to the cached counts of `leaf` and of every ancestor.
    @inline(__always) mutating func addCounts(_ leaf: Int32, vis: Int, tot: Int) {
        visibleCount += vis
        totalCount += tot
        var child = leaf
        var node = leafParent[Int(leaf)]
        while node >= 0 {
            let s = slot(of: child, in: node)
            nodeVis[s] += vis
            nodeTot[s] += tot
            child = node
            node = nodeParent[Int(node)]
        }
    }

    /// Recomputes the counts of `leaf` from its runs and passes the difference up.
    mutating func refresh(_ leaf: Int32) {
        let b = base(leaf)
        var v = 0, t = 0
        for i in b..<(b + Int(leafLen[Int(leaf)])) {
            v += runs[i].vis
            t += Int(runs[i].len)
        }
        let s = slot(of: leaf, in: leafParent[Int(leaf)])
        let dv = v - nodeVis[s], dt = t - nodeTot[s]
        if dv != 0 || dt != 0 { addCounts(leaf, vis: dv, tot: dt) }
    }

    /// Records that the items of `run` live in `leaf`.
    mutating func reindex(_ run: Run, leaf: Int32) {
        index[Int(run.agent)].set(run.seq..<(run.seq + run.len), leaf: leaf)
    }

    /// The leaf and run holding item `id`, or nil if no such item was inserted.
    @inline(__always) func locate(_ id: PackedID) -> (leaf: Int32, run: Int)? {
        let a = Int(agentOf(id))
        guard a < index.count, let leaf = index[a][seqOf(id)] else { return nil }
        let b = base(leaf)
        let seq = seqOf(id), agent = agentOf(id)
        for r in 0..<Int(leafLen[Int(leaf)]) {
            let run = runs[b + r]
            if run.agent == agent && run.contains(seq: seq) { return (leaf, r) }
        }
        return nil
    }
}
