import HuddleCore
import HuddleTesting
import Testing

@Suite("Editing traces replay to their end content")
struct TraceTests {
    @Test("every sequential trace replays to endContent", arguments: [
        "automerge-paper.json.gz", "seph-blog1.json.gz", "friendsforever_flat.json.gz",
    ])
    func sequentialTraceReplaysExactly(name: String) throws {
        let trace = try EditingTrace.load(name)
        let doc = try TraceReplay.sequential(trace)
        #expect(doc.text == trace.endContent)
        #expect(doc.checkInvariants().isEmpty)
        // Loading the two long histories is checked by huddle-bench (load_ok); in a debug build
        // it would take seconds.
        if trace.txns.count < 50_000 {
            let loaded = try TextDocument(decoding: doc.encoded(), replica: ReplicaID(99))
            #expect(loaded.text == trace.endContent, "a fresh replica loads the whole history")
            #expect(loaded.version == doc.version)
        }
    }

    @Test("the concurrent trace converges to endContent on every agent's replica")
    func concurrentTraceConverges() throws {
        let trace = try EditingTrace.load("concurrent/friendsforever.json.gz")
        let docs = try TraceReplay.concurrent(trace)
        for doc in docs {
            #expect(doc.text == trace.endContent)
            #expect(doc.checkInvariants().isEmpty)
        }
        #expect(docs.allSatisfy { $0.version == docs[0].version })
        let loaded = try TextDocument(decoding: docs[0].encoded(), replica: ReplicaID(99))
        #expect(loaded.text == trace.endContent, "a fresh replica loads the whole history")
    }
}
