import HuddleCore

/// How to open the partial file of the file being received: make and check its folders the
/// first time, then create `NAME.part` exclusively (0600).
struct PartOpening: Sendable {
    /// The target folder, canonical.
    let root: String
    let folder: String
    let name: String
    /// The created top folder and the folders below it, when the folder was not checked yet.
    let makeFolders: (top: String?, middle: [String])?

    /// Runs on the pool; sets the handle's descriptor and path.
    func open(into handle: FileHandleBox) throws {
        if let makeFolders {
            try Self.makeFolders(root: root, top: makeFolders.top, middle: makeFolders.middle)
            guard let canonical = FileIO.canonical(folder), canonical == root || canonical.hasPrefix(root + "/") else {
                throw TransferError.protocolViolation("a path leads outside the target folder")
            }
        }
        (handle.fd, handle.path) = try FileIO.atFreeName(name, in: folder, operation: "create") { path throws(TransferError) in
            try FileIO.createExclusive(path).map { ($0, path) }
        }
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
}
