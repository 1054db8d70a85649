import Foundation
import HuddleCore
import HuddleNet
import HuddleTesting
import Testing
@testable import HuddleApp

/// Private workspaces between real peers over loopback: sessions, the control API and storage.
@Suite("Private workspaces over loopback", .serialized, .stopsPeers)
struct WorkspacePeerTests {
    @Test("alice makes a workspace and invites bob by name; bob sees who invites him, joins and reads it; carol in the lobby gets nothing; removed, bob gets nothing new")
    func inviteJoinRemove() async throws {
        let alice = try await TestPeer.start("alice")
        let bob = try await TestPeer.start("bob", staticPeers: ["127.0.0.1:\(alice.port)"])
        let carol = try await TestPeer.start("carol", staticPeers: ["127.0.0.1:\(alice.port)", "127.0.0.1:\(bob.port)"])
        #expect(try await eventually {
            let sessions = (try await alice.peer.status().sessions, try await bob.peer.status().sessions)
            return sessions == (2, 2)
        })
        let team = try await alice.peer.createWorkspace("team")
        #expect(team.role == .admin && team.members.map(\.nickname) == ["alice"])
        _ = try await alice.peer.say("before bob", in: "#general", workspace: "team")
        try await alice.peer.invite("bob", to: "team")

        let invitation = try await eventually { await bob.peer.invitations().first }
        #expect(invitation?.name == "team" && invitation?.inviterNickname == "alice" && invitation?.workspace == team.id)
        #expect(invitation?.inviterFingerprint == alice.profile.identity.fingerprint, "bob can compare alice's key")
        #expect(try await bob.peer.documentList().allSatisfy { $0.workspace != team.id }, "nothing arrives before bob joins")
        let joined = try await bob.peer.join("team")
        #expect(joined.role == .member && Set(joined.members.map(\.nickname)) == ["alice", "bob"])
        #expect(try await eventually { (try? await bob.peer.messages(in: "#general", workspace: "team").map(\.body)) == ["before bob"] })
        _ = try await bob.peer.say("bob here", in: "#general", workspace: team.id)
        #expect(try await eventually { try await alice.peer.messages(in: "#general", workspace: "team").count == 2 })
        #expect(await alice.peer.workspaces().map(\.name) == ["lan", "team"])

        // Carol shares the lobby with both, and nothing of the team.
        _ = try await alice.peer.say("lobby marker", in: "#general")
        #expect(try await eventually { try await carol.peer.messages(in: "#general").map(\.body).contains("lobby marker") })
        #expect(await carol.peer.sync.replicas.keys.allSatisfy { $0.workspace != .team(WorkspaceID(parsing: team.id)!) })
        #expect(await carol.peer.invitations().isEmpty)
        await #expect(throws: PeerError.self) { try await carol.peer.say("let me in", in: "#general", workspace: team.id) }

        // Removed, bob gets nothing new: a later lobby message shows what alice sent after.
        try await alice.peer.removeMember("bob", from: "team")
        _ = try await alice.peer.say("after bob", in: "#general", workspace: "team")
        _ = try await alice.peer.say("second marker", in: "#general")
        #expect(try await eventually { try await bob.peer.messages(in: "#general").map(\.body).contains("second marker") })
        let teamGeneral = DocumentID.channel(workspace: .team(WorkspaceID(parsing: team.id)!), name: "general")
        #expect(await bob.peer.sync.replicas[teamGeneral]?.chat?.messages.map(\.body) == ["before bob", "bob here"],
                "what bob held stays on his disk; nothing new arrives")
        #expect(await bob.peer.workspaces().map(\.name) == ["lan"], "the change that removed bob reached him, and nothing after it")
        await #expect(throws: PeerError.self) { try await bob.peer.say("still here?", in: "#general", workspace: team.id) }
        #expect(await alice.peer.workspaces().last?.members.map(\.nickname) == ["alice"])
    }

    @Test("bob, never met, joins by alice's code: he is a member, both are verified, and he reads the workspace; a wrong code is refused and burns it")
    func joinByCode() async throws {
        let alice = try await TestPeer.start("alice")
        let bob = try await TestPeer.start("bob")
        let carol = try await TestPeer.start("carol", staticPeers: ["127.0.0.1:\(alice.port)"])
        let team = try await alice.peer.createWorkspace("team")
        _ = try await alice.peer.say("before bob", in: "#general", workspace: "team")

        let code = try await alice.peer.inviteByCode(to: "team")
        let joined = try await bob.peer.joinByCode(code.code, via: "127.0.0.1:\(alice.port)")
        #expect(joined.id == team.id && joined.role == .member)
        #expect(try await bob.peer.peers().first { $0.nickname == "alice" }?.trust == .verified)
        #expect(try await alice.peer.peers().first { $0.nickname == "bob" }?.trust == .verified)
        #expect(try await eventually { (try? await bob.peer.messages(in: "#general", workspace: "team").map(\.body)) == ["before bob"] })
        await #expect(throws: PeerError.self, "a code is good for one join") {
            try await carol.peer.joinByCode(code.code, via: nil)
        }

        let second = try await alice.peer.inviteByCode(to: "team")
        let words = second.code.split(separator: "-")
        let guess = "\(words[0])-\(words[1])-\(words[2] == "adroitness" ? "adviser" : "adroitness")"
        #expect(try await eventually { try await carol.peer.status().sessions == 1 })
        do {
            _ = try await carol.peer.joinByCode(guess, via: nil)
            Issue.record("a wrong code joined")
        } catch {
            #expect("\(error)".contains("wrong"))
        }
        await #expect(throws: PeerError.self, "the right words come too late: the code burnt") {
            try await carol.peer.joinByCode(second.code, via: nil)
        }
        #expect(await alice.peer.workspaces().last?.members.map(\.nickname).sorted() == ["alice", "bob"])
        #expect(try await alice.peer.peers().first { $0.nickname == "carol" }?.trust != .verified)
    }

    @Test("a peer with the lobby off shares nothing with a stranger, and its private workspace still syncs")
    func lobbyOff() async throws {
        let home = NSTemporaryDirectory() + "huddle-peer-dana-\(UUID().uuidString.prefix(8))"
        let configFile = Folders.resolve(home: home, environment: [:]).configFile
        try FileManager.default.createDirectory(atPath: (configFile as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try "lan = false\n".write(toFile: configFile, atomically: true, encoding: .utf8)
        let dana = try await TestPeer.start("dana", home: home)
        let erin = try await TestPeer.start("erin", staticPeers: ["127.0.0.1:\(dana.port)"])
        #expect(try await eventually { try await dana.peer.status().sessions == 1 })
        _ = try await erin.peer.say("anyone?", in: "#general")
        await #expect(throws: PeerError.self) { try await dana.peer.say("lobby", in: "#general") }
        let crew = try await dana.peer.createWorkspace("crew")
        try await dana.peer.invite("erin", to: "crew")
        _ = try await eventually { await erin.peer.invitations().first }
        try await erin.peer.join(crew.id)
        _ = try await dana.peer.say("crew only", in: "#general", workspace: "crew")
        #expect(try await eventually { (try? await erin.peer.messages(in: "#general", workspace: "crew").map(\.body)) == ["crew only"] })
        #expect(await dana.peer.workspaces().map(\.name) == ["crew"])
        #expect(try await dana.peer.documentList().allSatisfy { $0.workspace != "lan" })
        #expect(await dana.peer.sync.replicas[.general]?.chat?.messages.isEmpty ?? true, "erin's lobby post never reached dana")
    }

    @Test("a new key that takes a workspace member's nickname is listed as new device or impostor until verified")
    func newKeyWithMembersNicknameIsSuspect() async throws {
        let alice = try await TestPeer.start("alice")
        let bob = try await TestPeer.start("bob", staticPeers: ["127.0.0.1:\(alice.port)"])
        #expect(try await eventually { try await alice.peer.status().sessions == 1 })
        let team = try await alice.peer.createWorkspace("team")
        try await alice.peer.invite("bob", to: "team")
        _ = try await eventually { await bob.peer.invitations().first }
        try await bob.peer.join(team.id)
        await bob.stop()
        let mallory = try await HostilePeer.connect(to: alice.port, as: "bob")
        let suspect = try await eventually { try await alice.peer.peers().first { $0.shortID == mallory.identity.peerID.short } }
        #expect(suspect?.claimsNameOf == bob.profile.identity.peerID.short)
        #expect(try await alice.peer.peers().first { $0.shortID == bob.profile.identity.peerID.short }?.claimsNameOf == nil)
        _ = try await alice.peer.setTrust(.verify, for: mallory.identity.peerID.short)
        #expect(try await alice.peer.peers().first { $0.shortID == mallory.identity.peerID.short }?.claimsNameOf == nil,
                "a verified key is the user's call")
        await mallory.close()
    }
}
