/// One network decoder under fuzzing: what a peer's bytes go through before anything else
/// sees them. Each target takes any bytes and must come back: a refusal is a thrown, named
/// error, never a trap, a hang or an allocation the input did not pay for.
public enum FuzzTarget: String, CaseIterable, Sendable {
    /// Session frames (length, then an Envelope), cut into reads, then each sync message.
    case envelope
    /// Transfer streams: control frames and chunks, then each offer's checks.
    case transfer
    /// A change run as stored and sent: decoded, and checked against its signatures.
    case run
    /// A text change applied to a note that already holds text.
    case textChange = "text-change"
    /// A chat change applied to a channel that already holds messages.
    case chatChange = "chat-change"
    /// An mDNS packet, decoded, encoded again, and taken into a cache.
    case dns
    /// A stored note snapshot, decoded.
    case noteSnapshot = "note-snapshot"
    /// A stored channel snapshot, decoded.
    case chatSnapshot = "chat-snapshot"

    /// Feeds `bytes` through the target and says how far they got.
    public func run(_ bytes: [UInt8]) -> FuzzOutcome {
        switch self {
        case .envelope: EnvelopeTarget.run(bytes)
        case .transfer: TransferTarget.run(bytes)
        case .run: ChangeTargets.run(bytes)
        case .textChange: ChangeTargets.textChange(bytes)
        case .chatChange: ChangeTargets.chatChange(bytes)
        case .dns: DNSTarget.run(bytes)
        case .noteSnapshot: SnapshotTargets.note(bytes)
        case .chatSnapshot: SnapshotTargets.channel(bytes)
        }
    }

    /// Valid inputs the fuzzer starts from, made with the real encoders.
    public var seeds: [[UInt8]] {
        switch self {
        case .envelope: FuzzSeeds.envelopes
        case .transfer: FuzzSeeds.transferStreams
        case .run: FuzzSeeds.runs
        case .textChange: FuzzSeeds.textChanges
        case .chatChange: FuzzSeeds.chatChanges
        case .dns: FuzzSeeds.dnsPackets
        case .noteSnapshot: [FuzzSeeds.baseNote.encoded()]
        case .chatSnapshot: [FuzzSeeds.baseChannel.encoded()]
        }
    }
}

/// How far an input got: each message it held was accepted (it decoded and, where the target
/// goes on, applied) or refused with an error.
public struct FuzzOutcome: Equatable, Sendable {
    /// Messages that decoded and passed every check.
    public var accepted = 0
    /// Messages refused, and the stream's end if it was cut or invalid.
    public var refused = 0

    /// An outcome with these counts.
    public init(accepted: Int = 0, refused: Int = 0) {
        self.accepted = accepted
        self.refused = refused
    }

    /// Counts the outcome of one message.
    mutating func count(_ body: () throws -> Void) {
        do {
            try body()
            accepted += 1
        } catch {
            refused += 1
        }
    }
}
