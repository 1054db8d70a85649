import Testing
@testable import HuddleCore

@Suite("Huffman coding of document text")
struct HuffmanTests {
    static func roundTrip(_ bytes: [UInt8]) throws -> [UInt8] {
        var w = ByteWriter()
        Huffman.encode(bytes, into: &w)
        var r = ByteReader(w.bytes)
        let out = try Huffman.decode(&r, count: bytes.count)
        try r.expectEnd()
        return out
    }

    @Test("random, single-symbol and very skewed inputs round-trip; code lengths stay within 15 bits")
    func roundTrips() throws {
        var rng = SplitMix64(seed: 3)
        #expect(try Self.roundTrip([7]) == [7])
        #expect(try Self.roundTrip(Array(repeating: 65, count: 1000)) == Array(repeating: 65, count: 1000))
        let random = (0..<5000).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        #expect(try Self.roundTrip(random) == random)
        // Fibonacci frequencies make the plain Huffman tree about 25 levels deep.
        var skewed: [UInt8] = []
        var a = 1, b = 1
        for symbol in 0..<26 {
            skewed += Array(repeating: UInt8(symbol), count: a)
            (a, b) = (b, a + b)
        }
        skewed.shuffle(using: &rng)
        var freq = [Int](repeating: 0, count: 256)
        for s in skewed { freq[Int(s)] += 1 }
        #expect(Huffman.codeLengths(freq).max()! <= 15)
        #expect(try Self.roundTrip(skewed) == skewed)
    }

    @Test("over-subscribed code lengths are refused")
    func overSubscribedCode() {
        var w = ByteWriter()
        w.raw(Array(repeating: 0x11, count: 128)) // 256 codes of length 1
        w.varint(UInt64(1))
        w.byte(0)
        var r = ByteReader(w.bytes)
        #expect(throws: DecodeError.valueOutOfRange("Huffman code lengths")) { try Huffman.decode(&r, count: 4) }
    }

    @Test("a bit stream shorter than the promised output is refused")
    func truncatedStream() {
        var w = ByteWriter()
        Huffman.encode(Array("hello huffman".utf8), into: &w)
        var r = ByteReader(w.bytes)
        #expect(throws: DecodeError.self) { try Huffman.decode(&r, count: 1000) }
    }
}
