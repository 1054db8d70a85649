/// Splits what is to be sent into packets of at most a given size (RFC 6762 §17, §7.2).
///
/// A query whose known answers do not fit is sent as several packets, each but the last
/// with the TC bit; the questions go in the first. A response is split between records;
/// additional records go where they fit and are left out when they fit nowhere (they are
/// optional). A record too large for any packet under the 9000-byte cap is left out.
public enum MDNSPacketSplitter {
    /// Query packets for `questions` with `knownAnswers`.
    public static func query(questions: [DNSQuestion], knownAnswers: [DNSRecord],
                             maxBytes: Int = MDNSLimits.preferredPacketBytes) -> [DNSMessage] {
        var packets: [DNSMessage] = []
        var current = DNSMessage.query(questions)
        for record in knownAnswers {
            var candidate = current
            candidate.answers.append(record)
            if fits(candidate, maxBytes) || current.answers.isEmpty && current.questions.isEmpty && fits(candidate, MDNSLimits.maxPacketBytes) {
                current = candidate
                continue
            }
            packets.append(current)
            current = DNSMessage.query([], knownAnswers: [record])
            if !fits(current, MDNSLimits.maxPacketBytes) { current = DNSMessage.query([]) }
        }
        packets.append(current)
        packets = packets.filter { !$0.questions.isEmpty || !$0.answers.isEmpty }
        for index in packets.indices.dropLast() { packets[index].flags |= 0x0200 } // TC
        return packets
    }

    /// Response packets carrying every answer, and the additionals that fit.
    public static func response(answers: [DNSRecord], additionals: [DNSRecord] = [],
                                maxBytes: Int = MDNSLimits.preferredPacketBytes) -> [DNSMessage] {
        var packets: [DNSMessage] = []
        var current = DNSMessage.response(answers: [])
        for record in answers {
            var candidate = current
            candidate.answers.append(record)
            if fits(candidate, maxBytes) || current.answers.isEmpty && fits(candidate, MDNSLimits.maxPacketBytes) {
                current = candidate
                continue
            }
            if !current.answers.isEmpty { packets.append(current) }
            current = DNSMessage.response(answers: [record])
            if !fits(current, MDNSLimits.maxPacketBytes) { current = DNSMessage.response(answers: []) }
        }
        for record in additionals where !answers.contains(record) {
            var candidate = current
            candidate.additionals.append(record)
            if fits(candidate, maxBytes) { current = candidate }
        }
        if !current.answers.isEmpty { packets.append(current) }
        return packets
    }

    static func fits(_ message: DNSMessage, _ maxBytes: Int) -> Bool {
        message.encodedSize <= min(maxBytes, MDNSLimits.maxPacketBytes)
    }
}
