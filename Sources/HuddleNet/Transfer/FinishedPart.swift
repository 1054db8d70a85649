#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import HuddleCore

/// A verified, complete partial file waiting for its batch's commit.
struct FinishedPart: Sendable {
    /// Its descriptor, open until the commit closes it (once: a failed commit leaves the rest
    /// to ``FileReceiver/close(removingPart:)``).
    let handle: FileHandleBox
    var fd: Int32 { handle.fd }
    let part: String
    let folder: String
    /// The offered name; a taken name gets a number.
    let name: String
    let mode: mode_t

    /// The first of `folder/name`, `folder/stem (1).ext`, ... that is neither on disk nor in
    /// `chosen` (the names taken by the files before it in its batch).
    func freeName(avoiding chosen: Set<String>) throws(TransferError) -> String {
        let free = UniqueName.resolve(name) { candidate in
            let path = folder + "/" + candidate
            return chosen.contains(path) || (try? FileIO.status(path)) != nil
        }
        guard let free else { throw .io(operation: "rename", path: folder + "/" + name, errno: EEXIST) }
        return folder + "/" + free
    }

    /// The partial file's inode (a move keeps it).
    func inode() throws(TransferError) -> UInt64 {
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw FileIO.fail("stat", part) }
        return UInt64(info.st_ino)
    }

    /// Closes the file and moves it to `preferred` (chosen free), or to the first free
    /// numbered name if another program took that one meanwhile; never replaces a file.
    func moveIntoPlace(preferring preferred: String) throws(TransferError) -> String {
        handle.close()
        if try FileIO.moveNoReplace(part, to: preferred) { return preferred }
        return try FileIO.atFreeName(name, in: folder, operation: "rename") { path throws(TransferError) in
            try FileIO.moveNoReplace(part, to: path) ? path : nil
        }
    }
}
