#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import HuddleCore
import NIOCore
import NIOPosix

/// The receiving end of one transfer's data: checks every chunk against the offer (order,
/// exact length, digest) before writing it to `NAME.part`, verifies each file's digest, then
/// fsyncs it, moves it into place without overwriting anything, and fsyncs the folder.
///
/// Hashing and writing run on the thread pool while the event loop decrypts the next chunk.
/// Finished files are made durable in batches (``FinishedPart``, ``commit()``): a folder of
/// thousands of small files costs one folder fsync per folder and batch, not per file. Only
/// committed files count as done (``plan``), so a crash before a commit costs a resend of
/// that batch, never a file that is only a `.part`.
struct FileReceiver: Sendable {
    /// The most chunk digests a resume claim carries.
    static let maxClaimedChunks = 65_536
    /// A batch of finished files is committed once it holds this many files (each stays
    /// open until then; the huddle command raises its open-file limit),
    static let batchFiles = 256
    /// or this many bytes (so a large file is committed as soon as it ends),
    static let batchBytes: UInt64 = 32 << 20
    /// or its first file waited this long, or the offer's last file ended. Fewer, larger
    /// batches mean fewer file-system syncs: 1,000 small files on a journaled ext4 arrived
    /// in 0.64-0.81 s with these, 0.84-1.01 s with 64 files / 8 MiB / 200 ms.
    static let batchDelay: Duration = .milliseconds(500)
    /// A large file's pages are handed to the disk every this many bytes, so its final
    /// fsync has little left to write.
    static let writebackBytes: UInt64 = 8 << 20

    let offer: TransferOffer
    /// What is committed, in the form a resume continues from: files `[0, filesDone)` in
    /// place; the partial file of file `filesDone` (the first finished file of the batch, or
    /// the file being received) and its verified chunks; and the stray partial files after it.
    var plan: ReceivePlan
    let pool: NIOThreadPool
    let umask: mode_t
    /// The partial file of the file being received.
    var handle = FileHandleBox()
    /// Files verified and complete, waiting for their batch's fsync and rename.
    var pending: [FinishedPart] = []
    var pendingSince: ContinuousClock.Instant?
    /// Folders made (or found) and checked to lie inside the target folder.
    var checkedFolders: Set<String> = []
    /// The chunk of the current file expected next.
    var nextChunk: UInt64 = 0
    /// A whole chunk of the current file kept until the next one arrives, so the two are
    /// hashed together (``ChunkDigest/of(_:_:)``), with the partial file to create first.
    var held: (chunk: ReceivedChunk, opening: PartOpening?)?
    /// Chunks of the current file being hashed and written on the pool, oldest first.
    var writing: [ChunkWrite] = []
    /// How many writes (of one or two chunks) may be in flight at once: the next one's
    /// hashing overlaps this one's write.
    static let maxWriting = 2
    var digest = ChunkDigest.File()
    var heldDigests: [[UInt8]] = []
    /// Verified bytes of the whole offer.
    var bytesDone: UInt64

    /// How long a batch's first file waits at most (``batchDelay``; tests make it longer).
    let batchWait: Duration

    init(offer: TransferOffer, plan: ReceivePlan, pool: NIOThreadPool, umask: mode_t, batchWait: Duration) {
        self.offer = offer
        self.plan = plan
        self.pool = pool
        self.umask = umask
        self.batchWait = batchWait
        handle.path = plan.partPath
        bytesDone = offer.bytes(before: plan.filesDone)
    }

    /// Every file is in place.
    var isComplete: Bool { plan.filesDone == offer.fileCount }

    /// The file whose chunks come next.
    var receiving: Int { plan.filesDone + pending.count }

    /// The bytes of the files waiting for their batch.
    var pendingBytes: UInt64 { offer.files[plan.filesDone..<receiving].reduce(0) { $0 + $1.size } }

    /// What this side holds, for `Accept`: complete files, and the digests of the whole chunks
    /// of the current partial file (re-read from disk: only data that is there counts), never
    /// more than the plan's verified chunks (after a restart, what the journal saved). Partial
    /// files a restart left behind are removed first (``leftoverParts()``).
    mutating func claim() async throws -> Huddle_Transfer_V1_Accept {
        heldDigests = []
        let leftovers = plan.strayParts + leftoverParts()
        if !leftovers.isEmpty {
            try await pool.runIfActive { leftovers.forEach(FileIO.removeRegularFile) }
            plan.strayParts = []
        }
        if let part = plan.partPath, plan.filesDone < offer.fileCount {
            let chunkSize = offer.chunkSize
            let limit = min(offer.chunkCount(file: plan.filesDone), UInt64(Self.maxClaimedChunks), plan.verifiedChunks)
            let handle = handle
            heldDigests = try await pool.runIfActive {
                guard (try? FileIO.status(part)) != nil else { return [] }
                let fd = try FileIO.openPart(part)
                handle.fd = fd
                let whole = min(try FileIO.size(of: fd, path: part) / UInt64(chunkSize), limit)
                return try ChunkDigest.ofChunks(in: fd, path: part, count: whole, chunkSize: chunkSize)
            }
            if handle.fd < 0 {
                handle.path = nil
                plan.partPath = nil
            }
        }
        return .with {
            $0.filesDone = UInt32(plan.filesDone)
            $0.chunkDigests = heldDigests.map { Data($0) }
        }
    }

    /// Applies the sender's `Start`: keeps the first `chunk_index` chunks of the current file.
    mutating func start(_ start: Huddle_Transfer_V1_Start) async throws {
        guard Int(exactly: start.fileIndex) == plan.filesDone, plan.filesDone < offer.fileCount,
              start.chunkIndex <= UInt64(heldDigests.count) else {
            throw TransferError.protocolViolation("the sender starts where this side holds nothing")
        }
        nextChunk = start.chunkIndex
        held = nil
        plan.verifiedChunks = start.chunkIndex
        digest = ChunkDigest.File()
        for held in heldDigests.prefix(Int(start.chunkIndex)) { digest.add(held) }
        let kept = start.chunkIndex * UInt64(offer.chunkSize)
        bytesDone += kept
        if let part = handle.path, handle.fd >= 0 {
            let fd = handle.fd
            try await pool.runIfActive { try FileIO.truncate(fd, to: kept, path: part) }
        }
    }

    /// Checks and writes one chunk (a whole chunk that is not its file's last waits for the
    /// next, see ``held``); anything but the next chunk of the current file, at exactly its
    /// length, is refused (so nobody sends more than they offered).
    mutating func receive(_ header: Huddle_Transfer_V1_Chunk, _ data: ByteBuffer) async throws {
        let file = receiving
        guard Int(exactly: header.fileIndex) == file, file < offer.fileCount else {
            throw TransferError.protocolViolation("data for a file other than the one in progress (more than offered?)")
        }
        guard header.chunkIndex == nextChunk, let length = offer.chunkLength(file: file, chunk: nextChunk) else {
            throw TransferError.protocolViolation("more data than offered for file \(file + 1)")
        }
        guard Int(header.length) == length, data.readableBytes == length else {
            throw TransferError.protocolViolation("a chunk of the wrong length")
        }
        let chunk = ReceivedChunk(data: data, expected: Array(header.digest), offset: nextChunk * UInt64(offer.chunkSize))
        nextChunk += 1
        if held == nil, ChunkDigest.pairsAreFaster, nextChunk < offer.chunkCount(file: file) {
            held = (chunk, try partToOpen()) // hashed with the next chunk, which is sure to follow
            return
        }
        let chunks = held.map { [$0.chunk, chunk] } ?? [chunk]
        let opening = try held == nil ? partToOpen() : held?.opening
        held = nil
        let handle = handle, pool = pool
        let write = ChunkWrite(chunks: chunks.count, length: chunks.reduce(0) { $0 + $1.data.readableBytes }, task: Task {
            try await pool.runIfActive {
                if let opening { try opening.open(into: handle) }
                let digests = ChunkDigest.of(chunks.map(\.data))
                guard zip(chunks, digests).allSatisfy({ $0.expected == $1 }) else { throw TransferError.digestMismatch(file: file) }
                // One write at a time: two would only spin on the file's lock in the kernel.
                try handle.writing.withLock {
                    for chunk in chunks {
                        try FileIO.write(handle.fd, chunk.data, at: chunk.offset, path: handle.path ?? "")
                        let end = chunk.offset + UInt64(chunk.data.readableBytes), step = Self.writebackBytes
                        if end / step != chunk.offset / step {
                            FileIO.startWriteback(handle.fd, offset: (end / step - 1) * step, length: step)
                        }
                    }
                }
                return digests
            }
        })
        writing.append(write)
        if let opening { // the partial file must exist before the next chunk is written to it
            try await settleWrites()
            checkedFolders.insert(opening.folder)
        } else if writing.count >= Self.maxWriting {
            try await settleOldestWrite()
        }
    }

    /// Waits for the oldest chunk write and counts it (in order, so the file digest too).
    mutating func settleOldestWrite() async throws {
        let write = writing.removeFirst()
        for chunkDigest in try await write.task.value { digest.add(chunkDigest) }
        bytesDone += UInt64(write.length)
        updatePlan()
    }

    /// Waits for every chunk write in flight.
    mutating func settleWrites() async throws {
        while !writing.isEmpty { try await settleOldestWrite() }
    }

    /// Waits for every chunk write in flight whatever comes of them (before the file is
    /// closed), counting those that succeeded before the first that did not.
    mutating func finishWrites() async {
        held = nil // never written, so never counted
        do {
            try await settleWrites()
        } catch {
            for write in writing { _ = try? await write.task.value }
            writing = []
        }
        updatePlan()
    }

    /// Verifies the finished file and adds it to the batch waiting for ``commit()``.
    mutating func finishFile(_ end: Huddle_Transfer_V1_FileEnd) async throws {
        try await settleWrites()
        let index = receiving
        guard Int(exactly: end.fileIndex) == index, index < offer.fileCount, nextChunk == offer.chunkCount(file: index) else {
            throw TransferError.protocolViolation("a file ended early or out of order")
        }
        guard Array(end.digest) == digest.finalize() else { throw TransferError.digestMismatch(file: index) }
        if let opening = try partToOpen() { // an empty file
            let handle = handle
            try await pool.runIfActive { try opening.open(into: handle) }
            checkedFolders.insert(opening.folder)
        }
        let file = offer.files[index]
        pending.append(FinishedPart(handle: handle, part: handle.path!, folder: try directory(for: file.path), name: file.path.name,
                                    mode: (file.executable && plan.applyExecutableBits ? 0o777 : 0o666) & ~umask))
        handle = FileHandleBox() // the batch owns the finished file's
        pendingSince = pendingSince ?? .now
        nextChunk = 0
        digest = ChunkDigest.File()
        heldDigests = []
        updatePlan()
    }

    /// Closes the partial files, and removes them unless the transfer may resume (then the
    /// plan still names them). Call ``commit()`` first for finished files to count.
    mutating func close(removingPart: Bool) {
        handle.close()
        for file in pending { file.handle.close() }
        guard removingPart else { return }
        for part in pending.map(\.part) + [handle.path].compactMap({ $0 }) { FileIO.remove(part) }
        pending = []
        pendingSince = nil
        handle.path = nil
        updatePlan()
    }

    /// Keeps ``plan`` in its resumable form (see there).
    mutating func updatePlan() {
        if let first = pending.first {
            plan.partPath = first.part
            plan.verifiedChunks = offer.chunkCount(file: plan.filesDone)
            plan.strayParts = pending.dropFirst().map(\.part) + [handle.path].compactMap { $0 }
        } else {
            plan.partPath = handle.path
            plan.verifiedChunks = nextChunk - UInt64(writing.reduce(0) { $0 + $1.chunks } + (held == nil ? 0 : 1))
            plan.strayParts = []
        }
    }

    /// The partial files of the files still to come that a restart may have left without the
    /// journal knowing (it is saved after them): `NAME.part` of each, but only inside folders
    /// this transfer created, where nothing else makes such names.
    func leftoverParts() -> [String] {
        offer.files.dropFirst(plan.filesDone).compactMap { file in
            guard file.path.components.count > 1, let folder = try? directory(for: file.path) else { return nil }
            let part = folder + "/" + Self.partName(for: file.path.name)
            return part == plan.partPath ? nil : part
        }
    }

    /// What to create for the file being received, if its partial file is not open yet.
    func partToOpen() throws -> PartOpening? {
        guard handle.fd < 0 else { return nil }
        let path = offer.files[receiving].path
        let folder = try directory(for: path)
        let components = Array(path.components.dropLast())
        return PartOpening(
            root: plan.directory, folder: folder, name: Self.partName(for: path.name),
            makeFolders: checkedFolders.contains(folder) ? nil : (components.isEmpty ? nil : plan.folders[path.top], Array(components.dropFirst())))
    }

    /// The folder a file goes into: the target, or the created top folder and the offered
    /// folders below it.
    func directory(for path: ReceivedPath) throws -> String {
        guard path.components.count > 1 else { return plan.directory }
        guard let top = plan.folders[path.top] else { throw TransferError.protocolViolation("a folder that was not planned") }
        return ([plan.directory, top] + path.components.dropFirst().dropLast()).joined(separator: "/")
    }

    /// `NAME.part`, with NAME shortened if needed to stay within 255 bytes.
    static func partName(for name: String) -> String {
        var stem = Substring(name)
        while stem.utf8.count + 5 > ReceivedPath.maxComponentBytes { stem = stem.dropLast() }
        return stem + ".part"
    }
}

/// A chunk as it arrived: its bytes, the digest the sender gave, and where it goes.
struct ReceivedChunk: Sendable {
    let data: ByteBuffer
    let expected: [UInt8]
    let offset: UInt64
}

/// One or two chunks being hashed and written on the pool; its task gives their digests.
struct ChunkWrite: Sendable {
    let chunks: Int
    /// Their bytes in all.
    let length: Int
    let task: Task<[[UInt8]], Error>
}

/// The partial file being received, shared with the thread-pool jobs that use it.
final class FileHandleBox: @unchecked Sendable {
    var fd: Int32 = -1
    var path: String?
    /// Held while a chunk is written.
    let writing = NSLock()

    /// Closes the descriptor; the path stays (the file is still there).
    func close() {
        if fd >= 0 { _ = Glibc.close(fd) }
        fd = -1
    }

    deinit { close() }
}
