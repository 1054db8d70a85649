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
/// exact length, digest) before writing it to `NAME.part`, verifies each file's digest,
/// fsyncs, moves it into place without overwriting anything, and fsyncs the folder.
///
/// Hashing and writing run on the thread pool while the event loop decrypts the next chunk.
struct FileReceiver: Sendable {
    /// The most chunk digests a resume claim carries.
    static let maxClaimedChunks = 65_536

    let offer: TransferOffer
    var plan: ReceivePlan
    let pool: NIOThreadPool
    let umask: mode_t
    let handle = FileHandleBox()
    var nextChunk: UInt64 = 0
    var digest = ChunkDigest.File()
    var heldDigests: [[UInt8]] = []
    /// Verified bytes of the whole offer.
    var bytesDone: UInt64

    init(offer: TransferOffer, plan: ReceivePlan, pool: NIOThreadPool, umask: mode_t) {
        self.offer = offer
        self.plan = plan
        self.pool = pool
        self.umask = umask
        bytesDone = offer.files.prefix(plan.filesDone).reduce(0) { $0 + $1.size }
    }

    var isComplete: Bool { plan.filesDone == offer.fileCount }

    /// What this side holds, for `Accept`: complete files, and the digests of the whole chunks
    /// of the current partial file (re-read from disk: only data that is there counts), never
    /// more than the plan's verified chunks (after a restart, what the journal saved).
    mutating func claim() async throws -> Huddle_Transfer_V1_Accept {
        heldDigests = []
        if let part = plan.partPath, plan.filesDone < offer.fileCount {
            let chunkSize = offer.chunkSize
            let limit = min(offer.chunkCount(file: plan.filesDone), UInt64(Self.maxClaimedChunks), plan.verifiedChunks)
            let handle = handle
            heldDigests = try await pool.runIfActive {
                guard (try? FileIO.status(part)) != nil else { return [] }
                let fd = try FileIO.openPart(part)
                handle.fd = fd
                let whole = min(try FileIO.size(of: fd, path: part) / UInt64(chunkSize), limit)
                var digests: [[UInt8]] = []
                for index in 0..<whole {
                    let data = try FileIO.read(fd, count: chunkSize, at: index * UInt64(chunkSize), path: part, allocator: .init())
                    digests.append(ChunkDigest.of(data))
                }
                return digests
            }
            if handle.fd < 0 { plan.partPath = nil }
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
        plan.verifiedChunks = start.chunkIndex
        digest = ChunkDigest.File()
        for held in heldDigests.prefix(Int(start.chunkIndex)) { digest.add(held) }
        let kept = start.chunkIndex * UInt64(offer.chunkSize)
        bytesDone += kept
        if let part = plan.partPath, handle.fd >= 0 {
            let fd = handle.fd
            try await pool.runIfActive { try FileIO.truncate(fd, to: kept, path: part) }
        }
    }

    /// Checks and writes one chunk; anything but the next chunk of the current file, at
    /// exactly its length, is refused (so nobody sends more than they offered).
    mutating func receive(_ header: Huddle_Transfer_V1_Chunk, _ data: ByteBuffer) async throws {
        guard Int(exactly: header.fileIndex) == plan.filesDone, plan.filesDone < offer.fileCount else {
            throw TransferError.protocolViolation("data for a file other than the one in progress (more than offered?)")
        }
        guard header.chunkIndex == nextChunk, let length = offer.chunkLength(file: plan.filesDone, chunk: nextChunk) else {
            throw TransferError.protocolViolation("more data than offered for file \(plan.filesDone + 1)")
        }
        guard Int(header.length) == length, data.readableBytes == length else {
            throw TransferError.protocolViolation("a chunk of the wrong length")
        }
        try await openPartIfNeeded()
        let fd = handle.fd, path = plan.partPath ?? "", file = plan.filesDone
        let offset = nextChunk * UInt64(offer.chunkSize)
        let expected = Array(header.digest)
        let chunkDigest = try await pool.runIfActive {
            let actual = ChunkDigest.of(data)
            guard actual == expected else { throw TransferError.digestMismatch(file: file) }
            try FileIO.write(fd, data, at: offset, path: path)
            return actual
        }
        digest.add(chunkDigest)
        nextChunk += 1
        plan.verifiedChunks = nextChunk
        bytesDone += UInt64(length)
    }

    /// Verifies the finished file, syncs it and moves it into place; returns its final path.
    mutating func finishFile(_ end: Huddle_Transfer_V1_FileEnd) async throws -> String {
        guard Int(exactly: end.fileIndex) == plan.filesDone, plan.filesDone < offer.fileCount,
              nextChunk == offer.chunkCount(file: plan.filesDone) else {
            throw TransferError.protocolViolation("a file ended early or out of order")
        }
        guard Array(end.digest) == digest.finalize() else { throw TransferError.digestMismatch(file: plan.filesDone) }
        try await openPartIfNeeded()
        let file = offer.files[plan.filesDone]
        let mode = (file.executable && plan.applyExecutableBits ? 0o777 : 0o666) & ~umask
        let fd = handle.fd, part = plan.partPath!, folder = try directory(for: file.path)
        let final = try await pool.runIfActive {
            guard fchmod(fd, mode) == 0 else { throw FileIO.fail("chmod", part) }
            try FileIO.sync(fd, path: part)
            for _ in 0..<16 {
                guard let name = UniqueName.resolve(file.path.name, exists: { (try? FileIO.status(folder + "/" + $0)) != nil }) else { break }
                if try FileIO.moveNoReplace(part, to: folder + "/" + name) {
                    try FileIO.syncDirectory(folder)
                    return folder + "/" + name
                }
            }
            throw TransferError.io(operation: "rename", path: part, errno: EEXIST)
        }
        handle.close()
        plan.partPath = nil
        plan.completed.append(final)
        plan.filesDone += 1
        plan.verifiedChunks = 0
        nextChunk = 0
        digest = ChunkDigest.File()
        heldDigests = []
        return final
    }

    /// Closes the partial file, and removes it unless the transfer may resume.
    mutating func close(removingPart: Bool) {
        handle.close()
        if removingPart, let part = plan.partPath {
            FileIO.remove(part)
            plan.partPath = nil
        }
    }

    /// Creates `NAME.part` exclusively (0600) in the file's folder, after checking the folder
    /// lies inside the target folder.
    mutating func openPartIfNeeded() async throws {
        guard handle.fd < 0 else { return }
        let path = offer.files[plan.filesDone].path
        let folder = try directory(for: path)
        let root = plan.directory
        let components = Array(path.components.dropLast())
        let topFolder = components.isEmpty ? nil : plan.folders[path.top]
        let handle = handle
        plan.partPath = try await pool.runIfActive {
            try Self.makeFolders(root: root, top: topFolder, middle: Array(components.dropFirst()))
            guard let canonical = FileIO.canonical(folder), canonical == root || canonical.hasPrefix(root + "/") else {
                throw TransferError.protocolViolation("a path leads outside the target folder")
            }
            let partName = Self.partName(for: path.name)
            for _ in 0..<16 {
                guard let name = UniqueName.resolve(partName, exists: { (try? FileIO.status(folder + "/" + $0)) != nil }) else { break }
                if let fd = try FileIO.createExclusive(folder + "/" + name) {
                    handle.fd = fd
                    return folder + "/" + name
                }
            }
            throw TransferError.io(operation: "create", path: folder + "/" + partName, errno: EEXIST)
        }
    }

    /// The folder a file goes into: the target, or the created top folder and the offered
    /// folders below it.
    func directory(for path: ReceivedPath) throws -> String {
        guard path.components.count > 1 else { return plan.directory }
        guard let top = plan.folders[path.top] else { throw TransferError.protocolViolation("a folder that was not planned") }
        return ([plan.directory, top] + path.components.dropFirst().dropLast()).joined(separator: "/")
    }

    /// Creates the folders below the (already created) top folder; each must end up a real
    /// folder, never a link.
    static func makeFolders(root: String, top: String?, middle: [String]) throws {
        guard let top else { return }
        var current = root + "/" + top
        for name in [""] + middle {
            if !name.isEmpty {
                current += "/" + name
                _ = try FileIO.makeDirectory(current)
            }
            guard let info = try FileIO.status(current), FileIO.isDirectory(info) else { throw TransferError.notAFolder(path: current) }
        }
    }

    /// `NAME.part`, with NAME shortened if needed to stay within 255 bytes.
    static func partName(for name: String) -> String {
        var stem = Substring(name)
        while stem.utf8.count + 5 > ReceivedPath.maxComponentBytes { stem = stem.dropLast() }
        return stem + ".part"
    }
}

/// The descriptor of the file being received, shared with the thread-pool jobs that use it.
final class FileHandleBox: @unchecked Sendable {
    var fd: Int32 = -1

    func close() {
        if fd >= 0 { _ = Glibc.close(fd) }
        fd = -1
    }

    deinit { close() }
}
