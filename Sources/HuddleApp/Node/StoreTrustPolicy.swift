import Foundation
import HuddleCore
import HuddleNet
import HuddleStore

/// The trust rules, answered from the trust store: blocked keys are refused, every other key
/// is accepted (new ones on first use). A key that answers where a known peer was dialed is
/// refused by the session layer and recorded here as a key change for the user to resolve.
struct StoreTrustPolicy: PeerTrustPolicy {
    let store: TrustStore
    let report: @Sendable (Peer.Event) -> Void

    func log(_ text: String) { report(.notice(text)) }

    func evaluate(publicKey: [UInt8], expected: PeerID?) -> TrustDecision {
        do {
            if try store.trust(of: publicKey) == .blocked {
                return .reject("peer \(PeerID(publicKey: publicKey).short) is blocked")
            }
            return .accept
        } catch {
            log("trust store unreadable, refusing peer: \(error)")
            return .reject("the trust store cannot be read")
        }
    }

    func keyMismatch(expected: PeerID, publicKey: [UInt8]) {
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
