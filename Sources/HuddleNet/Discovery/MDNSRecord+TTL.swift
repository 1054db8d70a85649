extension DNSRecord {
    /// Whether this record (a known answer from a query) holds at least half the TTL of
    /// `record` (RFC 6762 §7.1). Widened, so a hostile TTL near 2^32 cannot overflow.
    func hasHalfTTL(of record: DNSRecord) -> Bool {
        UInt64(ttl) * 2 >= UInt64(record.ttl)
    }
}
