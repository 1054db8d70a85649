#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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

    /// Closes the file and moves it to `folder/name` (or the first free numbered name).
    func moveIntoPlace() throws(TransferError) -> String {
        handle.close()
        return try FileIO.atFreeName(name, in: folder, operation: "rename") { path throws(TransferError) in
            try FileIO.moveNoReplace(part, to: path) ? path : nil
        }
    }
}
