extension TextDocument {
    /// An estimate of the heap bytes the document holds: the capacities of its buffers (tree,
    /// index, content arena, history). Dictionary overheads are not counted.
    public var memoryFootprint: Int {
        var bytes = tree.runs.capacity * MemoryLayout<Run>.stride
        bytes += (tree.leafLen.capacity + tree.leafParent.capacity + tree.leafNext.capacity) * 4
        bytes += (tree.nodeChild.capacity + tree.nodeLen.capacity + tree.nodeParent.capacity) * 4
        bytes += (tree.nodeVis.capacity + tree.nodeTot.capacity) * 8 + tree.nodeLevel.capacity
        for i in tree.index { bytes += i.footprint }
        bytes += arena.capacity * 4
        for c in log {
            bytes += c.ops.capacity * MemoryLayout<TextOp>.stride + c.content.capacity * 4
            bytes += c.dependencies.capacity * MemoryLayout<Dependency>.stride
        }
        bytes += pending.ops.capacity * MemoryLayout<LocalOp>.stride + pending.content.capacity * 4
        return bytes
    }
}
