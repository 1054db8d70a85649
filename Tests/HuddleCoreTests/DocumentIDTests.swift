import Testing
@testable import HuddleCore

@Suite("Document IDs")
struct DocumentIDTests {
    let ann = DeviceIdentity().peerID, ben = DeviceIdentity().peerID, cat = DeviceIdentity().peerID

    @Test("channels, notes and direct conversations round-trip through their text form")
    func roundTrip() throws {
        let direct = DocumentID.direct(between: ann, and: ben)
        for id in [try DocumentID.channel("#general"), try DocumentID.note("Release plan ✓"), direct] {
            #expect(try DocumentID(parsing: id.description) == id)
        }
        #expect(direct == DocumentID.direct(between: ben, and: ann), "the same conversation from either side")
        #expect(try DocumentID.channel("Dev").description == "lan/#dev", "channel names are lowercased")
    }

    @Test("only the two peers may see a direct conversation; a workspace's roster decides the rest")
    func visibility() throws {
        let direct = DocumentID.direct(between: ann, and: ben)
        #expect(direct.admitsDirectly(ann) && direct.admitsDirectly(ben) && !direct.admitsDirectly(cat))
        #expect(try DocumentID.channel("general").admitsDirectly(cat))
        #expect(direct.otherPeer(than: ann) == ben && direct.otherPeer(than: cat) == nil)
    }

    static let refused = [
        "", "lan", "lan/", "lan/general", "lan/#", "lan/#Gen", "lan/#a b", "lan/#a/b", "lan/note/", "lan/note/a/b",
        "lan/note/ x", "lan/note/x\u{1B}[2J", "lan/note/\u{202E}evil", "lan/note/..", "other/#general", "dm/x/y",
        "lan/#" + String(repeating: "a", count: 33), "lan/note/" + String(repeating: "n", count: 65),
    ]

    @Test("hostile or malformed IDs are refused", arguments: refused)
    func malformedRefused(_ text: String) {
        #expect(throws: DocumentNameError.self) { try DocumentID(parsing: text) }
    }

    @Test("a direct conversation must name its peers in order, in canonical form")
    func directCanonical() {
        let (low, high) = ann < ben ? (ann, ben) : (ben, ann)
        #expect(throws: DocumentNameError.self) { try DocumentID(parsing: "dm/\(high)/\(low)") }
        #expect(throws: DocumentNameError.self) { try DocumentID(parsing: "dm/\(low)/\(low)") }
        #expect(throws: DocumentNameError.self) { try DocumentID(parsing: "dm/\(low.description.lowercased())/\(high)") }
    }
}
