extension DNSMessage {
    /// The message in wire format, with names compressed (RFC 1035 §4.1.4).
    public func encoded() -> [UInt8] {
        var writer = DNSWriter()
        writer.uint16(id)
        writer.uint16(flags)
        for count in [questions.count, answers.count, authorities.count, additionals.count] {
            writer.uint16(UInt16(clamping: count))
        }
        for question in questions.prefix(Int(UInt16.max)) {
            writer.name(question.name)
            writer.uint16(question.type)
            writer.uint16(question.recordClass | (question.wantsUnicastResponse ? 0x8000 : 0))
        }
        for record in [answers, authorities, additionals].flatMap({ $0.prefix(Int(UInt16.max)) }) {
            writer.record(record)
        }
        return writer.bytes
    }

    /// The encoded size, for keeping packets under the 9000-byte limit.
    public var encodedSize: Int { encoded().count }
}

/// Writes DNS wire format, remembering where each name suffix was written.
struct DNSWriter {
    var bytes: [UInt8] = []
    var offsets: [DNSName: Int] = [:]

    mutating func uint16(_ value: UInt16) {
        bytes.append(UInt8(value >> 8))
        bytes.append(UInt8(value & 0xFF))
    }

    mutating func uint32(_ value: UInt32) {
        uint16(UInt16(value >> 16))
        uint16(UInt16(value & 0xFFFF))
    }

    mutating func name(_ name: DNSName) {
        var labels = name.labels[...]
        while !labels.isEmpty {
            let suffix = DNSName(labels: Array(labels))! // a suffix of a valid name is valid
            if let offset = offsets[suffix] {
                uint16(0xC000 | UInt16(offset))
                return
            }
            if bytes.count < 0x3FFF { offsets[suffix] = bytes.count }
            let label = labels.removeFirst()
            bytes.append(UInt8(label.count))
            bytes += label
        }
        bytes.append(0)
    }

    mutating func record(_ record: DNSRecord) {
        name(record.name)
        uint16(record.type)
        uint16(record.recordClass | (record.cacheFlush ? 0x8000 : 0))
        uint32(record.ttl)
        let lengthOffset = bytes.count
        uint16(0)
        switch record.data {
        case let .a(address), let .aaaa(address):
            bytes += address
        case let .ptr(target):
            name(target)
        case let .srv(priority, weight, port, target):
            uint16(priority)
            uint16(weight)
            uint16(port)
            name(target) // RFC 6762 §18.14: mDNS compresses SRV targets too
        case let .txt(strings):
            if strings.isEmpty { bytes.append(0) } // RFC 6763 §6.1: an empty TXT has one empty string
            for string in strings {
                let piece = string.prefix(255)
                bytes.append(UInt8(piece.count))
                bytes += piece
            }
        case let .nsec(next, types):
            name(next)
            nsecBitmap(types)
        case let .other(_, raw):
            bytes += raw
        }
        let length = bytes.count - lengthOffset - 2
        bytes[lengthOffset] = UInt8(truncatingIfNeeded: length >> 8)
        bytes[lengthOffset + 1] = UInt8(truncatingIfNeeded: length)
    }

    mutating func nsecBitmap(_ types: [UInt16]) {
        let windows = Dictionary(grouping: types, by: { $0 >> 8 })
        for window in windows.keys.sorted() {
            let low = windows[window]!.map { Int($0 & 0xFF) }
            var map = [UInt8](repeating: 0, count: (low.max()! / 8) + 1)
            for type in low { map[type / 8] |= 0x80 >> UInt8(type % 8) }
            bytes.append(UInt8(window))
            bytes.append(UInt8(map.count))
            bytes += map
        }
    }
}
