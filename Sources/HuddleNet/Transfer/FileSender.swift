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
/// then streams chunks with their digests, reading and hashing the next chunk on the thread
/// pool while the current one is written. Each write waits for the channel to be writable
/// (the async writer flushes per chunk), so memory stays at a few chunks whatever the size.
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
            var matching: [[UInt8]] = []
            for (index, digest) in claimed.enumerated() {
                let data = try FileIO.read(fd, count: chunkSize, at: UInt64(index) * UInt64(chunkSize), path: source.absolutePath, allocator: .init())
                guard ChunkDigest.of(data) == digest else { break }
                matching.append(digest)
            }
            return matching
        }
        return (file, UInt64(matching.count), matching)
    }

    /// Streams from `start` to the end; `sent` is told the offer's bytes sent so far after
    /// each chunk.
    func stream(from start: (file: Int, chunk: UInt64, digests: [[UInt8]]), to outbound: NIOAsyncChannelOutboundWriter<TransferMessage>,
                sent: @Sendable (UInt64) async -> Void) async throws {
        var bytesSent = offer.files.prefix(start.file).reduce(0) { $0 + $1.size } + start.chunk * UInt64(offer.chunkSize)
        let clock = ContinuousClock(), began = clock.now, initial = bytesSent
        for index in start.file..<offer.fileCount {
            let source = sources[index], expectedSize = offer.files[index].size
            let handle = FileHandleBox()
            handle.fd = try await pool.runIfActive {
                let fd = try FileIO.openForReading(source.absolutePath)
                guard try FileIO.size(of: fd, path: source.absolutePath) == expectedSize else {
                    close(fd)
                    throw TransferError.sourceChanged(path: source.absolutePath)
                }
                return fd
            }
            defer { handle.close() }
            var fileDigest = ChunkDigest.File()
            var chunk: UInt64 = 0
            if index == start.file {
                for digest in start.digests { fileDigest.add(digest) }
                chunk = start.chunk
            }
            let count = offer.chunkCount(file: index)
            var next = chunk < count ? read(handle, file: index, chunk: chunk) : nil
            do {
            while let pending = next {
                let (data, digest) = try await pending.value
                let header = Huddle_Transfer_V1_Chunk.with {
                    $0.fileIndex = UInt32(index)
                    $0.chunkIndex = chunk
                    $0.length = UInt32(data.readableBytes)
                    $0.digest = Data(digest)
                }
                chunk += 1
                next = chunk < count ? read(handle, file: index, chunk: chunk) : nil
                fileDigest.add(digest)
                try await outbound.write(.chunk(header, data))
                bytesSent += UInt64(data.readableBytes)
                await sent(bytesSent)
                if let rateLimit, rateLimit > 0 {
                    let due = Duration.seconds(Double(bytesSent - initial) / Double(rateLimit))
                    if clock.now - began < due { try await Task.sleep(until: began + due, clock: clock) }
                }
            }
            } catch {
                _ = try? await next?.value // never close the file under a read in flight
                throw error
            }
            var end = Huddle_Transfer_V1_Frame()
            end.fileEnd = .with {
                $0.fileIndex = UInt32(index)
                $0.digest = Data(fileDigest.finalize())
            }
            try await outbound.write(.frame(end))
        }
    }

    /// Reads and hashes one chunk on the pool.
    func read(_ handle: FileHandleBox, file: Int, chunk: UInt64) -> Task<(ByteBuffer, [UInt8]), Error> {
        let length = offer.chunkLength(file: file, chunk: chunk)!
        let offset = chunk * UInt64(offer.chunkSize)
        let path = sources[file].absolutePath
        let pool = pool
        return Task {
            try await pool.runIfActive {
                let data = try FileIO.read(handle.fd, count: length, at: offset, path: path, allocator: .init())
                return (data, ChunkDigest.of(data))
            }
        }
    }
}
