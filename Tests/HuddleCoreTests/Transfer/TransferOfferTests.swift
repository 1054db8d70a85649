import HuddleCore
import HuddleTesting
import Testing

@Suite("Offers: names, counts and sizes checked once for both sides")
struct TransferOfferTests {
    var generator = SplitMix64(seed: 6)
    let chunk = 1 << 20

    mutating func id() -> OfferID { OfferID.random(using: &generator) }

    @Test mutating func totalsAndChunks() throws {
        let offer = try TransferOffer.make(id: id(), files: [
            ("photos/a.jpg", UInt64(chunk) * 2 + 1, false), ("photos/b.jpg", 0, false), ("run.sh", 10, true),
        ], chunkSize: chunk)
        #expect(offer.fileCount == 3)
        #expect(offer.totalBytes == UInt64(chunk) * 2 + 11)
        #expect(offer.topNames == ["photos", "run.sh"])
        #expect(offer.chunkCount(file: 0) == 3)
        #expect(offer.chunkLength(file: 0, chunk: 2) == 1)
        #expect(offer.chunkLength(file: 0, chunk: 3) == nil)
        #expect(offer.chunkCount(file: 1) == 0)
        #expect(offer.chunkLength(file: 2, chunk: 0) == 10)
        #expect(offer.bytes(before: 0) == 0 && offer.bytes(before: 2) == UInt64(chunk) * 2 + 1)
        #expect(offer.bytes(before: 3) == offer.totalBytes)
    }

    @Test mutating func refusesHostileOffers() {
        let chunk = chunk
        let offerID = id()
        func make(_ files: [(path: String, size: UInt64, executable: Bool)], chunkSize: Int? = nil,
                  limits: TransferLimits = .standard) throws(OfferError) {
            _ = try TransferOffer.make(id: offerID, files: files, chunkSize: chunkSize ?? chunk, limits: limits)
        }
        #expect(throws: OfferError.noFiles) { try make([]) }
        #expect(throws: OfferError.invalidName(file: 1, .parentReference(component: 0))) { try make([("a", 1, false), ("../x", 1, false)]) }
        #expect(throws: OfferError.duplicatePath(file: 1)) { try make([("a/b", 1, false), ("a/b", 1, false)]) }
        #expect(throws: OfferError.fileIsAlsoFolder(file: 0)) { try make([("a", 1, false), ("a/b", 1, false)]) }
        #expect(throws: OfferError.totalTooLarge) { try make([("a", .max, false), ("b", .max, false)], limits: .init(
            maxFiles: 10, maxFileBytes: .max, maxTotalBytes: .max, chunkSizes: [chunk])) }
        #expect(throws: OfferError.fileTooLarge(file: 0)) { try make([("a", 1 << 51, false)]) }
        #expect(throws: OfferError.badChunkSize(1000)) { try make([("a", 1, false)], chunkSize: 1000) }
        #expect(throws: OfferError.tooManyFiles(count: 3, limit: 2)) { try make([("a", 1, false), ("b", 1, false), ("c", 1, false)],
            limits: .init(maxFiles: 2, maxFileBytes: 10, maxTotalBytes: 10, chunkSizes: [chunk])) }
    }

    @Test mutating func offerIDsRoundTripThroughHex() throws {
        let offerID = id()
        #expect(offerID.description.count == 32)
        #expect(OfferID(parsing: offerID.description) == offerID)
        #expect(OfferID(parsing: offerID.description.uppercased()) == offerID)
        #expect(OfferID(parsing: "xyz") == nil)
        #expect(OfferID(bytes: [1, 2, 3]) == nil)
        #expect(offerID.short == String(offerID.description.prefix(8)))
    }
}

@Suite("Transfer states and progress arithmetic")
struct TransferStateTests {
    let half = TransferProgress(bytesDone: 50, bytesTotal: 100, filesDone: 0, filesTotal: 2)

    @Test func happyPath() throws {
        var state = TransferState.offered
        try state.apply(.accept)
        try state.apply(.progress(half))
        #expect(state == .transferring(half))
        try state.apply(.interrupt)
        #expect(state == .interrupted(half))
        #expect(state.progress == half)
        try state.apply(.progress(half))
        try state.apply(.finish)
        #expect(state == .done)
        #expect(state.isFinal)
    }

    @Test func finalStatesStayFinal() {
        for final in [TransferState.done, .cancelled, .expired, .rejected(reason: "no"), .failed(reason: "disk full")] {
            #expect(throws: TransferStateError.self) { try final.applying(.fail("late")) }
            #expect(throws: TransferStateError.self) { try final.applying(.cancel) }
            #expect(throws: TransferStateError.self) { try final.applying(.progress(half)) }
        }
    }

    @Test func noDataBeforeAcceptance() {
        #expect(throws: TransferStateError(from: "offered", transition: .progress(half))) {
            try TransferState.offered.applying(.progress(half))
        }
        #expect(throws: TransferStateError.self) { try TransferState.offered.applying(.finish) }
        #expect(throws: TransferStateError.self) { try TransferState.accepted.applying(.expire) }
    }

    @Test func fractions() {
        #expect(half.fraction == 0.5)
        #expect(half.bytesRemaining == 50)
        #expect(TransferProgress(bytesTotal: 0, filesDone: 1, filesTotal: 4).fraction == 0.25)
        #expect(TransferProgress(bytesDone: 10, bytesTotal: 5, filesTotal: 1).fraction == 1)
    }

    @Test func rateAndETA() throws {
        var meter = RateMeter(window: 5, minimumSpan: 0.25)
        meter.record(bytes: 0, at: 10)
        #expect(meter.bytesPerSecond == nil)
        #expect(meter.secondsLeft(remaining: 100) == nil)
        meter.record(bytes: 100, at: 11)
        meter.record(bytes: 300, at: 12)
        #expect(meter.bytesPerSecond == 150)
        #expect(try #require(meter.secondsLeft(remaining: 300)) == 2)
        // Old samples leave the window: the rate follows the recent speed.
        meter.record(bytes: 1_300, at: 17)
        meter.record(bytes: 2_300, at: 18)
        #expect(meter.bytesPerSecond == 1_000)
        // A count that goes back (a resume) starts over.
        meter.record(bytes: 10, at: 19)
        #expect(meter.bytesPerSecond == nil)
        #expect(meter.secondsLeft(remaining: 0) == 0)
    }
}
