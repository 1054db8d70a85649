import CSHA256Pair
import Crypto
import Foundation
import NIOCore

/// The digests of a transfer. Each chunk has its SHA-256; a file's digest is the SHA-256 of
/// its chunk digests in order. So every byte is hashed once per side, chunk digests prove a
/// prefix for resuming, and the file digest still covers every byte.
enum ChunkDigest {
    /// SHA-256 of a chunk's bytes.
    static func of(_ buffer: ByteBuffer) -> [UInt8] {
        buffer.withUnsafeReadableBytes { Array(SHA256.hash(data: $0)) }
    }

    /// Whether two chunks of the same length hash together faster than one after the other:
    /// on a CPU with the SHA extensions, two interleaved SHA-256 chains run at 1.7 to 1.8
    /// times the speed of one (one chain leaves the SHA unit waiting on its own results).
    static let pairsAreFaster = huddle_sha256_pair_available() == 1

    /// SHA-256 of each of two chunks, computed together when they have the same length.
    static func of(_ first: ByteBuffer, _ second: ByteBuffer) -> ([UInt8], [UInt8]) {
        guard pairsAreFaster, first.readableBytes == second.readableBytes, first.readableBytes > 0 else { return (of(first), of(second)) }
        var firstDigest = [UInt8](repeating: 0, count: 32), secondDigest = [UInt8](repeating: 0, count: 32)
        first.withUnsafeReadableBytes { firstBytes in
            second.withUnsafeReadableBytes { secondBytes in
                huddle_sha256_pair(
                    firstBytes.baseAddress?.assumingMemoryBound(to: UInt8.self),
                    secondBytes.baseAddress?.assumingMemoryBound(to: UInt8.self),
                    firstBytes.count, &firstDigest, &secondDigest)
            }
        }
        return (firstDigest, secondDigest)
    }

    /// SHA-256 of each chunk, in order, two at a time where they have the same length.
    static func of(_ buffers: [ByteBuffer]) -> [[UInt8]] {
        var digests: [[UInt8]] = []
        digests.reserveCapacity(buffers.count)
        var index = 0
        while index < buffers.count {
            if index + 1 < buffers.count {
                let (first, second) = of(buffers[index], buffers[index + 1])
                digests += [first, second]
                index += 2
            } else {
                digests.append(of(buffers[index]))
                index += 1
            }
        }
        return digests
    }

    /// The digests of the first `count` whole chunks of the open file `fd`, read two at a
    /// time; reading stops early at the first digest `wanted` refuses (it sees each chunk's
    /// index and digest), which is left out.
    static func ofChunks(in fd: Int32, path: String, count: UInt64, chunkSize: Int,
                         wanted: (Int, [UInt8]) -> Bool = { _, _ in true }) throws(TransferError) -> [[UInt8]] {
        var digests: [[UInt8]] = []
        var index: UInt64 = 0
        while index < count {
            let group = min(2, count - index)
            var buffers: [ByteBuffer] = []
            for offset in index..<index + group {
                buffers.append(try FileIO.read(fd, count: chunkSize, at: offset * UInt64(chunkSize), path: path, allocator: .init()))
            }
            for digest in of(buffers) {
                guard wanted(digests.count, digest) else { return digests }
                digests.append(digest)
            }
            index += group
        }
        return digests
    }

    /// Accumulates a file's digest from its chunk digests.
    struct File: Sendable {
        var hasher = SHA256()

        mutating func add(_ chunkDigest: [UInt8]) { hasher.update(data: chunkDigest) }

        func finalize() -> [UInt8] { Array(hasher.finalize()) }
    }
}
