#if canImport(Glibc)
import Glibc
#endif
import HuddleCore
import NIOCore

/// What the engine knows of one transfer.
struct TransferRecord {
    let id: OfferID
    let direction: TransferDirection
    let peer: PeerID
    var nickname: String
    let offer: TransferOffer
    /// The offer's size on the wire (what it costs to hold while it waits).
    var offerBytes = 0
    var state: TransferState = .offered {
        didSet { times.note(state.kind, at: Self.wallClockMilliseconds()) }
    }
    /// When it was offered, started and ended (wall clock).
    var times = TransferTimes(offeredAt: Self.wallClockMilliseconds())
    var meter = RateMeter()
    var lastProgress: ContinuousClock.Instant?
    var completedPaths: [String] = []
    /// When it was last written to the journal (progress is saved at most every `journalInterval`).
    var lastJournaled: ContinuousClock.Instant?

    /// Outgoing: the local files and where the peer listens.
    var sources: [SourceFile] = []
    var address: (host: String, port: Int)?

    /// Incoming: where it goes and how far it got (kept to resume).
    var plan: ReceivePlan?
    /// Incoming, while the offer waits for the user.
    var decision: CheckedContinuation<Decision, Never>?

    /// The connection carrying it now, to cancel it.
    var channel: Channel?
    /// Outgoing: a connection is being dialed or runs (a second resume must not start another).
    var connecting = false

    /// How an incoming offer was answered.
    enum Decision: Sendable {
        case accept(ReceivePlan)
        case reject
        case expire
        case withdrawn
    }

    func summary(at now: ContinuousClock.Instant) -> TransferSummary {
        let rate = state.progress == nil ? nil : meter.bytesPerSecond
        return TransferSummary(
            id: id, direction: direction, peer: peer, nickname: nickname, offer: offer, state: state,
            bytesPerSecond: rate, secondsLeft: rate == nil ? nil : state.progress.flatMap { meter.secondsLeft(remaining: $0.bytesRemaining) },
            completedPaths: completedPaths, localPaths: localPaths, times: times)
    }

    /// The first ``TransferSummary/maxLocalPaths`` files done as paths on this device: where
    /// they arrived (receiver), or the local files they were read from (sender; files go in
    /// offer order, so the sources' order).
    var localPaths: [String] {
        let shown = completedPaths.prefix(TransferSummary.maxLocalPaths)
        guard direction == .outgoing else { return Array(shown) }
        return shown.enumerated().map { index, offered in
            if index < sources.count, sources[index].offeredPath == offered { return sources[index].absolutePath }
            return sources.first { $0.offeredPath == offered }?.absolutePath ?? offered
        }
    }

    /// Now, by the wall clock, in milliseconds since 1970.
    static func wallClockMilliseconds() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Int64(now.tv_sec) * 1000 + Int64(now.tv_nsec) / 1_000_000
    }
}
