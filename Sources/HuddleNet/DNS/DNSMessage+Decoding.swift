/// Why a DNS packet was refused. The responder drops such a packet and counts it.
public enum DNSDecodingError: Error, Equatable, Sendable {
    /// Larger than an mDNS packet may be (RFC 6762 §17: 9000 bytes).
    case packetTooLarge(Int)
    /// The packet ends inside a header, name, record or field.
    case truncated
    /// More questions or records than ``DNSLimits`` allow.
    case tooManyEntries(Int)
    /// A label longer than 63 bytes, or an unknown label type.
    case badLabel
    /// A name longer than 255 bytes, or with too many compression pointers.
    case nameTooLong
    /// A compression pointer that does not point strictly backwards (a loop).
    case badPointer
    /// A record's data does not fit its type or its stated length.
    case badRecordData(type: UInt16)
}

/// Limits applied while decoding, before anything is allocated.
public enum DNSLimits {
    /// The largest packet accepted (RFC 6762 §17).
    public static let maxPacketBytes = 9000
    /// The most questions plus records in one packet. A 9000-byte packet cannot hold more
    /// than about 800 minimal records; mDNS traffic needs far fewer.
    public static let maxEntries = 512
    /// The most compression pointers followed in one name.
    public static let maxPointers = 32
    /// The most types listed in one NSEC bitmap that are kept.
    public static let maxNSECTypes = 64
}

extension DNSMessage {
    /// Decodes a packet; any malformed input is a ``DNSDecodingError``, never a trap.
    public init(decoding bytes: [UInt8]) throws(DNSDecodingError) {
        guard bytes.count <= DNSLimits.maxPacketBytes else { throw .packetTooLarge(bytes.count) }
        var reader = DNSReader(bytes: bytes)
        self.init()
        id = try reader.uint16()
        flags = try reader.uint16()
        let counts = [try reader.uint16(), try reader.uint16(), try reader.uint16(), try reader.uint16()].map(Int.init)
        let total = counts.reduce(0, +)
        guard total <= DNSLimits.maxEntries else { throw .tooManyEntries(total) }
        // Every entry takes at least 5 bytes (a root name and two fields): reject counts the
        // packet cannot possibly hold before reserving anything.
        guard total * 5 <= bytes.count - 12 else { throw .truncated }
        for _ in 0..<counts[0] {
            let name = try reader.name()
            let type = try reader.uint16()
            let classField = try reader.uint16()
            questions.append(DNSQuestion(name: name, rawType: type, recordClass: classField & 0x7FFF,
                                         wantsUnicastResponse: classField & 0x8000 != 0))
        }
        answers = try reader.records(counts[1])
        authorities = try reader.records(counts[2])
        additionals = try reader.records(counts[3])
    }
}

/// Reads DNS wire format from a packet, checking every offset.
struct DNSReader {
    let bytes: [UInt8]
    var offset = 0

    mutating func uint8() throws(DNSDecodingError) -> UInt8 {
        guard offset < bytes.count else { throw .truncated }
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func uint16() throws(DNSDecodingError) -> UInt16 {
        UInt16(try uint8()) << 8 | UInt16(try uint8())
    }

    mutating func uint32() throws(DNSDecodingError) -> UInt32 {
        UInt32(try uint16()) << 16 | UInt32(try uint16())
    }

    mutating func take(_ count: Int) throws(DNSDecodingError) -> [UInt8] {
        guard count >= 0, count <= bytes.count - offset else { throw .truncated }
        defer { offset += count }
        return Array(bytes[offset..<offset + count])
    }

    /// A possibly compressed name (RFC 1035 §4.1.4). Each pointer must point strictly before
    /// everything read of this name so far, so following pointers always ends.
    mutating func name() throws(DNSDecodingError) -> DNSName {
        var labels: [[UInt8]] = []
        var length = 1
        var position = offset
        var pointers = 0
        var lowest = offset
        var returnOffset: Int?
        while true {
            guard position < bytes.count else { throw .truncated }
            let size = bytes[position]
            switch size & 0xC0 {
            case 0x00:
                if size == 0 {
                    offset = returnOffset ?? position + 1
                    guard let name = DNSName(labels: labels) else { throw .nameTooLong }
                    return name
                }
                let count = Int(size)
                guard count <= bytes.count - position - 1 else { throw .truncated }
                length += count + 1
                guard length <= DNSName.maxWireLength else { throw .nameTooLong }
                labels.append(Array(bytes[position + 1...position + count]))
                position += count + 1
            case 0xC0:
                guard position + 1 < bytes.count else { throw .truncated }
                let target = Int(size & 0x3F) << 8 | Int(bytes[position + 1])
                guard target < lowest else { throw .badPointer }
                lowest = target
                pointers += 1
                guard pointers <= DNSLimits.maxPointers else { throw .nameTooLong }
                if returnOffset == nil { returnOffset = position + 2 }
                position = target
            default:
                throw .badLabel // 0x40 and 0x80 label types are not in use
            }
        }
    }

    mutating func records(_ count: Int) throws(DNSDecodingError) -> [DNSRecord] {
        var records: [DNSRecord] = []
        records.reserveCapacity(count)
        for _ in 0..<count { records.append(try record()) }
        return records
    }

    mutating func record() throws(DNSDecodingError) -> DNSRecord {
        let name = try name()
        let type = try uint16()
        let classField = try uint16()
        let ttl = try uint32()
        let length = Int(try uint16())
        guard length <= bytes.count - offset else { throw .truncated }
        let end = offset + length
        let data = try recordData(type: type, end: end)
        guard offset == end else { throw .badRecordData(type: type) }
        var record = DNSRecord(name: name, data: data, ttl: ttl, cacheFlush: classField & 0x8000 != 0)
        record.recordClass = classField & 0x7FFF
        return record
    }

    mutating func recordData(type: UInt16, end: Int) throws(DNSDecodingError) -> DNSRecordData {
        let length = end - offset
        switch DNSRecordType(rawValue: type) {
        case .a:
            guard length == 4 else { throw .badRecordData(type: type) }
            return .a(try take(4))
        case .aaaa:
            guard length == 16 else { throw .badRecordData(type: type) }
            return .aaaa(try take(16))
        case .ptr:
            let target = try name()
            guard offset <= end else { throw .badRecordData(type: type) }
            return .ptr(target)
        case .srv:
            guard length >= 7 else { throw .badRecordData(type: type) }
            let priority = try uint16(), weight = try uint16(), port = try uint16()
            let target = try name()
            guard offset <= end else { throw .badRecordData(type: type) }
            return .srv(priority: priority, weight: weight, port: port, target: target)
        case .txt:
            var strings: [[UInt8]] = []
            while offset < end {
                let count = Int(try uint8())
                guard count <= end - offset else { throw .badRecordData(type: type) }
                strings.append(try take(count))
            }
            return .txt(strings)
        case .nsec:
            let next = try name()
            guard offset <= end else { throw .badRecordData(type: type) }
            return .nsec(next: next, types: try nsecTypes(end: end, type: type))
        default:
            return .other(type: type, bytes: try take(length))
        }
    }

    /// The type bitmap of an NSEC record (RFC 4034 §4.1.2).
    mutating func nsecTypes(end: Int, type: UInt16) throws(DNSDecodingError) -> [UInt16] {
        var types: [UInt16] = []
        while offset < end {
            let window = UInt16(try uint8())
            let count = Int(try uint8())
            guard (1...32).contains(count), count <= end - offset else { throw .badRecordData(type: type) }
            for (index, byte) in try take(count).enumerated() {
                for bit in 0..<8 where byte & (0x80 >> UInt8(bit)) != 0 && types.count < DNSLimits.maxNSECTypes {
                    types.append(window << 8 | UInt16(index * 8 + bit))
                }
            }
        }
        return types
    }
}
