#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// A file being sent, opened by the first read that needs it (no link followed, its size
/// checked against the offer) and shared by the reads of its chunks.
final class SourceHandle: @unchecked Sendable {
    let file: SourceFile
    private let lock = NSLock()
    private var fd: Int32 = -1
    private var closed = false

    init(_ file: SourceFile) { self.file = file }

    /// The open descriptor (opening it the first time).
    func descriptor() throws(TransferError) -> Int32 {
        lock.lock()
        defer { lock.unlock() }
        if fd >= 0 { return fd }
        guard !closed else { throw .io(operation: "read", path: file.absolutePath, errno: EBADF) }
        let opened = try FileIO.openForReading(file.absolutePath)
        guard try FileIO.size(of: opened, path: file.absolutePath) == file.size else {
            Glibc.close(opened)
            throw .sourceChanged(path: file.absolutePath)
        }
        fd = opened
        return fd
    }

    func close() {
        lock.lock()
        defer { lock.unlock() }
        if fd >= 0 { Glibc.close(fd) }
        fd = -1
        closed = true
    }

    deinit { if fd >= 0 { Glibc.close(fd) } }
}
