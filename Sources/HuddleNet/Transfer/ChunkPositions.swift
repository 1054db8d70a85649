import HuddleCore

/// Where each chunk to send comes from, in order: every chunk of each file from the start
/// point on, and one position for an empty file (its end).
struct ChunkPositions {
    let offer: TransferOffer
    let sources: [SourceFile]
    var file: Int
    var chunk: UInt64
    /// The current file, shared by its positions.
    var source: SourceHandle?

    init(offer: TransferOffer, sources: [SourceFile], file: Int, chunk: UInt64) {
        self.offer = offer
        self.sources = sources
        self.file = file
        self.chunk = chunk
    }

    /// How far ahead to read from here (see ``FileSender/readAheadSmall``).
    var readAhead: Int {
        file < offer.fileCount && offer.chunkCount(file: file) > 1 ? FileSender.readAheadLarge : FileSender.readAheadSmall
    }

    /// The next one or two positions: two when they are whole chunks of the same file, whose
    /// digests are computed together (``ChunkDigest/of(_:_:)``); empty at the end.
    mutating func nextGroup() -> [ChunkPosition] {
        guard let first = next() else { return [] }
        guard !first.isLast, offer.chunkLength(file: file, chunk: chunk) == offer.chunkSize, let second = next() else {
            return [first]
        }
        return [first, second]
    }

    mutating func next() -> ChunkPosition? {
        guard file < offer.fileCount else { return nil }
        let count = offer.chunkCount(file: file)
        let handle = source ?? SourceHandle(sources[file])
        let position = ChunkPosition(file: file, chunk: chunk, isLast: chunk + 1 >= count, source: handle)
        if position.isLast {
            file += 1
            chunk = 0
            source = nil
        } else {
            chunk += 1
            source = handle
        }
        return position
    }
}

/// One position of ``ChunkPositions``.
struct ChunkPosition: Sendable {
    let file: Int
    let chunk: UInt64
    /// The file's last chunk (or an empty file): its end follows.
    let isLast: Bool
    let source: SourceHandle
}
