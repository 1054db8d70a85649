/// The bounds an offer must stay within; checked on both sides before anything is allocated.
public struct TransferLimits: Hashable, Sendable {
    /// The most files in one offer.
    public var maxFiles: Int
    /// The largest single file.
    public var maxFileBytes: UInt64
    /// The largest total.
    public var maxTotalBytes: UInt64
    /// The chunk sizes a stream may use (powers of two from 64 KiB to 4 MiB).
    public var chunkSizes: Set<Int>

    /// 100,000 files, 1 PiB each and in total, chunks of 64 KiB to 4 MiB.
    public static let standard = TransferLimits(
        maxFiles: 100_000, maxFileBytes: 1 << 50, maxTotalBytes: 1 << 50,
        chunkSizes: Set((16...22).map { 1 << $0 }))

    /// The largest chunk any offer may use: what a receiver's frame decoder allows.
    public var maxChunkSize: Int { chunkSizes.max() ?? 0 }

    /// Custom limits.
    public init(maxFiles: Int, maxFileBytes: UInt64, maxTotalBytes: UInt64, chunkSizes: Set<Int>) {
        self.maxFiles = maxFiles
        self.maxFileBytes = maxFileBytes
        self.maxTotalBytes = maxTotalBytes
        self.chunkSizes = chunkSizes
    }
}

/// Why an offer was refused before anything was sent.
public enum OfferError: Error, Equatable, Sendable {
    /// The offer lists no file.
    case noFiles
    /// More files than the limit.
    case tooManyFiles(count: Int, limit: Int)
    /// A chunk size outside ``TransferLimits/chunkSizes``.
    case badChunkSize(Int)
    /// File `file` has a name the rules refuse.
    case invalidName(file: Int, ReceivedNameError)
    /// File `file` is larger than the limit.
    case fileTooLarge(file: Int)
    /// The sizes add up to more than the limit.
    case totalTooLarge
    /// File `file` repeats an earlier path.
    case duplicatePath(file: Int)
    /// File `file` has the path of a folder another file lies in.
    case fileIsAlsoFolder(file: Int)
}

extension OfferError: CustomStringConvertible {
    /// A sentence for the user.
    public var description: String {
        switch self {
        case .noFiles: "the offer lists no file"
        case let .tooManyFiles(count, limit): "the offer lists \(count) files (at most \(limit))"
        case let .badChunkSize(size): "chunk size \(size) is not allowed"
        case let .invalidName(file, error): "file \(file + 1) has a refused name: \(error)"
        case let .fileTooLarge(file): "file \(file + 1) is too large"
        case .totalTooLarge: "the files are too large in total"
        case let .duplicatePath(file): "file \(file + 1) repeats another file's path"
        case let .fileIsAlsoFolder(file): "file \(file + 1) has the same path as a folder in the offer"
        }
    }
}
