/// One file in an offer: where it goes (relative to the folder the receiver picks), how big
/// it is, and whether the sender's copy is executable (applied only if the receiver asks).
public struct OfferedFile: Hashable, Sendable {
    /// The validated relative path.
    public let path: ReceivedPath
    /// The size in bytes.
    public let size: UInt64
    /// Whether the sender's copy has an executable bit set.
    public let executable: Bool

    /// A file entry.
    public init(path: ReceivedPath, size: UInt64, executable: Bool) {
        self.path = path
        self.size = size
        self.executable = executable
    }
}

/// What a sender proposes to send: files with relative names, sizes and modes, and the chunk
/// size the stream will use. Every offer, local or received, is built by ``make(id:files:chunkSize:limits:)``,
/// which enforces the names, the counts and the sizes.
public struct TransferOffer: Hashable, Sendable {
    /// The offer's ID.
    public let id: OfferID
    /// The files, in the order they are sent.
    public let files: [OfferedFile]
    /// The size of every chunk but the last of each file.
    public let chunkSize: Int
    /// The sum of the file sizes.
    public let totalBytes: UInt64

    /// The number of files.
    public var fileCount: Int { files.count }

    /// The distinct first components: what appears in the target folder (a file or a folder).
    /// Worked out once: lists and progress reports ask for it many times.
    public let topNames: [String]

    /// Checks and builds an offer. `files` are (relative path, size, executable) as sent.
    public static func make(id: OfferID, files: [(path: String, size: UInt64, executable: Bool)], chunkSize: Int,
                            limits: TransferLimits = .standard) throws(OfferError) -> TransferOffer {
        guard !files.isEmpty else { throw .noFiles }
        guard files.count <= limits.maxFiles else { throw .tooManyFiles(count: files.count, limit: limits.maxFiles) }
        guard limits.chunkSizes.contains(chunkSize) else { throw .badChunkSize(chunkSize) }
        var checked: [OfferedFile] = []
        var total: UInt64 = 0
        var seenFiles: Set<ReceivedPath> = []
        var folders: Set<[String]> = []
        for (index, file) in files.enumerated() {
            let path: ReceivedPath
            do { path = try ReceivedPath.validate(file.path) } catch { throw .invalidName(file: index, error) }
            guard file.size <= limits.maxFileBytes else { throw .fileTooLarge(file: index) }
            let (sum, overflow) = total.addingReportingOverflow(file.size)
            guard !overflow, sum <= limits.maxTotalBytes else { throw .totalTooLarge }
            total = sum
            guard seenFiles.insert(path).inserted else { throw .duplicatePath(file: index) }
            for depth in 1..<path.components.count { folders.insert(Array(path.components.prefix(depth))) }
            checked.append(OfferedFile(path: path, size: file.size, executable: file.executable))
        }
        // A name cannot be both a file and a folder (`a` and `a/b`).
        if let clash = checked.firstIndex(where: { folders.contains($0.path.components) }) { throw .fileIsAlsoFolder(file: clash) }
        return TransferOffer(id: id, files: checked, chunkSize: chunkSize, totalBytes: total)
    }

    private init(id: OfferID, files: [OfferedFile], chunkSize: Int, totalBytes: UInt64) {
        self.id = id
        self.files = files
        var seen: Set<String> = []
        topNames = files.compactMap { seen.insert($0.path.top).inserted ? $0.path.top : nil }
        self.chunkSize = chunkSize
        self.totalBytes = totalBytes
    }

    /// The bytes of the files before file `index` (all of them for `index == fileCount`):
    /// where file `index` starts in the offer's stream.
    public func bytes(before index: Int) -> UInt64 {
        files.prefix(index).reduce(0) { $0 + $1.size }
    }

    /// How many chunks file `index` is sent in (0 for an empty file).
    public func chunkCount(file index: Int) -> UInt64 {
        let size = files[index].size
        let chunk = UInt64(chunkSize)
        return size / chunk + (size % chunk == 0 ? 0 : 1)
    }

    /// The exact length of chunk `chunk` of file `index`, or `nil` past the end.
    public func chunkLength(file index: Int, chunk: UInt64) -> Int? {
        guard chunk < chunkCount(file: index) else { return nil }
        let start = chunk * UInt64(chunkSize)
        return Int(min(UInt64(chunkSize), files[index].size - start))
    }
}
