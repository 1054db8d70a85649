/// Why bytes from outside could not be decoded. Every decoder in HuddleCore throws only this.
///
/// Each case says what was wrong; none of them carries peer-supplied data, so they are safe to
/// log. A peer that sends such bytes is misbehaving: drop the message (and maybe the session).
public enum DecodeError: Error, Equatable, Sendable {
    /// The input ended inside a value: `needed` more bytes were expected.
    case truncated(needed: Int)
    /// A varint ran past 10 bytes or past 64 bits.
    case varintOverflow
    /// The leading format tag is not the one this decoder reads.
    case wrongFormat(expected: UInt8, found: UInt8)
    /// The format version is newer (or older) than this build understands.
    case unsupportedVersion(UInt8)
    /// A length or count is larger than its limit in `DecodeLimits`.
    case limitExceeded(what: String, limit: Int)
    /// A number is out of its valid range (zero length, sequence overflow, ...).
    case valueOutOfRange(String)
    /// An index points at a replica that the replica table does not have.
    case unknownReplica(index: UInt64)
    /// Text that is not valid UTF-8.
    case invalidUTF8
    /// A change depends on itself or on a later operation of its own author.
    case dependencyCycle
    /// A reference names an operation outside what the change declares it depends on.
    case undeclaredDependency
    /// Bytes were left over after a complete value.
    case trailingBytes(Int)
    /// A change deletes the same item twice (no honest author does).
    case overlappingDeletes
    /// The replica table lists the same replica twice or out of order.
    case nonCanonical(String)
}
