import HuddleCore
import NIOCore
import Synchronization

/// Bounds the connections one host, and all hosts together, may hold open at once, from the
/// moment they are accepted (before any handshake), and how fast one host of the network
/// (not this machine) may open them: a
/// host that opens thousands, or opens and closes them as fast as it can, is refused past its
/// share at the cost of an accept and a close, and others still get in.
final class ConnectionLimiter: Sendable {
    /// Most open connections from one host, and in all.
    let perHost: Int, total: Int
    private let counts: Mutex<(byHost: [String: Int], total: Int, rate: ConnectionRate)>
    private let clock: @Sendable () -> Double

    init(perHost: Int, total: Int, rate: ConnectionRate,
         clock: @escaping @Sendable () -> Double = { Double(NIODeadline.now().uptimeNanoseconds) / 1e9 }) {
        self.perHost = perHost
        self.total = total
        counts = Mutex((byHost: [:], total: 0, rate: rate))
        self.clock = clock
    }

    /// Counts `channel` until it closes, or returns false (and counts nothing) when its host,
    /// or everyone, holds as many as allowed, or its host opened too many too fast.
    func admit(_ channel: Channel) -> Bool {
        let host = channel.remoteAddress?.ipAddress.map(SessionManager.unmapped) ?? "?"
        let now = clock()
        let admitted = counts.withLock { counts -> Bool in
            guard counts.total < total, counts.byHost[host, default: 0] < perHost,
                  Self.isLoopback(host) || counts.rate.admit(host, at: now) else { return false }
            counts.byHost[host, default: 0] += 1
            counts.total += 1
            return true
        }
        guard admitted else { return false }
        channel.closeFuture.whenComplete { [self] _ in
            counts.withLock { counts in
                counts.total -= 1
                counts.byHost[host, default: 1] -= 1
                if counts.byHost[host] == 0 { counts.byHost[host] = nil }
            }
        }
        return true
    }

    /// Whether a refusal of a connection from `channel`'s host should be reported: the first in
    /// ``reportEvery`` seconds per host, so a host hammering the port costs one log line, not
    /// one per connection.
    func shouldReportRefusal(of channel: Channel) -> Bool {
        let host = channel.remoteAddress?.ipAddress.map(SessionManager.unmapped) ?? "?"
        let now = clock()
        return reported.withLock { reported in
            if let last = reported[host], now - last < Self.reportEvery { return false }
            if reported.count >= 1024 { reported.removeAll() }
            reported[host] = now
            return true
        }
    }

    static let reportEvery: Double = 10

    /// Whether `host` is this machine: its processes are held to the caps on open connections
    /// but not to the rate (peers under test, or several homes on one machine, all dial from
    /// here; another process of this machine's user could read the database anyway).
    static func isLoopback(_ host: String) -> Bool { host == "::1" || host.hasPrefix("127.") }
    private let reported = Mutex<[String: Double]>([:])

    /// Open connections now (tests).
    var open: Int { counts.withLock { $0.total } }
}
