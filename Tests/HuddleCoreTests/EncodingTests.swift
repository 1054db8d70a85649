import Testing
import HuddleCore

@Suite("Encodings round-trip")
struct EncodingTests {
    @Test("decode(encode(change)) == change for random changes, including emoji and deletes", arguments: [UInt64(7), 8, 9])
    func changesRoundTrip(seed: UInt64) throws {
        var sim = TextSimulator(seed: seed, replicas: 3)
        for _ in 0..<300 { sim.step() }
        sim.finish()
        var count = 0
        for doc in sim.docs {
            for change in doc.history {
                let decoded = try Change(decoding: change.encoded)
                #expect(decoded == change, "seed \(seed)")
                #expect(decoded.encoded == change.encoded)
                count += 1
            }
        }
        #expect(count > 10)
    }

    @Test("a document loads from its encoding with the same text, version and history")
    func documentRoundTrip() throws {
        var sim = TextSimulator(seed: 11, replicas: 4)
        for _ in 0..<300 { sim.step() }
        sim.finish()
        var doc = sim.docs[1]
        try doc.insert(at: 0, text: "uncommitted ✍️")
        let loaded = try TextDocument(decoding: doc.encoded(), replica: ReplicaID(42))
        #expect(loaded.text == doc.text)
        #expect(loaded.version == doc.version)
        _ = doc.commit()
        #expect(loaded.history == doc.history)
        #expect(loaded.checkInvariants().isEmpty)
    }

    @Test("version vectors merge pointwise and compare by inclusion")
    func versionVectorAlgebra() {
        let a = VersionVector([ReplicaID(1): 3, ReplicaID(2): 1])
        let b = VersionVector([ReplicaID(2): 4])
        #expect(a.isConcurrent(with: b))
        let m = a.merged(with: b)
        #expect(m == VersionVector([ReplicaID(1): 3, ReplicaID(2): 4]))
        #expect(m.includes(a) && m.includes(b))
        #expect(!a.includes(m))
        #expect(m.operationCount == 7)
    }

    @Test("replica IDs compare by their bytes and round-trip through 32 bytes")
    func replicaIDBytes() throws {
        let bytes = (0..<32).map { UInt8($0 * 7 % 256) }
        let id = try #require(ReplicaID(bytes: bytes))
        #expect(id.bytes == bytes)
        #expect(ReplicaID(bytes: [1, 2]) == nil)
        #expect(ReplicaID(1) < ReplicaID(2))
        #expect(ReplicaID(UInt64.max) < ReplicaID(1, 0, 0, 0))
    }
}
