import Testing
@testable import HuddleNet

@Suite("DNS messages: mDNS wire format")
struct DNSMessageTests {
    let service = DNSName("_huddle._tcp.local.")!
    var instance: DNSName { DNSName(instance: "ada's laptop.2", service: service)! }
    let host = DNSName("ada-laptop.local.")!

    var announcement: DNSMessage {
        .response(answers: [
            DNSRecord(name: service, data: .ptr(instance), ttl: 4500),
            DNSRecord(name: instance, data: .srv(priority: 0, weight: 0, port: 47_000, target: host), ttl: 120, cacheFlush: true),
            DNSRecord(name: instance, data: .txt([Array("id=MMG42KL".utf8), Array("v=1".utf8)]), ttl: 4500, cacheFlush: true),
        ], additionals: [
            DNSRecord(name: host, data: .a([192, 168, 7, 2]), ttl: 120, cacheFlush: true),
            DNSRecord(name: host, data: .aaaa([0xFE, 0x80] + [UInt8](repeating: 0, count: 13) + [1]), ttl: 120, cacheFlush: true),
            DNSRecord(name: instance, data: .nsec(next: instance, types: [16, 33]), ttl: 120, cacheFlush: true),
        ])
    }

    @Test("a DNS-SD announcement survives encoding and decoding")
    func announcementRoundTrip() throws {
        let decoded = try DNSMessage(decoding: announcement.encoded())
        #expect(decoded == announcement)
        #expect(decoded.isResponse && !decoded.isTruncated)
    }

    @Test("a query with the QU bit and known answers survives encoding and decoding")
    func queryRoundTrip() throws {
        let query = DNSMessage.query([DNSQuestion(name: service, type: .ptr, wantsUnicastResponse: true)],
                                     knownAnswers: [DNSRecord(name: service, data: .ptr(instance), ttl: 3000)])
        #expect(try DNSMessage(decoding: query.encoded()) == query)
    }

    @Test("names are compared without regard to ASCII case, and an instance label may hold dots")
    func nameRules() {
        #expect(DNSName("_HUDDLE._TCP.Local.") == service)
        #expect(instance.labels.count == 4)
        #expect(instance.firstLabel == "ada's laptop.2")
        #expect(instance.description == "ada's laptop\\.2._huddle._tcp.local.")
        #expect(DNSName(labels: [[UInt8](repeating: 97, count: 64)]) == nil)
    }

    @Test("repeated names are compressed to two-byte pointers")
    func namesAreCompressed() {
        let bytes = announcement.encoded()
        let plain = announcement.answers.map { $0.name.wireLength }.reduce(0, +)
        #expect(bytes.count < 12 + plain + 200)
        // "_huddle" is written once however often the service name appears.
        let needle = Array("_huddle".utf8)
        let occurrences = (0...(bytes.count - needle.count)).filter { Array(bytes[$0..<$0 + needle.count]) == needle }
        #expect(occurrences.count == 1)
    }

    // MARK: hostile packets, one test each

    static func header(questions: UInt16 = 0, answers: UInt16 = 0) -> [UInt8] {
        [0, 0, 0x84, 0, UInt8(questions >> 8), UInt8(questions & 0xFF), UInt8(answers >> 8), UInt8(answers & 0xFF), 0, 0, 0, 0]
    }

    func refuses(_ bytes: [UInt8], with expected: DNSDecodingError) {
        #expect(throws: expected) { try DNSMessage(decoding: bytes) }
    }

    @Test("a compression pointer to itself is refused")
    func pointerToItself() {
        refuses(Self.header(questions: 1) + [0xC0, 12, 0, 1, 0, 1], with: .badPointer)
    }

    @Test("a compression pointer forwards is refused")
    func pointerForwards() {
        refuses(Self.header(questions: 1) + [0xC0, 20, 0, 1, 0, 1, 0, 0, 0, 0], with: .badPointer)
    }

    @Test("a loop through a label and a pointer back into it is refused")
    func pointerLoopThroughLabel() {
        // offset 12: label "ab", then at 15 a pointer to 13 (inside the first label) -> would loop.
        refuses(Self.header(questions: 1) + [2, 0x61, 0x62, 0xC0, 13, 0, 1, 0, 1], with: .badPointer)
    }

    @Test("an unused label type (0x40, 0x80) is refused")
    func reservedLabelType() {
        refuses(Self.header(questions: 1) + [0x41, 0x61, 0, 0, 1, 0, 1], with: .badLabel)
        refuses(Self.header(questions: 1) + [0x81, 0x61, 0, 0, 1, 0, 1], with: .badLabel)
    }

    @Test("a name over 255 bytes is refused")
    func overLongName() {
        var name: [UInt8] = []
        for _ in 0..<5 { name += [63] + [UInt8](repeating: 0x61, count: 63) }
        refuses(Self.header(questions: 1) + name + [0, 0, 1, 0, 1], with: .nameTooLong)
    }

    @Test("a name built from a chain of many pointers is refused")
    func pointerChain() {
        // Question 0 is "a"; question i is label "b" and a pointer to question i-1's name,
        // so question 40 needs 40 pointers to read.
        var bytes = Self.header(questions: 41) + [1, 0x61, 0, 0, 1, 0, 1]
        var previous = 12
        for _ in 0..<40 {
            let here = bytes.count
            bytes += [1, 0x62, 0xC0 | UInt8(previous >> 8), UInt8(previous & 0xFF), 0, 1, 0, 1]
            previous = here
        }
        refuses(bytes, with: .nameTooLong)
    }

    @Test("a record length beyond the packet is refused")
    func rdlengthBeyondPacket() {
        refuses(Self.header(answers: 1) + [0, 0, 1, 0, 1, 0, 0, 0, 120, 0xFF, 0xFF, 1, 2, 3, 4], with: .truncated)
    }

    @Test("an A record of 5 bytes is refused")
    func wrongAddressLength() {
        refuses(Self.header(answers: 1) + [0, 0, 1, 0, 1, 0, 0, 0, 120, 0, 5, 1, 2, 3, 4, 5], with: .badRecordData(type: 1))
    }

    @Test("a record whose name runs past its stated length is refused")
    func ptrPastRdlength() {
        refuses(Self.header(answers: 1) + [0, 0, 12, 0, 1, 0, 0, 0, 120, 0, 1, 1, 0x61, 0], with: .badRecordData(type: 12))
    }

    @Test("a TXT string longer than its record is refused")
    func txtStringPastRecord() {
        refuses(Self.header(answers: 1) + [0, 0, 16, 0, 1, 0, 0, 0, 120, 0, 3, 9, 0x61, 0x62], with: .badRecordData(type: 16))
    }

    @Test("a packet cut anywhere is refused, never a crash")
    func truncatedAnywhere() {
        let bytes = announcement.encoded()
        for length in 0..<bytes.count {
            #expect(throws: DNSDecodingError.self) { try DNSMessage(decoding: Array(bytes.prefix(length))) }
        }
    }

    @Test("a packet over 9000 bytes is refused before it is read")
    func overNineThousandBytes() {
        refuses([UInt8](repeating: 0, count: 9001), with: .packetTooLarge(9001))
    }

    @Test("counts the packet cannot hold are refused before anything is reserved")
    func hugeCounts() {
        refuses(Self.header(questions: 0xFFFF, answers: 0xFFFF), with: .tooManyEntries(0x1FFFE))
        refuses(Self.header(questions: 400), with: .truncated)
    }

    @Test("random bytes never crash the decoder")
    func randomBytes() {
        var state: UInt64 = 0x6D_646E_73
        func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        let valid = announcement.encoded()
        for round in 0..<3000 {
            var bytes = valid
            for _ in 0..<(1 + Int(next() % 8)) {
                bytes[Int(next() % UInt64(bytes.count))] = UInt8(truncatingIfNeeded: next())
            }
            if round % 3 == 0 { bytes = Array(bytes.prefix(Int(next() % UInt64(bytes.count)))) }
            _ = try? DNSMessage(decoding: bytes) // must return or throw; seed 0x6D646E73
        }
    }
}
