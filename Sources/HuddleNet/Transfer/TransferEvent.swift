import HuddleCore

/// A transfer as a list shows it: who, what, which state, how fast.
public struct TransferSummary: Sendable {
    /// The offer ID (the transfer's ID on both sides).
    public let id: OfferID
    /// Sending or receiving.
    public let direction: TransferDirection
    /// The other peer.
    public let peer: PeerID
    /// The other peer's nickname as it said (a hint; sanitise before showing).
    public let nickname: String
    /// The offer: names, sizes, counts.
    public let offer: TransferOffer
    /// Where it is.
    public let state: TransferState
    /// Bytes per second lately, while data flows.
    public let bytesPerSecond: Double?
    /// Seconds left at that rate.
    public let secondsLeft: Double?
    /// Files that arrived, as paths on disk (receiver) or as offered (sender).
    public let completedPaths: [String]
    /// The first ``maxLocalPaths`` of the same files as paths on this device: on disk
    /// (receiver), or the local files sent (sender), absolute.
    public let localPaths: [String]
    /// The most files ``localPaths`` lists (`completedPaths.count` says how many are done).
    public static let maxLocalPaths = 100
    /// When it was offered, started and ended.
    public let times: TransferTimes
}

/// What the ``TransferEngine`` tells its owner. Every event carries the transfer's ID; the
/// current picture of all transfers is ``TransferEngine/transfers()``.
public enum TransferEvent: Sendable {
    /// A peer offers files; answer with ``TransferEngine/accept(_:into:applyExecutableBits:)``
    /// or ``TransferEngine/reject(_:)`` before it expires.
    case offered(TransferSummary)
    /// A peer's offer was refused before it was shown (a bad name, too many files...).
    case offerRefused(from: PeerID, reason: String)
    /// The receiver accepted (sender) or this side accepted (receiver).
    case accepted(OfferID)
    /// The receiver said no.
    case rejected(OfferID, reason: String)
    /// Nobody answered in time.
    case expired(OfferID)
    /// Data flowed: progress with the rate and the time left.
    case progress(OfferID, TransferProgress, bytesPerSecond: Double?, secondsLeft: Double?)
    /// One file is complete: its path on disk (receiver) or its offered path (sender).
    case fileDone(OfferID, path: String)
    /// Every file arrived and verified.
    case done(OfferID)
    /// The connection was cut; ``TransferEngine/resume(_:)`` (sender) continues it.
    case interrupted(OfferID, reason: String)
    /// Stopped for good.
    case failed(OfferID, TransferError)
    /// Cancelled, by this side or the peer; partial files are gone.
    case cancelled(OfferID, byPeer: Bool)
}
