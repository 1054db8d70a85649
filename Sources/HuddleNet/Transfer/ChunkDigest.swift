import Foundation
import Crypto
import NIOCore

/// The digests of a transfer. Each chunk has its SHA-256; a file's digest is the SHA-256 of
/// its chunk digests in order. So every byte is hashed once per side, chunk digests prove a
/// prefix for resuming, and the file digest still covers every byte.
enum ChunkDigest {
    /// SHA-256 of a chunk's bytes.
    static func of(_ buffer: ByteBuffer) -> [UInt8] {
        buffer.withUnsafeReadableBytes { Array(SHA256.hash(data: $0)) }
    }

    /// Accumulates a file's digest from its chunk digests.
    struct File: Sendable {
        var hasher = SHA256()

        mutating func add(_ chunkDigest: [UInt8]) { hasher.update(data: chunkDigest) }

        func finalize() -> [UInt8] { Array(hasher.finalize()) }
    }
}
