// libFuzzer entry point for every HuddleCore decoder. Built by Fuzz/run.sh together with the
// HuddleCore sources using `swiftc -sanitize=fuzzer,address -parse-as-library`.
// The first input byte picks the decoder; the rest is the untrusted input. Any trap is a bug:
// decoders must throw `DecodeError` instead.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let selector = data[0]
    let bytes = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    switch selector % 4 {
    case 0:
        if let change = try? Change(decoding: bytes) {
            // A decoded change re-encodes to the same bytes and applies without trapping.
            precondition(change.encoded == bytes, "change decoding is not canonical")
            var doc = TextDocument(replica: ReplicaID(1))
            _ = try? doc.apply(change)
            precondition(doc.checkInvariants().isEmpty)
        }
    case 1:
        if let doc = try? TextDocument(decoding: bytes, replica: ReplicaID(1)) {
            precondition(doc.checkInvariants().isEmpty)
            let again = try? TextDocument(decoding: doc.encoded(), replica: ReplicaID(2))
            precondition(again?.text == doc.text, "document round trip differs")
        }
    case 2:
        if let change = try? ChatChange(decoding: bytes) {
            precondition(change.encoded == bytes, "chat change decoding is not canonical")
            var log = ChatLog(replica: ReplicaID(1))
            _ = try? log.apply(change)
        }
    default:
        if let log = try? ChatLog(decoding: bytes, replica: ReplicaID(1)) {
            let again = try? ChatLog(decoding: log.encoded(), replica: ReplicaID(2))
            precondition(again?.messages == log.messages, "chat log round trip differs")
        }
    }
    return 0
}
