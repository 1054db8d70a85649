import Foundation
import HuddleCore
import HuddleNet
import HuddleStore

/// The trust rules: blocked keys are refused, every other key is accepted (new ones on first
/// use). The blocked keys are held in memory (``BlockedKeys``, written through by the peer
/// whenever the trust store changes), so a handshake costs no database read. A key that
/// answers where a known peer was dialed is refused by the session layer and recorded here
/// as a key change for the user to resolve.
struct StoreTrustPolicy: PeerTrustPolicy {
    let store: TrustStore
    let report: @Sendable (Peer.Event) -> Void
    /// Announced addresses that answered with another key than announced.
    let staleHints: StaleHints
    /// The blocked peers, as the trust store has them.
    let blocked: BlockedKeys

    func log(_ text: String) { report(.notice(text)) }

    func evaluate(publicKey: [UInt8], expected: PeerID?) -> TrustDecision {
        let id = PeerID(publicKey: publicKey)
        return blocked.contains(id) ? .reject("peer \(id.short) is blocked") : .accept
    }

    func keyMismatch(expected: PeerID, publicKey: [UInt8], announced: Bool) {
        if announced {
            // Anyone can announce any ID at its own address, and an address may since belong
            // to another peer: a hint that did not hold, not a key change.
            if staleHints.count(expected: expected, answered: PeerID(publicKey: publicKey)) {
                log("an address announced for \(expected.short) answered with the key \(PeerID(publicKey: publicKey).short): a stale or spoofed announcement, ignored")
            }
            return
        }
        let known: KnownPeer?
        do {
            known = try store.peer(expected)
            guard known != nil, try store.recordKeyChange(expected: expected, publicKey: publicKey, address: nil, at: Date()) else { return }
        } catch {
            log("a key change of \(expected.short) could not be recorded (the trust store failed: \(error)); it is refused all the same")
            return
        }
        guard let known else { return }
        report(.keyChanged(KeyChangeWarning(
            nickname: known.nickname,
            oldID: expected.description, oldFingerprint: SafetyCode.fingerprint(of: Array(known.publicKey)),
            newID: PeerID(publicKey: publicKey).description, newFingerprint: SafetyCode.fingerprint(of: publicKey))))
    }
}

/// The blocked peers, read on every handshake from any thread, written when the trust store
/// changes (before the change is acted on, so a peer blocked a moment ago is refused at once).
final class BlockedKeys: @unchecked Sendable {
    private let lock = NSLock()
    private var ids: Set<PeerID> = []

    /// Replaces the set.
    func set(_ blocked: Set<PeerID>) { lock.withLock { ids = blocked } }

    /// Whether `id` is blocked.
    func contains(_ id: PeerID) -> Bool { lock.withLock { ids.contains(id) } }
}

/// Counts announced addresses that answered with another key (`huddle status`), and says which
/// pairs are new, so each is logged once however often it is dialed.
final class StaleHints: @unchecked Sendable {
    private let lock = NSLock()
    private var total = 0
    private var seen: Set<[UInt8]> = []
    /// Most pairs remembered for logging once.
    static let remembered = 1024

    /// Counts one; whether the pair is new (worth a line in the log).
    func count(expected: PeerID, answered: PeerID) -> Bool {
        lock.withLock {
            total += 1
            guard seen.count < Self.remembered else { return false }
            return seen.insert(expected.bytes + answered.bytes).inserted
        }
    }

    /// How many were counted since start.
    var count: Int { lock.withLock { total } }
}
