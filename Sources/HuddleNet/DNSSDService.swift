/// The names every huddle peer must agree on to find others on the LAN (docs/discovery.md).
public enum DNSSDService {
    /// The DNS-SD service type huddle announces and browses (RFC 6763).
    public static let type = "_huddle._tcp.local."
}
