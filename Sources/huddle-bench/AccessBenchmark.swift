import ArgumentParser
import Foundation
import HuddleCore

/// `huddle-bench access`: the access check on a received change (is the sender a member of
/// the document's workspace, and was the author one) with 20 private workspaces of 100
/// members each, against the goal of 1 µs.
struct AccessBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "access", abstract: "The workspace access check on a received change.")

    @Option(help: "Private workspaces.") var workspaces = 20
    @Option(help: "Members of each.") var members = 100
    @Option(help: "Checks timed per run.") var checks = 2_000_000

    func run() throws {
        let me = DeviceIdentity()
        let people = (0..<members * 2).map { _ in DeviceIdentity().peerID } // half of them in each workspace
        var access = WorkspaceAccess(me: me.peerID)
        var documents: [DocumentID] = []
        for index in 0..<workspaces {
            let nonce = WorkspaceID.randomNonce()
            let id = WorkspaceID(creator: me.peerID, nonce: nonce)
            var operations: [(author: PeerID, operation: RosterOperation)] = [(me.peerID, .create(name: "team \(index)", nonce: nonce))]
            for member in people.shuffled().prefix(members - 1) { operations.append((me.peerID, .add(member, role: .member))) }
            access.rosters[id] = Roster(id: id, operations: operations)
            documents.append(.channel(workspace: .team(id), name: "general"))
        }
        var rng = SplitMix64(seed: 2026)
        let cases = (0..<4096).map { _ in
            (documents[Int(rng.next() % UInt64(documents.count))], people[Int(rng.next() % UInt64(people.count))],
             people[Int(rng.next() % UInt64(people.count))].replicaID)
        }
        var runs: [Double] = []
        var admitted = 0
        for _ in 0..<5 {
            let start = DispatchTime.now().uptimeNanoseconds
            for index in 0..<checks {
                let (document, sender, author) = cases[index & 4095]
                if access.takes(document, from: sender) && access.admits(author: author, to: document) { admitted += 1 }
            }
            runs.append(Double(DispatchTime.now().uptimeNanoseconds - start) / Double(checks))
        }
        try printJSON([
            "bench": "workspace-access",
            "workspaces": workspaces, "members_each": members,
            "check": "sender may send and author may write, per received change",
            "ns_per_check_best": runs.min() ?? 0,
            "ns_per_check_median": runs.sorted()[runs.count / 2],
            "admitted_share": Double(admitted) / Double(checks * runs.count),
            "goal_ns_per_check": 1000,
        ])
    }
}
