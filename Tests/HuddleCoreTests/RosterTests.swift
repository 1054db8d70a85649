import Testing
@testable import HuddleCore

/// The roster of a private workspace: who may do what, and that every order of delivery of
/// the same operations gives the same members.
@Suite("Workspace rosters")
struct RosterTests {
    let ann = DeviceIdentity().peerID, ben = DeviceIdentity().peerID, cat = DeviceIdentity().peerID, dan = DeviceIdentity().peerID
    let nonce = WorkspaceID.randomNonce()
    var id: WorkspaceID { WorkspaceID(creator: ann, nonce: nonce) }

    func roster(_ operations: [(PeerID, RosterOperation)]) -> Roster {
        Roster(id: id, operations: operations.map { (author: $0.0, operation: $0.1) })
    }

    @Test("the creator is the first admin; an admin adds, promotes and removes; a member adds members only")
    func roles() {
        let made = roster([(ann, .create(name: "team", nonce: nonce)), (ann, .add(ben, role: .member)),
                           (ben, .add(cat, role: .member)), (ben, .add(dan, role: .admin)), (ben, .remove(cat))])
        #expect(made.name == "team" && made.creator == ann)
        #expect(made.members == [ann: .admin, ben: .member, cat: .member], "ben may not make admins nor remove")
        let later = roster([(ann, .create(name: "team", nonce: nonce)), (ann, .add(ben, role: .admin)),
                            (ben, .add(cat, role: .member)), (ben, .remove(cat)), (ann, .rename("crew"))])
        #expect(later.members == [ann: .admin, ben: .admin] && later.name == "crew")
        #expect(later.wasMember(cat.replicaID) && !later.isMember(cat.replicaID), "cat's earlier changes stay the workspace's")
    }

    @Test("a create under another key than the ID's creator, and anything before the create, count for nothing")
    func forgedCreateIgnored() {
        let forged = roster([(ben, .create(name: "mine now", nonce: nonce)), (ben, .add(cat, role: .admin))])
        #expect(forged.creator == nil && forged.members.isEmpty)
        let early = roster([(ann, .add(ben, role: .member)), (ann, .create(name: "team", nonce: nonce))])
        #expect(early.members == [ann: .admin])
    }

    @Test("an admin's removal wins over a member's add of the same peer, in either order")
    func removalWinsOverNonAdminAdd() {
        let start: [(PeerID, RosterOperation)] = [(ann, .create(name: "team", nonce: nonce)), (ann, .add(ben, role: .member)),
                                                  (ann, .add(cat, role: .member))]
        let removeFirst = roster(start + [(ann, .remove(cat)), (ben, .add(cat, role: .member))])
        let addFirst = roster(start + [(ben, .add(cat, role: .member)), (ann, .remove(cat))])
        #expect(!removeFirst.isMember(cat) && !addFirst.isMember(cat))
        #expect(roster(start + [(ann, .remove(cat)), (ann, .add(cat, role: .member))]).isMember(cat), "an admin adds them again")
    }

    @Test("the last admin can neither leave nor be removed; a member may leave")
    func lastAdminStays() {
        let made = roster([(ann, .create(name: "team", nonce: nonce)), (ann, .add(ben, role: .member)), (ann, .remove(ann)), (ben, .remove(ben))])
        #expect(made.members == [ann: .admin])
        #expect(!made.allows(.remove(ann), by: ann))
    }

    @Test("roster operations round-trip through their text; anything else is refused",
          arguments: ["", "create", "add admin", "add owner AAAA", "remove", "rename ", "rename  x", "rename x\u{202E}",
                      "create AAAA team", "add member " + String(repeating: "A", count: 64), "hello"])
    func malformedOperationsRefused(_ body: String) {
        #expect(RosterOperation(body: body) == nil, "\(body)")
    }

    @Test("every operation survives its text form")
    func operationsRoundTrip() {
        for operation: RosterOperation in [.create(name: "Team ✓ 🚀", nonce: nonce), .add(ben, role: .admin), .add(cat, role: .member),
                                           .remove(dan), .rename("crew")] {
            #expect(RosterOperation(body: operation.body) == operation)
        }
        #expect(WorkspaceID(parsing: id.description) == id && WorkspaceID(parsing: id.description.uppercased()) == nil)
    }

    /// Four members change the roster concurrently (adds, removals, promotions) and exchange
    /// their changes in a random order: every log gives the same roster.
    @Test("concurrent roster changes delivered in any order give every peer the same roster", arguments: [UInt64(1), 7, 99, 2026, 31337])
    func concurrentChangesConverge(seed: UInt64) throws {
        var rng = SplitMix64(seed: seed)
        let people = [ann, ben, cat, dan]
        var logs = people.map { ChatLog(replica: $0.replicaID) }
        var changes: [ChatChange] = []
        func make(_ who: Int, _ operation: RosterOperation) throws {
            let change = try logs[who].post(body: operation.body, wallTime: 0)
            changes.append(change)
        }
        try make(0, .create(name: "team", nonce: nonce))
        for other in 1..<4 { try make(0, .add(people[other], role: other == 1 ? .admin : .member)) }
        for index in 1..<4 { for change in changes { _ = try? logs[index].apply(change) } }
        for _ in 0..<60 {
            let who = Int(rng.next() % 4), target = people[Int(rng.next() % 4)]
            let operation: RosterOperation = switch rng.next() % 4 {
            case 0: .remove(target)
            case 1: .add(target, role: .admin)
            case 2: .rename("name \(rng.next() % 10)")
            default: .add(target, role: .member)
            }
            try make(who, operation)
            if rng.next() % 3 == 0 { // some changes reach one other peer at once
                let other = Int(rng.next() % 4)
                if other != who { _ = try? logs[other].apply(changes.last!) }
            }
        }
        var rosters: [Roster] = []
        for index in 0..<4 {
            var shuffled = changes
            for i in shuffled.indices.reversed() { shuffled.swapAt(i, Int(rng.next() % UInt64(i + 1))) }
            for change in shuffled { _ = try? logs[index].apply(change) }
            rosters.append(Roster(id: id, log: logs[index]))
        }
        for index in 1..<4 {
            #expect(rosters[index] == rosters[0], "seed \(seed): peer \(index)'s roster differs")
        }
        #expect(!rosters[0].admins.isEmpty, "seed \(seed): a workspace always keeps an admin")
    }
}
