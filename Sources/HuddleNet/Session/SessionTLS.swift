import Foundation
import HuddleCore
import NIOCore
import NIOSSL

/// TLS 1.3 with both sides' keys pinned: how every huddle connection is secured.
///
/// Each side presents its ``PeerCertificate``; the usual CA checks are replaced by a callback
/// that extracts the peer's Ed25519 key and asks the ``PeerTrustPolicy``. A peer without a
/// certificate, with another key type, or offering TLS below 1.3 never gets a session.
public struct SessionTLS: Sendable {
    let certificate: NIOSSLCertificate
    let key: NIOSSLPrivateKey
    let policy: any PeerTrustPolicy

    /// TLS settings for `identity`, deciding on peers with `policy`.
    public init(identity: DeviceIdentity, policy: any PeerTrustPolicy) throws {
        (certificate, key) = try PeerCertificate.make(for: identity)
        self.policy = policy
    }

    /// The configuration both roles share: TLS 1.3 only, a certificate required from the
    /// peer, Ed25519 allowed (BoringSSL leaves it out by default), no CA roots.
    func configuration(server: Bool) -> TLSConfiguration {
        var configuration = server
            ? TLSConfiguration.makeServerConfiguration(certificateChain: [.certificate(certificate)], privateKey: .privateKey(key))
            : TLSConfiguration.makeClientConfiguration()
        configuration.certificateChain = [.certificate(certificate)]
        configuration.privateKey = .privateKey(key)
        configuration.minimumTLSVersion = .tlsv13
        configuration.maximumTLSVersion = .tlsv13
        configuration.certificateVerification = .noHostnameVerification
        configuration.trustRoots = .certificates([])
        configuration.verifySignatureAlgorithms = [.ed25519]
        configuration.signingSignatureAlgorithms = [.ed25519]
        return configuration
    }

    /// A handler for the accepting side; the peer's key lands in `peer` once accepted.
    public func serverHandler(peer: PeerKeyBox) throws -> NIOSSLServerHandler {
        let context = try NIOSSLContext(configuration: configuration(server: true))
        return NIOSSLServerHandler(context: context, customVerificationCallback: verifier(expected: nil, peer: peer))
    }

    /// A handler for the dialing side, which expects the peer `expected` (if it knows it);
    /// `announced`: the address came from a LAN announcement (a hint, see ``PeerTrustPolicy``).
    public func clientHandler(expected: PeerID?, announced: Bool = false, peer: PeerKeyBox) throws -> NIOSSLClientHandler {
        let context = try NIOSSLContext(configuration: configuration(server: false))
        return try NIOSSLClientHandler(context: context, serverHostname: nil,
                                       customVerificationCallback: verifier(expected: expected, announced: announced, peer: peer))
    }

    func verifier(expected: PeerID?, announced: Bool = false, peer: PeerKeyBox) -> NIOSSLCustomVerificationCallback {
        let policy = policy
        return { certificates, promise in
            guard let leaf = certificates.first, let publicKey = PeerCertificate.ed25519Key(of: leaf) else {
                peer.set(.refused("the peer's certificate carries no Ed25519 key"))
                promise.succeed(.failed)
                return
            }
            let id = PeerID(publicKey: publicKey)
            if let expected, expected != id {
                policy.keyMismatch(expected: expected, publicKey: publicKey, announced: announced)
                peer.set(.refused("expected peer \(expected.short) but \(id.short) answered"))
                promise.succeed(.failed)
                return
            }
            switch policy.evaluate(publicKey: publicKey, expected: expected) {
            case .accept:
                peer.set(.accepted(publicKey: publicKey))
                promise.succeed(.certificateVerified)
            case let .reject(reason):
                peer.set(.refused(reason))
                promise.succeed(.failed)
            }
        }
    }
}

/// Holds what the TLS verification learned about one connection's peer.
public final class PeerKeyBox: @unchecked Sendable {
    /// The outcome of checking the peer's key.
    public enum Outcome: Equatable, Sendable {
        /// Not checked yet.
        case pending
        /// Accepted: the peer holds this Ed25519 key.
        case accepted(publicKey: [UInt8])
        /// Refused, with the reason.
        case refused(String)
    }

    private let lock = NSLock()
    private var value: Outcome = .pending

    /// An empty box.
    public init() {}

    /// What is known so far.
    public var outcome: Outcome { lock.withLock { value } }

    func set(_ outcome: Outcome) { lock.withLock { value = outcome } }
}
