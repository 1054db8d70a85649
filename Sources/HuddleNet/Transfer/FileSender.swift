#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import HuddleCore
import NIOCore
import NIOPosix

/// The sending end of one transfer's data: checks a resume claim against the local files,
/// then streams chunks with their digests, reading and hashing the next chunks (two at a
/// time, see ``ChunkDigest/of(_:_:)``) on the thread pool while the current ones are
/// written. Each write waits for the channel to be writable (the async writer flushes per
/// chunk), so memory stays at a few chunks whatever the size.
struct FileSender: Sendable {
    let offer: TransferOffer
    let sources: [SourceFile]
    let pool: NIOThreadPool
    /// At most this many bytes per second, if set.
    var rateLimit: UInt64?

    /// Where to start after the receiver's `Accept`: the first file not complete, and the
    /// number of leading chunks of it whose digests match the local file (re-read here, so a
    /// prefix is only kept when both sides hold the same bytes), with those digests.
    func startPoint(for accept: Huddle_Transfer_V1_Accept) async throws -> (file: Int, chunk: UInt64, digests: [[UInt8]]) {
        guard let file = Int(exactly: accept.filesDone), file < offer.fileCount else {
            throw TransferError.protocolViolation("the receiver claims files that were not offered")
        }
        let claimed = accept.chunkDigests.map { Array($0) }
        guard UInt64(claimed.count) <= offer.chunkCount(file: file), claimed.count <= FileReceiver.maxClaimedChunks else {
            throw TransferError.protocolViolation("the receiver claims more chunks than the file has")
        }
        guard !claimed.isEmpty else { return (file, 0, []) }
        let source = sources[file], chunkSize = offer.chunkSize
        let matching = try await pool.runIfActive {
            let fd = try FileIO.openForReading(source.absolutePath)
            defer { close(fd) }
            return try ChunkDigest.ofChunks(in: fd, path: source.absolutePath, count: UInt64(claimed.count), chunkSize: chunkSize) {
                claimed[$0] == $1
            }
        }
        return (file, UInt64(matching.count), matching)
    }

    /// How many chunks are read and hashed at once, counting those about to be written: for
    /// small files, enough to keep the pool opening the next files while one is sent; for
    /// large ones, the next pair only (more would compete with the hashing of the receiver
    /// on the same cores, and cost memory).
    static let readAheadSmall = 5
    static let readAheadLarge = 4

    /// Chunks handed to the channel whose writes have not completed, at most: the bound on a
    /// sender's memory whatever the file size and however slow the receiver.
    static let maxUnwritten = 2

    /// Streams from `start` to the end; `sent` is told the offer's bytes sent so far after
    /// each chunk. Writes go straight to `channel` (after everything the connection's async
    /// writer was given, in order), so their completion can be awaited: the async writer's
    /// writability reaches it late, and a fast disk could queue many chunks meanwhile.
    func stream(from start: (file: Int, chunk: UInt64, digests: [[UInt8]]), to channel: Channel,
                sent: @Sendable (UInt64) async -> Void) async throws {
        var bytesSent = offer.bytes(before: start.file) + start.chunk * UInt64(offer.chunkSize)
        let clock = ContinuousClock(), began = clock.now, initial = bytesSent
        var positions = ChunkPositions(offer: offer, sources: sources, file: start.file, chunk: start.chunk)
        var reads: [ChunkRead] = []
        var unwritten: [EventLoopFuture<Void>] = []
        var reportedAt = clock.now
        var fileDigest = ChunkDigest.File()
        for digest in start.digests { fileDigest.add(digest) }
        do {
            while true {
                while reads.reduce(0, { $0 + $1.positions.count }) < positions.readAhead {
                    let group = positions.nextGroup()
                    if group.isEmpty { break }
                    reads.append(read(group))
                }
                guard !reads.isEmpty else { break }
                let current = reads.removeFirst()
                let chunks = try await current.task.value
                for (position, data) in zip(current.positions, chunks) {
                    try await send(data, of: position, fileDigest: &fileDigest, bytesSent: &bytesSent,
                                   unwritten: &unwritten, to: channel)
                }
                if clock.now - reportedAt >= TransferEngine.reportInterval || reads.isEmpty {
                    reportedAt = clock.now
                    await sent(bytesSent)
                }
                if let rateLimit, rateLimit > 0 {
                    let due = Duration.seconds(Double(bytesSent - initial) / Double(rateLimit))
                    if clock.now - began < due { try await Task.sleep(until: began + due, clock: clock) }
                }
            }
            for write in unwritten { try await write.get() }
        } catch {
            for pending in reads { _ = try? await pending.task.value } // never close a file under a read in flight
            for pending in reads { pending.positions.forEach { $0.source.close() } }
            throw error
        }
    }

    /// Hands one chunk (and, after a file's last, its end) to the channel, waiting while
    /// ``maxUnwritten`` writes are outstanding.
    private func send(_ data: (ByteBuffer, [UInt8])?, of position: ChunkPosition, fileDigest: inout ChunkDigest.File,
                      bytesSent: inout UInt64, unwritten: inout [EventLoopFuture<Void>], to channel: Channel) async throws {
        var messages: [TransferMessage] = []
        if let (buffer, digest) = data {
            messages.append(.chunk(.with {
                $0.fileIndex = UInt32(position.file)
                $0.chunkIndex = position.chunk
                $0.length = UInt32(buffer.readableBytes)
                $0.digest = Data(digest)
            }, buffer))
            fileDigest.add(digest)
            bytesSent += UInt64(buffer.readableBytes)
        }
        if position.isLast {
            position.source.close()
            var end = Huddle_Transfer_V1_Frame()
            end.fileEnd = .with {
                $0.fileIndex = UInt32(position.file)
                $0.digest = Data(fileDigest.finalize())
            }
            messages.append(.frame(end))
            fileDigest = ChunkDigest.File()
        }
        for message in messages.dropLast() { channel.write(message, promise: nil) }
        unwritten.append(channel.writeAndFlush(messages.last!))
        if unwritten.count >= Self.maxUnwritten { try await unwritten.removeFirst().get() }
    }

    /// One or two chunks of a file (``ChunkPositions/nextGroup()``) read and hashed together
    /// on the pool (`nil` for an empty file, which is only opened to check it is still empty).
    struct ChunkRead {
        let positions: [ChunkPosition]
        let task: Task<[(ByteBuffer, [UInt8])?], Error>
    }

    func read(_ positions: [ChunkPosition]) -> ChunkRead {
        let offer = offer, pool = pool
        return ChunkRead(positions: positions, task: Task {
            try await pool.runIfActive {
                var buffers: [ByteBuffer] = []
                for position in positions {
                    let fd = try position.source.descriptor()
                    guard let length = offer.chunkLength(file: position.file, chunk: position.chunk) else { return [nil] }
                    let offset = position.chunk * UInt64(offer.chunkSize)
                    buffers.append(try FileIO.read(fd, count: length, at: offset, path: position.source.file.absolutePath, allocator: .init()))
                }
                return zip(buffers, ChunkDigest.of(buffers)).map { $0 }
            }
        })
    }
}
