#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CFileSystem
import HuddleCore
import NIOCore

/// The blocking file-system calls of transfers, with typed errors. Call them off the event
/// loops and the cooperative pool (the engine runs them on a `NIOThreadPool`).
enum FileIO {
    static func fail(_ operation: String, _ path: String, _ code: Int32 = errno) -> TransferError {
        code == ENOSPC || code == EDQUOT ? .diskFull : .io(operation: operation, path: path, errno: code)
    }

    /// Opens a file to send: no symbolic link followed, regular files only.
    static func openForReading(_ path: String) throws(TransferError) -> Int32 {
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { throw errno == ELOOP ? .symbolicLinkNotSent(path: path) : fail("open", path) }
        return fd
    }

    /// Creates a partial file exclusively (never an existing file, never through a link), 0600.
    /// Returns `nil` if the name is taken.
    static func createExclusive(_ path: String) throws(TransferError) -> Int32? {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        if fd < 0 && errno == EEXIST { return nil }
        guard fd >= 0 else { throw fail("create", path) }
        return fd
    }

    /// Opens an existing partial file to continue it (read and write, no link followed).
    static func openPart(_ path: String) throws(TransferError) -> Int32 {
        let fd = open(path, O_RDWR | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { throw fail("open", path) }
        return fd
    }

    /// `lstat`, or `nil` if nothing is there.
    static func status(_ path: String) throws(TransferError) -> stat? {
        var info = stat()
        if lstat(path, &info) == 0 { return info }
        if errno == ENOENT { return nil }
        throw fail("stat", path)
    }

    static func size(of fd: Int32, path: String) throws(TransferError) -> UInt64 {
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw fail("stat", path) }
        return UInt64(info.st_size)
    }

    static func isDirectory(_ info: stat) -> Bool { info.st_mode & S_IFMT == S_IFDIR }
    static func isRegular(_ info: stat) -> Bool { info.st_mode & S_IFMT == S_IFREG }
    static func isLink(_ info: stat) -> Bool { info.st_mode & S_IFMT == S_IFLNK }

    /// Reads exactly `count` bytes at `offset` into a new buffer; fewer means the file shrank.
    static func read(_ fd: Int32, count: Int, at offset: UInt64, path: String, allocator: ByteBufferAllocator) throws(TransferError) -> ByteBuffer {
        var buffer = allocator.buffer(capacity: count)
        var failure: TransferError?
        buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: count) { raw in
            var done = 0
            while done < count {
                let n = pread(fd, raw.baseAddress! + done, count - done, off_t(offset) + off_t(done))
                if n < 0 && errno == EINTR { continue }
                if n < 0 { failure = fail("read", path); return done }
                if n == 0 { failure = .sourceChanged(path: path); return done }
                done += n
            }
            return done
        }
        if let failure { throw failure }
        return buffer
    }

    /// Writes all of `buffer` at `offset`; a full disk is ``TransferError/diskFull``.
    static func write(_ fd: Int32, _ buffer: ByteBuffer, at offset: UInt64, path: String) throws(TransferError) {
        var failure: TransferError?
        buffer.withUnsafeReadableBytes { raw in
            var done = 0
            while done < raw.count {
                let n = pwrite(fd, raw.baseAddress! + done, raw.count - done, off_t(offset) + off_t(done))
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { failure = fail("write", path, n == 0 ? ENOSPC : errno); return }
                done += n
            }
        }
        if let failure { throw failure }
    }

    static func truncate(_ fd: Int32, to length: UInt64, path: String) throws(TransferError) {
        guard ftruncate(fd, off_t(length)) == 0 else { throw fail("truncate", path) }
    }

    static func sync(_ fd: Int32, path: String) throws(TransferError) {
        guard fsync(fd) == 0 else { throw fail("fsync", path) }
    }

    /// Makes everything written to the file system holding `fd` durable (syncfs): far cheaper
    /// than an fsync per file for a batch of many, since a journaled file system then
    /// commits and flushes its disk once. Returns false where there is no syncfs.
    static func syncFileSystem(of fd: Int32, path: String) throws(TransferError) -> Bool {
        if huddle_sync_file_system(fd) == 0 { return true }
        if errno == ENOSYS { return false }
        throw fail("syncfs", path)
    }

    /// Syncs the file system holding the folder `path` (see ``syncFileSystem(of:path:)``),
    /// falling back to an fsync of the folder.
    static func syncFileSystem(_ path: String) throws(TransferError) {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw fail("open", path) }
        defer { close(fd) }
        if try !syncFileSystem(of: fd, path: path), fsync(fd) != 0 { throw fail("fsync", path) }
    }

    /// fsyncs a folder, so a rename into it survives a crash.
    static func syncDirectory(_ path: String) throws(TransferError) {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw fail("open", path) }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw fail("fsync", path) }
    }

    /// Puts `from` at `to` unless something is there already (then returns false): a rename
    /// that never replaces, or where the file system cannot do that, a hard link (which fails
    /// with EEXIST atomically) and then removing the old name.
    static func moveNoReplace(_ from: String, to: String) throws(TransferError) -> Bool {
        if huddle_rename_noreplace(from, to) == 0 { return true }
        switch errno {
        case EEXIST: return false
        case ENOSYS, EINVAL, ENOTSUP: break
        default: throw fail("rename", to)
        }
        if link(from, to) == 0 {
            unlink(from)
            return true
        }
        if errno == EEXIST { return false }
        throw fail("link", to)
    }

    /// Starts writing `length` bytes at `offset` back to the disk without waiting, so the
    /// fsync at the end of a large file has little left to do. Only a hint: failures are
    /// left to that fsync to report.
    static func startWriteback(_ fd: Int32, offset: UInt64, length: UInt64) {
        _ = huddle_start_writeback(fd, Int64(offset), Int64(length))
    }

    /// Creates a folder (0755 less the umask); returns false if the name is taken.
    static func makeDirectory(_ path: String) throws(TransferError) -> Bool {
        if mkdir(path, 0o755) == 0 { return true }
        if errno == EEXIST { return false }
        throw fail("mkdir", path)
    }

    /// Bytes free for an unprivileged user in the file system holding `path`.
    static func availableBytes(at path: String) throws(TransferError) -> UInt64 {
        var info = statvfs()
        guard statvfs(path, &info) == 0 else { throw fail("statvfs", path) }
        return UInt64(info.f_bavail).multipliedReportingOverflow(by: UInt64(info.f_frsize)).partialValue
    }

    /// The canonical absolute path (links resolved), or `nil` if it does not exist.
    static func canonical(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    static func remove(_ path: String) { unlink(path) }

    /// Removes `path` if it is a regular file (never a folder or a link someone put there).
    static func removeRegularFile(_ path: String) {
        if let info = try? status(path), isRegular(info) { unlink(path) }
    }

    /// Does what `attempt` does at `folder/name`, or, where that name is taken, at the first
    /// free numbered name (`report (1).pdf`, folders `photos (1)`). `attempt` must be exclusive
    /// (`O_EXCL`, `mkdir`, a rename that never replaces) and return `nil` when the name is
    /// taken, since the folder can change between looking and acting; after 16 names taken
    /// that way it gives up.
    static func atFreeName<T>(_ name: String, in folder: String, isDirectory: Bool = false, operation: String,
                              _ attempt: (String) throws(TransferError) -> T?) throws(TransferError) -> T {
        if let done = try attempt(folder + "/" + name) { return done }
        for _ in 0..<16 {
            guard let free = UniqueName.resolve(name, isDirectory: isDirectory, exists: { (try? status(folder + "/" + $0)) != nil }) else { break }
            if let done = try attempt(folder + "/" + free) { return done }
        }
        throw .io(operation: operation, path: folder + "/" + name, errno: EEXIST)
    }
}
