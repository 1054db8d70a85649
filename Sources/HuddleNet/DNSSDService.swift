/// Names that huddle uses on the LAN. Discovery and sessions arrive with their issue; until
/// then this module only fixes the names every peer must agree on.
public enum DNSSDService {
    /// The DNS-SD service type huddle announces and browses (RFC 6763).
    public static let type = "_huddle._tcp.local."
}
