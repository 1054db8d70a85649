/// Record types huddle reads and writes (RFC 1035, RFC 3596, RFC 2782, RFC 4034).
public enum DNSRecordType: UInt16, Sendable {
    case a = 1
    case ptr = 12
    case txt = 16
    case aaaa = 28
    case srv = 33
    case nsec = 47
    case any = 255
}

/// A question: "what records of this type does this name have?"
public struct DNSQuestion: Hashable, Sendable {
    /// The name asked about.
    public var name: DNSName
    /// The record type asked for (raw, so unknown types pass through).
    public var type: UInt16
    /// The class (1 = IN).
    public var recordClass: UInt16 = 1
    /// The mDNS "QU" bit: the asker prefers a unicast reply (RFC 6762 §5.4).
    public var wantsUnicastResponse = false

    /// A question for `name` and `type` in class IN.
    public init(name: DNSName, type: DNSRecordType, wantsUnicastResponse: Bool = false) {
        self.name = name
        self.type = type.rawValue
        self.wantsUnicastResponse = wantsUnicastResponse
    }

    init(name: DNSName, rawType: UInt16, recordClass: UInt16, wantsUnicastResponse: Bool) {
        self.name = name
        type = rawType
        self.recordClass = recordClass
        self.wantsUnicastResponse = wantsUnicastResponse
    }
}

/// The data of a resource record.
public enum DNSRecordData: Hashable, Sendable {
    /// An IPv4 address (4 bytes).
    case a([UInt8])
    /// An IPv6 address (16 bytes).
    case aaaa([UInt8])
    /// A pointer to another name (DNS-SD: service type -> instance).
    case ptr(DNSName)
    /// Where a service instance listens.
    case srv(priority: UInt16, weight: UInt16, port: UInt16, target: DNSName)
    /// Text strings (DNS-SD: `key=value` pairs), each at most 255 bytes.
    case txt([[UInt8]])
    /// Which types a name has (mDNS negative answers, RFC 6762 §6.1).
    case nsec(next: DNSName, types: [UInt16])
    /// Any other type, kept as raw bytes.
    case other(type: UInt16, bytes: [UInt8])

    /// The record type of this data.
    public var type: UInt16 {
        switch self {
        case .a: DNSRecordType.a.rawValue
        case .aaaa: DNSRecordType.aaaa.rawValue
        case .ptr: DNSRecordType.ptr.rawValue
        case .srv: DNSRecordType.srv.rawValue
        case .txt: DNSRecordType.txt.rawValue
        case .nsec: DNSRecordType.nsec.rawValue
        case let .other(type, _): type
        }
    }
}

/// A resource record.
public struct DNSRecord: Hashable, Sendable {
    /// The owner name.
    public var name: DNSName
    /// The data (and so the type).
    public var data: DNSRecordData
    /// The class (1 = IN).
    public var recordClass: UInt16 = 1
    /// mDNS cache-flush bit: this is the whole set of this name and type (RFC 6762 §10.2).
    public var cacheFlush = false
    /// Seconds the record stays valid; 0 is a goodbye.
    public var ttl: UInt32

    /// A record of class IN.
    public init(name: DNSName, data: DNSRecordData, ttl: UInt32, cacheFlush: Bool = false) {
        self.name = name
        self.data = data
        self.ttl = ttl
        self.cacheFlush = cacheFlush
    }

    /// The record type.
    public var type: UInt16 { data.type }

    /// Whether `other` is the same record apart from its TTL (known-answer matching).
    public func sameData(as other: DNSRecord) -> Bool {
        name == other.name && data == other.data && recordClass == other.recordClass
    }
}

/// A DNS message (header and four sections), as mDNS sends them.
public struct DNSMessage: Hashable, Sendable {
    /// The ID; 0 in multicast DNS.
    public var id: UInt16 = 0
    /// Header flags: QR, opcode, AA, TC, RD, RA, RCODE.
    public var flags: UInt16 = 0
    /// Questions.
    public var questions: [DNSQuestion] = []
    /// Answers.
    public var answers: [DNSRecord] = []
    /// Authority records (mDNS probes put proposed records here).
    public var authorities: [DNSRecord] = []
    /// Additional records.
    public var additionals: [DNSRecord] = []

    /// An empty message.
    public init() {}

    /// A query (QR clear).
    public static func query(_ questions: [DNSQuestion], knownAnswers: [DNSRecord] = []) -> DNSMessage {
        var message = DNSMessage()
        message.questions = questions
        message.answers = knownAnswers
        return message
    }

    /// An authoritative response (QR and AA set), as mDNS responders send.
    public static func response(answers: [DNSRecord], additionals: [DNSRecord] = []) -> DNSMessage {
        var message = DNSMessage()
        message.flags = 0x8400
        message.answers = answers
        message.additionals = additionals
        return message
    }

    /// Whether this is a response (QR set).
    public var isResponse: Bool { flags & 0x8000 != 0 }
    /// Whether the sender has more known answers to follow (TC in a query, RFC 6762 §7.2).
    public var isTruncated: Bool { flags & 0x0200 != 0 }
    /// The opcode; mDNS uses 0 only.
    public var opcode: UInt16 { (flags >> 11) & 0xF }
    /// The response code; mDNS accepts 0 only.
    public var responseCode: UInt16 { flags & 0xF }
}
