#if canImport(Glibc)
import Glibc
#endif
import NIOCore

/// The kernel's TCP keep-alive on a session's socket: a peer whose host or link is gone
/// (powered off, cable out, out of Wi-Fi range) is found out by the kernel, which probes an
/// idle connection and gives up on one that stops answering or leaves data unacknowledged.
/// Nothing in the process wakes for it, so a LAN of 60 idle sessions per peer costs the peers
/// no CPU; huddle's own pings (``KeepAlive``) are left to catch a process that hangs.
public struct TCPKeepAlive: Sendable, Equatable {
    /// Seconds of silence before the first probe, between probes, and how many probes go
    /// unanswered before the connection is given up.
    public var idle: Int, interval: Int, count: Int

    /// Probes after `idle` seconds, every `interval`, giving up after `count`.
    public init(idle: Int, interval: Int, count: Int) {
        self.idle = idle
        self.interval = interval
        self.count = count
    }

    /// How long a dead peer goes unnoticed at most, from the last thing heard.
    public var deadAfter: TimeAmount { .seconds(Int64(idle + interval * count)) }

    /// Turns it on for `channel` (a TCP socket, before or after it connects). Where the
    /// options do not exist (not Linux), only SO_KEEPALIVE with the system's timings.
    func apply(to channel: Channel) throws {
        let options = channel.syncOptions
        try options?.setOption(.socketOption(.so_keepalive), value: 1)
        #if os(Linux)
        func tcp(_ name: Int32, _ value: Int) throws {
            try options?.setOption(ChannelOptions.Types.SocketOption(level: .tcp, name: .init(rawValue: name)),
                                   value: SocketOptionValue(value))
        }
        try tcp(Int32(TCP_KEEPIDLE), idle)
        try tcp(Int32(TCP_KEEPINTVL), interval)
        try tcp(Int32(TCP_KEEPCNT), count)
        // Unacknowledged data counts too (keep-alive only probes an idle connection).
        try tcp(18 /* TCP_USER_TIMEOUT */, Int(deadAfter.nanoseconds / 1_000_000))
        #endif
    }
}
