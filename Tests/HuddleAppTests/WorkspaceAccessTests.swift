import Foundation
import HuddleCore
import HuddleNet
import HuddleStore
import Testing
@testable import HuddleApp

/// The access rule of private workspaces, on engines wired in memory: who gets a workspace's
/// documents and whose changes are taken. Each case is an attack or a boundary.
@Suite("Private workspace access")
struct WorkspaceAccessTests {
    static func writable(_ peer: PeerID) -> Bool { true }

    /// Alice (0) makes "team" and invites bob (1), who joins; carol (2) is on the same LAN.
    /// Everyone has a session with everyone.
    static func team() throws -> (link: EngineLink, workspace: WorkspaceID) {
        var link = try EngineLink(engines: 3, seed: 5)
        var workspace: WorkspaceID?
        try link.local(0) { engine in
            let (made, step) = try engine.createWorkspace(named: "team", writable: writable)
            workspace = made
            return step
        }
        for a in 0..<3 { for b in (a + 1)..<3 { link.connect(a, b) } }
        link.settle()
        let bob = link.id(1)
        try link.local(0) { try $0.changeRoster(.add(bob, role: .member), in: workspace!, writable: writable) }
        link.settle()
        #expect(link.engines[1].invitations.waiting[workspace!]?.roster?.isMember(bob) == true, "bob is invited")
        #expect(link.engines[1].replicas[.roster(workspace!)] == nil, "nothing is stored before bob joins")
        try link.local(1) { try $0.join(workspace!, writable: writable) }
        link.settle()
        return (link, workspace!)
    }

    static func general(_ workspace: WorkspaceID) -> DocumentID { .channel(workspace: .team(workspace), name: "general") }

    @Test("a member gets the workspace's messages; a stranger on the same LAN gets no document of it")
    func memberGetsStrangerDoesNot() throws {
        var (link, workspace) = try Self.team()
        defer { link.remove() }
        try link.local(0) { try $0.post("for the team", in: Self.general(workspace), writable: Self.writable).1 }
        try link.local(1) { try $0.post("bob here", in: Self.general(workspace), writable: Self.writable).1 }
        link.settle()
        for index in 0..<2 {
            #expect(Set(link.engines[index].replicas[Self.general(workspace)]?.chat?.messages.map(\.body) ?? []) == ["for the team", "bob here"],
                    "engine \(index)")
        }
        #expect(link.engines[2].replicas.keys.allSatisfy { $0.workspace != .team(workspace) }, "carol holds nothing of the team")
        #expect(link.engines[2].invitations.waiting.isEmpty)
        #expect(link.engines[2].book.foreignBytes == 0, "no byte of the team was even sent to carol")
        // Were a faulty member to send carol the channel, its bytes are counted and refused.
        let runs = try link.engines[0].store.runs(of: Self.general(workspace).description).map(\.run)
        _ = link.engines[2].receive(.changes(ChangeBatch(document: Self.general(workspace), runs: runs)), from: link.id(0), writable: Self.writable)
        #expect(link.engines[2].book.foreignBytes == runs.reduce(0) { $0 + $1.count } && link.engines[2].replicas[Self.general(workspace)] == nil)
    }

    @Test("a stranger's changes to a workspace are refused, sent directly or relayed by a member")
    func strangerChangesRefused() throws {
        var (link, workspace) = try Self.team()
        defer { link.remove() }
        // Carol signs a message into the team's channel in her own store (the peer's API would refuse).
        _ = try link.engines[2].post("let me in", in: Self.general(workspace), writable: { _ in false })
        let runs = try link.engines[2].store.runs(of: Self.general(workspace).description).map(\.run)
        let refusedBefore = link.engines[0].book.refused
        let direct = link.engines[0].receive(.changes(ChangeBatch(document: Self.general(workspace), runs: runs)), from: link.id(2), writable: Self.writable)
        #expect(direct.outgoing.isEmpty)
        let relayed = link.engines[0].receive(.changes(ChangeBatch(document: Self.general(workspace), runs: runs)), from: link.id(1), writable: Self.writable)
        #expect(relayed.outgoing.isEmpty)
        #expect(link.engines[0].book.refused == refusedBefore + 2)
        #expect(link.engines[0].replicas[Self.general(workspace)]?.chat?.messages.isEmpty ?? true)
        // A roster change by carol (she adds herself) counts for nothing, even relayed by bob.
        _ = try link.engines[2].post(RosterOperation.add(link.id(2), role: .admin).body, in: .roster(workspace), writable: { _ in false })
        let rosterRuns = try link.engines[2].store.runs(of: DocumentID.roster(workspace).description).map(\.run)
        _ = link.engines[0].receive(.changes(ChangeBatch(document: .roster(workspace), runs: rosterRuns)), from: link.id(1), writable: Self.writable)
        #expect(link.engines[0].rosters[workspace]?.isMember(link.id(2)) == false)
    }

    @Test("a member never relays a workspace's documents to a peer that is no member")
    func memberDoesNotRelayToStranger() throws {
        var (link, workspace) = try Self.team()
        defer { link.remove() }
        link.cut(0, 2) // carol hears only bob
        try link.local(0) { try $0.post("secret", in: Self.general(workspace), writable: Self.writable).1 }
        link.settle()
        #expect(link.engines[1].replicas[Self.general(workspace)]?.chat?.messages.count == 1)
        #expect(link.engines[2].replicas.keys.allSatisfy { $0.workspace != .team(workspace) })
        // Carol's state claiming the roster gets her nothing either.
        let step = link.engines[1].receive(.state(SyncState(documents: [DocumentState(document: .roster(workspace), version: VersionVector()),
                                                                       DocumentState(document: Self.general(workspace), version: VersionVector())],
                                                            complete: true)), from: link.id(2), writable: Self.writable)
        #expect(step.outgoing.allSatisfy { if case let .changes(batch) = $0.message { batch.document.workspace != .team(workspace) } else { true } })
        var caughtUp: [SyncMessage] = []
        while let message = link.engines[1].nextCatchUp(for: link.id(2)).message { caughtUp.append(message) }
        #expect(caughtUp.allSatisfy { if case let .changes(batch) = $0 { batch.document.workspace != .team(workspace) } else { true } })
    }

    @Test("a removed member gets nothing new, and its new changes are refused; what it held stays")
    func removedMemberCutOff() throws {
        var (link, workspace) = try Self.team()
        defer { link.remove() }
        try link.local(0) { try $0.post("before", in: Self.general(workspace), writable: Self.writable).1 }
        link.settle()
        let bob = link.id(1)
        try link.local(0) { try $0.changeRoster(.remove(bob), in: workspace, writable: Self.writable) }
        link.settle()
        try link.local(0) { try $0.post("after", in: Self.general(workspace), writable: Self.writable).1 }
        // Bob writes anyway (a client that ignores the removal it was sent).
        try link.local(1) { try $0.post("still here?", in: Self.general(workspace), writable: Self.writable).1 }
        link.settle()
        #expect(link.engines[1].replicas[Self.general(workspace)]?.chat?.messages.map(\.body).contains("after") == false)
        #expect(link.engines[1].replicas[Self.general(workspace)]?.chat?.messages.map(\.body).contains("before") == true)
        #expect(link.engines[0].replicas[Self.general(workspace)]?.chat?.messages.map(\.body) == ["before", "after"])
        // After a reconnect too.
        link.cut(0, 1)
        link.connect(0, 1)
        link.settle()
        #expect(link.engines[1].replicas[Self.general(workspace)]?.chat?.messages.map(\.body).contains("after") == false)
        #expect(link.engines[0].replicas[Self.general(workspace)]?.chat?.messages.map(\.body) == ["before", "after"])
    }

    @Test("a member added later gets the history, and what it wrote before others knew it was a member arrives")
    func laterMemberCatchesUp() throws {
        var (link, workspace) = try Self.team()
        defer { link.remove() }
        try link.local(0) { try $0.post("history", in: Self.general(workspace), writable: Self.writable).1 }
        link.settle()
        let carol = link.id(2)
        try link.local(1) { try $0.changeRoster(.add(carol, role: .member), in: workspace, writable: Self.writable) }
        link.settle()
        #expect(link.engines[2].invitations.waiting[workspace]?.roster != nil, "a member invites carol")
        try link.local(2) { try $0.join(workspace, writable: Self.writable) }
        link.settle()
        try link.local(2) { try $0.post("carol joins", in: Self.general(workspace), writable: Self.writable).1 }
        link.settle()
        for index in 0..<3 {
            #expect(link.engines[index].replicas[Self.general(workspace)]?.chat?.messages.map(\.body) == ["history", "carol joins"], "engine \(index)")
        }
    }

    @Test("with the lobby off, a peer gets nothing of lan and sends nothing of it")
    func lobbyOff() throws {
        var link = try EngineLink(engines: 2, seed: 3)
        defer { link.remove() }
        link.engines[1].lobby = false
        try link.local(0) { try $0.post("hello lobby", in: .general, writable: Self.writable).1 }
        try link.local(1) { try $0.post("private lobby", in: .general, writable: Self.writable).1 }
        link.connect(0, 1)
        link.settle()
        #expect(link.engines[1].replicas[.general]?.chat?.messages.map(\.body) == ["private lobby"])
        #expect(link.engines[0].replicas[.general]?.chat?.messages.map(\.body) == ["hello lobby"])
    }

    @Test("a declined invitation is forgotten and its roster ignored when sent again")
    func declinedInvitation() throws {
        var link = try EngineLink(engines: 2, seed: 9)
        defer { link.remove() }
        var workspace: WorkspaceID?
        try link.local(0) { engine in
            let (made, step) = try engine.createWorkspace(named: "team", writable: Self.writable)
            workspace = made
            return step
        }
        link.connect(0, 1)
        let bob = link.id(1)
        try link.local(0) { try $0.changeRoster(.add(bob, role: .member), in: workspace!, writable: Self.writable) }
        link.settle()
        try link.engines[1].decline(workspace!)
        link.cut(0, 1)
        link.connect(0, 1)
        link.settle()
        #expect(link.engines[1].invitations.waiting.isEmpty && link.engines[1].replicas[.roster(workspace!)] == nil)
    }

    @Test("a peer that invites this one to 20 workspaces gets 4 invitations held, and the rest refused; none is stored")
    func invitationFloodBounded() throws {
        var link = try EngineLink(engines: 2, seed: 11)
        defer { link.remove() }
        link.connect(0, 1)
        let bob = link.id(1)
        for index in 0..<20 {
            try link.local(0) { engine in
                let (made, step) = try engine.createWorkspace(named: "flood \(index)", writable: Self.writable)
                var all = step
                all.append(try engine.changeRoster(.add(bob, role: .member), in: made, writable: Self.writable))
                return all
            }
        }
        link.settle()
        #expect(link.engines[1].invitations.waiting.count == Invitations.perSender)
        #expect(link.engines[1].replicas.keys.allSatisfy { !$0.isRoster }, "nothing of an invitation is stored")
        #expect(link.engines[1].book.refused > 0)
    }

    @Test("a member who floods the roster with operations gets no more than 4,096 stored on others, and the rest refused")
    func rosterFloodBounded() throws {
        var (link, workspace) = try Self.team()
        defer { link.remove() }
        // Bob signs renames (which count for nothing: he is no admin) straight into a replica.
        let bobIdentity = link.engines[1].identity
        var flood = Replica(id: .roster(workspace), me: bobIdentity.peerID.replicaID)
        for run in try link.engines[1].store.runs(of: DocumentID.roster(workspace).description).map(\.run) {
            _ = flood.receive(try ChangeRun(decoding: run), from: link.id(0), at: Date())
        }
        var runs: [[UInt8]] = []
        for index in 0..<(Roster.maxOperations + 1000) {
            let change = try flood.chat!.post(body: RosterOperation.rename("name \(index)").body, wallTime: 0)
            runs.append(try flood.sign(change.encoded, startSeq: change.startSeq, endSeq: change.endSeq, by: bobIdentity).run)
        }
        let refusedBefore = link.engines[0].book.refused
        for start in stride(from: 0, to: runs.count, by: 500) {
            _ = link.engines[0].receive(.changes(ChangeBatch(document: .roster(workspace), runs: Array(runs[start..<min(runs.count, start + 500)]))),
                                        from: link.id(1), writable: Self.writable)
        }
        let held = link.engines[0].replicas[.roster(workspace)]?.chat?.postCount ?? 0
        #expect(held <= Roster.maxOperations + 500, "\(held) operations held")
        #expect(link.engines[0].book.refused > refusedBefore, "held \(held), refused \(link.engines[0].book.refused)")
        #expect(link.engines[0].rosters[workspace]?.name == "team", "a member's renames count for nothing")
    }
}
