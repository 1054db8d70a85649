import HuddleCore
import HuddleNet

/// A transfer as the TUI, the CLI and the control socket show it.
public struct TransferInfo: Equatable, Sendable, Codable {
    /// The transfer's ID (the same on both sides).
    public var id: String
    /// Its short form, as lists show it and commands take it.
    public var shortID: String
    /// Sending or receiving.
    public var direction: TransferDirection
    /// The other peer's ID and nickname (sanitise before showing).
    public var peer: String, nickname: String
    /// The top-level names offered (a file, or a folder's name), and how many files in all.
    public var names: [String]
    public var files: Int
    /// Total size in bytes, and how many have arrived (and been verified).
    public var bytes: UInt64, bytesDone: UInt64
    /// Where it is (`offered`, `transferring`, `done`, ... in JSON).
    public var state: TransferState.Kind
    /// Why it was rejected or failed.
    public var reason: String?
    /// Bytes per second lately, and seconds left at that rate, while data flows.
    public var bytesPerSecond: Double?, secondsLeft: Double?
    /// Where the files arrived (receiver) or which were sent (sender), once it is done: at most
    /// ``maxPaths`` of them (`files` says how many there are).
    public var paths: [String]
    /// When it was offered, accepted (or first ran) and ended, in milliseconds since 1970 by
    /// this device's clock; the last two are absent until they happen.
    public var offeredAt: Int64, startedAt: Int64?, endedAt: Int64?

    /// The most paths a transfer lists.
    public static let maxPaths = TransferSummary.maxLocalPaths

    /// A transfer from its parts (tests, and anything that shows transfers without a peer).
    public init(id: String, shortID: String, direction: TransferDirection, peer: String, nickname: String, names: [String], files: Int,
                bytes: UInt64, bytesDone: UInt64, state: TransferState.Kind, reason: String?, bytesPerSecond: Double?,
                secondsLeft: Double?, paths: [String], times: TransferTimes = TransferTimes(offeredAt: 0)) {
        self.id = id
        self.shortID = shortID
        self.direction = direction
        self.peer = peer
        self.nickname = nickname
        self.names = names
        self.files = files
        self.bytes = bytes
        self.bytesDone = bytesDone
        self.state = state
        self.reason = reason
        self.bytesPerSecond = bytesPerSecond
        self.secondsLeft = secondsLeft
        self.paths = paths
        offeredAt = times.offeredAt
        startedAt = times.startedAt
        endedAt = times.endedAt
    }

    /// Whether the other side can still act on it.
    public var isFinal: Bool { state.isFinal }
}

extension TransferInfo {
    init(_ summary: TransferSummary) {
        id = summary.id.description
        shortID = summary.id.short
        direction = summary.direction
        peer = summary.peer.description
        nickname = summary.nickname
        names = summary.offer.topNames
        files = summary.offer.fileCount
        bytes = summary.offer.totalBytes
        bytesDone = summary.state.progress?.bytesDone ?? (summary.state == .done ? summary.offer.totalBytes : 0)
        state = summary.state.kind
        switch summary.state {
        case let .rejected(reason), let .failed(reason): self.reason = reason
        default: reason = nil
        }
        bytesPerSecond = summary.bytesPerSecond
        secondsLeft = summary.secondsLeft
        paths = summary.state == .done ? summary.localPaths : []
        offeredAt = summary.times.offeredAt
        startedAt = summary.times.startedAt
        endedAt = summary.times.endedAt
    }

    /// Whether `self` is listed before `other`: newer offers first.
    public func isNewer(than other: TransferInfo) -> Bool {
        (offeredAt, id) > (other.offeredAt, other.id)
    }
}
