import NIOCore
import Synchronization

/// Bounds the connections one host, and all hosts together, may hold open at once, from the
/// moment they are accepted (before any handshake): a host that opens thousands is refused
/// past its share at the cost of an accept and a close, and others still get in.
final class ConnectionLimiter: Sendable {
    /// Most open connections from one host, and in all.
    let perHost: Int, total: Int
    private let counts = Mutex<(byHost: [String: Int], total: Int)>(([:], 0))

    init(perHost: Int, total: Int) {
        self.perHost = perHost
        self.total = total
    }

    /// Counts `channel` until it closes, or returns false (and counts nothing) when its host,
    /// or everyone, holds as many as allowed.
    func admit(_ channel: Channel) -> Bool {
        let host = channel.remoteAddress?.ipAddress.map(SessionManager.unmapped) ?? "?"
        let admitted = counts.withLock { counts -> Bool in
            guard counts.total < total, counts.byHost[host, default: 0] < perHost else { return false }
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

    /// Open connections now (tests).
    var open: Int { counts.withLock { $0.total } }
}
