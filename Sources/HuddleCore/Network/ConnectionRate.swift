/// How often one host may open a connection: a token bucket per host, `burst` deep, refilled
/// at `perSecond`. Beside the cap on open connections, it bounds churn: a host that opens and
/// closes sessions as fast as it can (a fresh key each time, each one work to check and
/// remember) gets `perSecond` of them, and hosts that behave are never slowed.
///
/// A value with the time passed in; at most `maxHosts` hosts are tracked (full buckets are
/// forgotten first, as they would be full again anyway).
public struct ConnectionRate: Sendable {
    /// Connections one host may open at once after a quiet spell.
    public let burst: Double
    /// Connections one host may open per second, sustained.
    public let perSecond: Double
    /// Most hosts tracked.
    public let maxHosts: Int
    private var buckets: [String: (tokens: Double, at: Double)] = [:]
    /// When full buckets were last swept out; at most one sweep a second, so a stream of new
    /// hosts past `maxHosts` costs a scan a second, not one each.
    private var lastSweep = -Double.infinity

    /// A rate of `perSecond` after a burst of `burst`.
    public init(burst: Int, perSecond: Double, maxHosts: Int = 4096) {
        self.burst = Double(burst)
        self.perSecond = perSecond
        self.maxHosts = maxHosts
    }

    /// Whether `host` may open a connection at `now` (seconds on any monotonic clock); counts it if so.
    public mutating func admit(_ host: String, at now: Double) -> Bool {
        if buckets[host] == nil && buckets.count >= maxHosts {
            if now - lastSweep >= 1 {
                lastSweep = now
                buckets = buckets.filter { refilled($0.value, at: now) < burst }
            }
            guard buckets.count < maxHosts else { return true } // untracked: the other caps still hold
        }
        let tokens = buckets[host].map { refilled($0, at: now) } ?? burst
        guard tokens >= 1 else {
            buckets[host] = (tokens, now)
            return false
        }
        buckets[host] = (tokens - 1, now)
        return true
    }

    /// Hosts tracked now (tests).
    public var trackedHosts: Int { buckets.count }

    private func refilled(_ bucket: (tokens: Double, at: Double), at now: Double) -> Double {
        min(burst, bucket.tokens + max(0, now - bucket.at) * perSecond)
    }
}
