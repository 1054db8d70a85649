/// What discovery has sent, received and refused, for the benchmark and `huddle status`.
public struct DiscoveryCounters: Equatable, Sendable {
    /// Packets handed to the sockets.
    public var packetsSent = 0
    /// Packets that arrived on a socket of ours (our own echoes included).
    public var packetsReceived = 0
    /// Packets dropped: malformed, off-link, wrong port, unknown interface.
    public var packetsDropped = 0
    /// Of the dropped: packets that did not decode.
    public var malformed = 0
    /// Of the dropped: packets from a source outside the interface's subnets.
    public var offLink = 0
    /// Packets recognised as our own, coming back (not counted as dropped).
    public var ownPackets = 0
    /// Records not cached because the cache was full.
    public var cacheFull = 0
    /// Packets dropped because their source sent too many, or announced too many new
    /// instances, per second (counted in ``packetsDropped`` too).
    public var rateLimited = 0
    /// Peers not listed because ``MDNSLimits/maxStrangers`` strangers heard more recently are.
    public var strangersNotListed = 0
    /// Sends the operating system refused (the socket is rebuilt).
    public var sendErrors = 0
    /// Name conflicts seen (each leads to a new probe, perhaps a new name).
    public var conflicts = 0
    /// Records in the cache now (a gauge, not a count since start).
    public var cacheEntries = 0
    /// Links (an interface and address family) with an open socket now (a gauge).
    public var openLinks = 0

    /// All zero.
    public init() {}
}

/// A packet for the transport: which socket, where to, and the bytes.
public struct MDNSDatagram: Equatable, Sendable {
    /// Where a packet goes.
    public enum Destination: Hashable, Sendable {
        /// The link's mDNS group, port 5353.
        case multicast
        /// One host (a QU or legacy query's sender): address bytes and port.
        case unicast(address: [UInt8], port: UInt16)
    }

    /// The socket to send on.
    public var link: MDNSLink
    /// Where to.
    public var destination: Destination
    /// The DNS message, encoded.
    public var bytes: [UInt8]

    /// A datagram.
    public init(link: MDNSLink, destination: Destination, bytes: [UInt8]) {
        self.link = link
        self.destination = destination
        self.bytes = bytes
    }
}
