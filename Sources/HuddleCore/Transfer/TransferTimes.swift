/// When a transfer was offered, started and ended, by the wall clock of this device, in
/// milliseconds since 1970 (the unit of every time in huddle's JSON): what lists sort by and
/// what "done in 3.2 s" is measured from. Kept with the transfer in the journal.
public struct TransferTimes: Hashable, Sendable {
    /// When the offer was made (sender) or arrived (receiver).
    public var offeredAt: Int64
    /// When it was accepted, or data first flowed (a transfer resumed after a restart that
    /// lost this keeps nil).
    public var startedAt: Int64?
    /// When it reached a final state (done, rejected, expired, failed, cancelled).
    public var endedAt: Int64?

    /// Times from their parts.
    public init(offeredAt: Int64, startedAt: Int64? = nil, endedAt: Int64? = nil) {
        self.offeredAt = offeredAt
        self.startedAt = startedAt
        self.endedAt = endedAt
    }

    /// Records that the transfer is now in `state`, at `now`: the first start and the end.
    public mutating func note(_ state: TransferState.Kind, at now: Int64) {
        switch state {
        case .accepted, .transferring: if startedAt == nil { startedAt = now }
        case _ where state.isFinal: if endedAt == nil { endedAt = now }
        default: break
        }
    }

    /// How long it ran, from start to end, in milliseconds; nil until both are known.
    public var runMilliseconds: Int64? {
        guard let startedAt, let endedAt, endedAt >= startedAt else { return nil }
        return endedAt - startedAt
    }
}
