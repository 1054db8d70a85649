import HuddleTesting
import Testing
import HuddleCore

/// The text of a whole-document encoding is Huffman coded; these go through the public API.
@Suite("Huffman coding of document text")
struct HuffmanTests {
    static func roundTrip(_ text: String) throws -> String {
        var doc = TextDocument(replica: ReplicaID(1))
        try doc.insert(at: 0, text: text)
        return try TextDocument(decoding: doc.encoded(), replica: ReplicaID(2)).text
    }

    @Test("single-symbol, random and very skewed texts round-trip (code lengths limited to 15 bits)")
    func roundTrips() throws {
        var rng = SplitMix64(seed: 3)
        #expect(try Self.roundTrip("x") == "x")
        #expect(try Self.roundTrip(String(repeating: "a", count: 1000)) == String(repeating: "a", count: 1000))
        let random = String((0..<3000).map { _ in Character(Unicode.Scalar(UInt8(32 + rng.next() % 95))) }) + "日本語👋"
        #expect(try Self.roundTrip(random) == random)
        // Fibonacci frequencies make a plain Huffman tree 25 levels deep.
        var skewed: [Character] = []
        var a = 1, b = 1
        for symbol in 0..<25 {
            skewed += Array(repeating: Character(Unicode.Scalar(UInt8(65 + symbol))), count: a)
            (a, b) = (b, a + b)
        }
        skewed.shuffle(using: &rng)
        #expect(try Self.roundTrip(String(skewed)) == String(skewed))
    }

    /// A document of one change inserting 4 scalars, followed by the given Huffman block.
    static func document(huffmanTable: [UInt8], stream: [UInt8]) -> [UInt8] {
        var w = ByteWriter()
        w.byte(0x44); w.byte(1)
        w.varint(UInt64(1)); w.replica(ReplicaID(3))
        w.varint(UInt64(1))
        w.byte(0) // change shape: everything spelled out
        w.varint(UInt64(0)); w.signed(0); w.varint(UInt64(0))
        w.varint(UInt64(1)); w.byte(6); w.varint(UInt64(4))
        w.varint(UInt64(4))
        w.raw(huffmanTable)
        w.lengthPrefixed(stream)
        return w.bytes
    }

    @Test("over-subscribed Huffman code lengths are refused")
    func overSubscribedCode() {
        let bytes = Self.document(huffmanTable: Array(repeating: 0x11, count: 128), stream: [0])
        #expect(throws: DecodeError.valueOutOfRange("Huffman code lengths")) {
            try TextDocument(decoding: bytes, replica: ReplicaID(1))
        }
    }

    @Test("a Huffman stream shorter than the promised text is refused")
    func truncatedStream() {
        var table = [UInt8](repeating: 0, count: 128)
        table[0x61 / 2] = 0x01 // "a" gets a 1-bit code, nothing else exists
        let bytes = Self.document(huffmanTable: table, stream: [])
        #expect(throws: DecodeError.self) { try TextDocument(decoding: bytes, replica: ReplicaID(1)) }
        let ok = Self.document(huffmanTable: table, stream: [0])
        #expect(throws: Never.self) { try TextDocument(decoding: ok, replica: ReplicaID(1)) }
    }
}
