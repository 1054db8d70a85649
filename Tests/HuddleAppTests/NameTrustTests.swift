import Foundation
import HuddleCore
import HuddleNet
import HuddleTesting
import Testing
@testable import HuddleApp

/// Names a stranger cannot borrow: nicknames are checked in Hello, and a name that could mean
/// an impostor is refused with the candidates rather than picked.
@Suite("Names you can trust", .serialized, .stopsPeers)
struct NameTrustTests {
    @Test("a Hello whose nickname hides an invisible character after bob is refused; no session, no name")
    func invisibleCharacterInHelloRefused() async throws {
        let alice = try await TestPeer.start("alice")
        for disguise in ["bob\u{200B}", "bob\u{2060}", "bo\u{202E}b", "bob\u{3164}"] {
            let mallory = try await HostilePeer.connect(to: alice.port, as: disguise)
            #expect(try await eventually { !mallory.isConnected }, "\(disguise.unicodeScalars.map { String($0.value, radix: 16) })")
            await mallory.close()
        }
        #expect(try await alice.peer.status().sessions == 0)
        #expect(try await alice.peer.peers().isEmpty)
    }

    @Test("a new key that claims an online teammate's nickname makes it ambiguous: dm and verify refuse and list both")
    func impostorWithSameNicknameRefused() async throws {
        let alice = try await TestPeer.start("alice")
        let bob = try await TestPeer.start("bob", staticPeers: ["127.0.0.1:\(alice.port)"])
        #expect(try await eventually { try await alice.peer.status().sessions == 1 })
        let mallory = try await HostilePeer.connect(to: alice.port, as: "bob")
        #expect(try await eventually { try await alice.peer.status().sessions == 2 })
        let refusal = await #expect(throws: PeerError.self, "a message must not go to one of two peers called bob") {
            try await alice.peer.directMessage("secret", to: "bob")
        }
        guard case let .ambiguousPeer(name, candidates)? = refusal else {
            Issue.record("not refused as ambiguous: \(String(describing: refusal))")
            return
        }
        #expect(name == "bob" && candidates.count == 2)
        #expect(candidates.contains { $0.hasPrefix(bob.profile.identity.peerID.short) })
        #expect(candidates.contains { $0.hasPrefix(mallory.identity.peerID.short) })
        await #expect(throws: PeerError.self) { try await alice.peer.setTrust(.verify, for: "bob") }
        // While bob is offline, the name still means two keys.
        await bob.stop()
        #expect(try await eventually { try await alice.peer.status().sessions == 1 })
        await #expect(throws: PeerError.self) { try await alice.peer.directMessage("secret", to: "bob") }
        // The short ID picks one.
        #expect(try await alice.peer.setTrust(.verify, for: bob.profile.identity.peerID.short) == bob.profile.identity.peerID)
        await mallory.close()
    }

    @Test("a name whose only match is an unverified look-alike is refused; a verified one is taken; ID starts do not outrank nicknames")
    func lookAlikesAndIDPrefixes() async throws {
        let alice = try await TestPeer.start("alice")
        let mallory = try await HostilePeer.connect(to: alice.port, as: "b\u{043E}b") // Cyrillic о
        #expect(try await eventually { try await alice.peer.status().sessions == 1 })
        let refusal = await #expect(throws: PeerError.self, "bob must not resolve to a look-alike") {
            try await alice.peer.directMessage("hi", to: "bob")
        }
        guard case let .lookAlike(name, candidates)? = refusal else {
            Issue.record("not refused as a look-alike: \(String(describing: refusal))")
            return
        }
        #expect(name == "bob" && candidates.count == 1 && candidates[0].hasPrefix(mallory.identity.peerID.short))
        // Four characters of an ID are no name: only the full first group is.
        let prefix = String(mallory.identity.peerID.short.prefix(4))
        await #expect(throws: PeerError.self) { try await alice.peer.directMessage("hi", to: prefix) }
        _ = try await alice.peer.setTrust(.verify, for: mallory.identity.peerID.short)
        _ = try await alice.peer.directMessage("now verified", to: "bob")
        await mallory.close()
    }
}

/// An announcement is a hint where to dial, never a claim about a key.
@Suite("Announcements are hints", .serialized, .stopsPeers)
struct AnnouncementHintTests {
    @Test("an address announced with bob's ID that answers with another key is a stale hint: counted and logged, no key change")
    func spoofedAnnouncementIsNoKeyChange() async throws {
        let alice = try await TestPeer.start("alice")
        let bob = try await TestPeer.start("bob", staticPeers: ["127.0.0.1:\(alice.port)"])
        #expect(try await eventually { try await alice.peer.status().sessions == 1 })
        await bob.stop()
        #expect(try await eventually { try await alice.peer.status().sessions == 0 })
        let mallory = try await TestPeer.start("mallory")
        // While bob is away, mallory announces bob's ID at her own address.
        await alice.peer.handle(.found(DiscoveredPeer(id: bob.profile.identity.peerID, nickname: "bob", port: UInt16(mallory.port),
                                                      addresses: ["127.0.0.1"], protocolVersion: 1)))
        #expect(try await eventually { (try await alice.peer.status().staleHints ?? 0) >= 1 })
        let status = try await alice.peer.status()
        #expect(status.keyChanges == 0, "no KEY CHANGED for a hint anyone can make")
        #expect(try await alice.peer.peers().allSatisfy { $0.nickname != "mallory" }, "and no session with mallory through it")
    }
}

/// Chat lines say how far their author is trusted, and tell look-alike nicknames apart.
@Suite("Trust marks on chat lines", .serialized, .stopsPeers)
struct ChatLineTrustTests {
    @Test("a line by bob while a look-alike bоb is online carries bob's short ID and a warning; verifying bob marks his lines verified")
    func lookAlikeAuthorsShowShortIDs() async throws {
        let alice = try await TestPeer.start("alice")
        let bob = try await TestPeer.start("bob", staticPeers: ["127.0.0.1:\(alice.port)"])
        #expect(try await eventually { try await alice.peer.status().sessions == 1 })
        _ = try await bob.peer.say("hello", in: "#general")
        let line = try await eventually { try await alice.peer.messages(in: "#general").first }
        #expect(line?.trust == .known && line?.nameCollides == false && line?.shownName == "bob")
        let mallory = try await HostilePeer.connect(to: alice.port, as: "b\u{043E}b")
        #expect(try await eventually { try await alice.peer.status().sessions == 2 })
        let marked = try await alice.peer.messages(in: "#general").first
        #expect(marked?.nameCollides == true)
        #expect(marked?.shownName == "bob (\(bob.profile.identity.peerID.short)) ⚠")
        _ = try await alice.peer.setTrust(.verify, for: bob.profile.identity.peerID.short)
        #expect(try await alice.peer.messages(in: "#general").first?.trust == .verified)
        await mallory.close()
    }

    @Test("a direct message to your own nickname or short ID says it is you, not that no peer has that name")
    func directMessageToYourself() async throws {
        let alice = try await TestPeer.start("alice")
        for name in ["alice", alice.profile.identity.peerID.short] {
            let refusal = await #expect(throws: PeerError.self) { try await alice.peer.directMessage("hi", to: name) }
            guard case .toSelf? = refusal else {
                Issue.record("expected toSelf for \(name), got \(String(describing: refusal))")
                continue
            }
            #expect(refusal?.description.hasPrefix("that is you") == true)
        }
        await alice.stop()
    }
}
