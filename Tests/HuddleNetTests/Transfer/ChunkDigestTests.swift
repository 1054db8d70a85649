import HuddleCore
import Crypto
import HuddleTesting
import NIOCore
import Testing
@testable import HuddleNet

@Suite("Chunk digests")
struct ChunkDigestTests {
    func randomBuffer(_ count: Int, _ rng: inout SplitMix64) -> ByteBuffer {
        ByteBuffer(bytes: (0..<count).map { _ in UInt8.random(in: 0...255, using: &rng) })
    }

    func sha256(_ buffer: ByteBuffer) -> [UInt8] {
        Array(SHA256.hash(data: Array(buffer.readableBytesView)))
    }

    @Test("two chunks hashed together give each one's SHA-256, for every length around the block and padding edges")
    func pairsMatchSHA256AtEveryEdge() {
        var rng = SplitMix64(seed: 11)
        for length in Array(0...200) + [255, 256, 257, 4095, 4096, 65_536 + 55, 262_144] {
            let first = randomBuffer(length, &rng), second = randomBuffer(length, &rng)
            let (firstDigest, secondDigest) = ChunkDigest.of(first, second)
            #expect(firstDigest == sha256(first), "length \(length), first")
            #expect(secondDigest == sha256(second), "length \(length), second")
        }
    }

    @Test("chunks of different lengths, and a list of chunks, hash one by one to the same digests",
          arguments: [21, 22, 23] as [UInt64])
    func listsAndUnequalLengths(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        let buffers = (0..<7).map { _ in randomBuffer(Int.random(in: 1...3_000, using: &rng), &rng) }
        #expect(ChunkDigest.of(buffers) == buffers.map(sha256), "seed \(seed)")
        let (a, b) = ChunkDigest.of(buffers[0], buffers[1])
        #expect([a, b] == [sha256(buffers[0]), sha256(buffers[1])], "seed \(seed)")
    }

    @Test("a slice of a larger buffer is hashed from its own first byte")
    func slicesHashTheirOwnBytes() {
        var rng = SplitMix64(seed: 31)
        let whole = randomBuffer(10_000, &rng)
        let first = whole.getSlice(at: 3, length: 4_000)!, second = whole.getSlice(at: 5_000, length: 4_000)!
        let (firstDigest, secondDigest) = ChunkDigest.of(first, second)
        #expect(firstDigest == sha256(first))
        #expect(secondDigest == sha256(second))
    }
}
