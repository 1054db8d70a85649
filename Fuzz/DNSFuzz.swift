// libFuzzer target for the mDNS packet parser (Sources/HuddleNet/DNS).
//
// Built by run-dns.sh with:
//   swiftc -sanitize=fuzzer,address -parse-as-library -O Fuzz/DNSFuzz.swift Sources/HuddleNet/DNS/*.swift
// Checks: decoding never traps; whatever decodes re-encodes to a packet that decodes again,
// and a second round trip changes nothing (encoding is stable).

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDNS(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let bytes = Array(UnsafeRawBufferPointer(start: start, count: count))
    guard let first = try? DNSMessage(decoding: bytes) else { return 0 }
    let encoded = first.encoded()
    // The encoder does not compress into unknown record types, so a packet near the cap
    // may grow past it; such a re-encoding is rightly refused and not compared.
    guard encoded.count <= DNSLimits.maxPacketBytes else { return 0 }
    let second: DNSMessage
    do {
        second = try DNSMessage(decoding: encoded)
    } catch {
        fatalError("re-encoded packet does not decode: \(error)")
    }
    let reencoded = second.encoded()
    guard let third = try? DNSMessage(decoding: reencoded), third == second, reencoded == encoded || third.encoded() == reencoded else {
        fatalError("encoding is not stable")
    }
    _ = first.questions.map(\.name.description)
    return 0
}
