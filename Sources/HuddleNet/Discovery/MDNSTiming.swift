import NIOCore

/// Timings and limits of huddle's mDNS responder and browser (RFC 6762), in one place so
/// docs/discovery.md, the engine and the tests agree.
public enum MDNSTiming {
    /// Probes sent before a name is claimed (RFC 6762 §8.1).
    public static let probeCount = 3
    /// Time between probes.
    public static let probeInterval = TimeAmount.milliseconds(250)
    /// The random wait before the first probe is drawn from 0 up to this. RFC 6762 §8.1
    /// suggests 0-250 ms (SHOULD) against many devices powering up at once; huddle starts
    /// at a user's request and its goal is to be listed within 1 s of starting, of which
    /// probing already takes 750 ms, so it waits 0-100 ms. Simultaneous starts are still
    /// resolved by the tie-break of §8.2.
    public static let probeInitialDelayMax = TimeAmount.milliseconds(100)
    /// Wait after losing a simultaneous-probe tie-break before probing again (§8.2).
    public static let probeTieBreakWait = TimeAmount.seconds(1)
    /// Unsolicited announcements after probing (§8.3: at least two).
    public static let announceCount = 2
    /// Time between announcements.
    public static let announceInterval = TimeAmount.seconds(1)

    /// TTL of every record huddle announces: RFC 6762 §10's 120 s for host records, used
    /// for all (its 75 minutes for the others would keep a vanished peer's instance listed
    /// that long). Browsers refresh at 80% of it, so a LAN of 60 peers exchanges a few
    /// packets a second; a peer that vanishes without a goodbye is noticed sooner than its
    /// TTL by reconfirmation (``reconfirmWait``) when its session ends or a dial to it fails.
    public static let recordTTL: UInt32 = 120
    /// A record being reconfirmed (§10.4: a dial to the peer failed, or its session ended)
    /// is asked for at once and again after ``reconfirmSecondAsk``, and removed after this
    /// unless an answer comes.
    public static let reconfirmWait = TimeAmount.seconds(10)
    /// When a reconfirmed record is asked for the second time.
    public static let reconfirmSecondAsk = TimeAmount.seconds(2)
    /// TTLs in answers to legacy unicast queries are capped at this (§6.7).
    public static let legacyUnicastTTL: UInt32 = 10

    /// Random delay before answering with shared records (§6: 20-120 ms).
    public static let sharedAnswerDelay = 20...120
    /// Delay before answering a query whose known answers continue in more packets (§7.2).
    public static let truncatedQueryDelay = 400...500
    /// A record is multicast on one interface at most once per this interval (§6.2).
    public static let multicastRateLimit = TimeAmount.seconds(1)
    /// The limit in answers to probes, the one exception to ``multicastRateLimit``.
    public static let probeDefenceRateLimit = TimeAmount.milliseconds(250)

    /// Random delay of the first browse query (§5.2: 20-120 ms).
    public static let firstQueryDelay = 20...120
    /// First interval between browse queries; each next one is twice the last (§5.2).
    public static let firstQueryInterval = TimeAmount.seconds(1)
    /// The longest interval between browse queries (§5.2 allows capping at 60 minutes).
    public static let maxQueryInterval = TimeAmount.minutes(60)
    /// When a peer's records expire unrefreshed (no goodbye: a lost answer, a blip, a peer
    /// starved of CPU), browsing starts over from ``firstQueryInterval``, at most this often,
    /// so a peer that is still there is found again in seconds rather than at the next
    /// backed-off browse (up to an hour away).
    public static let requeryAfterExpiry = TimeAmount.seconds(5)
    /// Fractions of a record's TTL at which a browser asks for it again (§5.2), each plus
    /// up to ``refreshJitterPercent`` percent.
    public static let refreshPercents = [80, 85, 90, 95]
    /// Random addition to each refresh point, in percent of the TTL.
    public static let refreshJitterPercent = 2
    /// Refreshes due within this window are asked in one query.
    public static let refreshAggregation = TimeAmount.milliseconds(500)
    /// A record that received a goodbye (TTL 0) or was flushed is removed after this (§10.1).
    public static let goodbyeGrace = TimeAmount.seconds(1)

    /// Packets we sent are recognised when they come back within this time.
    public static let ownPacketMemory = TimeAmount.seconds(2)
    /// After this many conflicts within ``conflictWindow``, wait ``conflictBackoff`` (§8.1).
    public static let conflictLimit = 15
    /// Window of ``conflictLimit``.
    public static let conflictWindow = TimeAmount.seconds(10)
    /// Wait after too many conflicts.
    public static let conflictBackoff = TimeAmount.seconds(5)
}

/// Sizes of huddle's mDNS packets.
public enum MDNSLimits {
    /// Packets are split to stay within this many bytes of DNS payload, so they fit an
    /// Ethernet frame over IPv4 and IPv6 without fragmenting (RFC 6762 §17).
    public static let preferredPacketBytes = 1440
    /// The hard cap of a multicast DNS packet (RFC 6762 §17).
    public static let maxPacketBytes = DNSLimits.maxPacketBytes
    /// The longest TTL kept in the cache, in seconds (RFC 6762 §10's 75 minutes): a peer
    /// cannot pin a record for longer, and TTL arithmetic cannot overflow.
    public static let maxCachedTTL: UInt32 = 4500
    /// Most records kept in the cache; records beyond it are dropped and counted.
    public static let maxCacheEntries = 4096
    /// Most peers listed (and so dialed) that this peer does not know; known peers are
    /// always listed.
    public static let maxStrangers = 256
}
