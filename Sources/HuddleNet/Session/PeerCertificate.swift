import Crypto
import Foundation
import HuddleCore
import NIOSSL
import X509

/// The self-signed certificate a peer presents in TLS, made from its identity key.
///
/// Nothing in it is trusted but the key: peers pin the key's hash (the peer ID) and ignore
/// names, dates and issuers, so the certificate only carries the key through TLS.
public enum PeerCertificate {
    /// The DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410); the raw key follows it.
    static let ed25519SPKIPrefix: [UInt8] = [0x30, 0x2A, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70, 0x03, 0x21, 0x00]

    /// A certificate and TLS private key for `identity`, valid from a day before `now`.
    public static func make(for identity: DeviceIdentity, now: Date = Date()) throws -> (certificate: NIOSSLCertificate, key: NIOSSLPrivateKey) {
        let key = Certificate.PrivateKey(identity.privateKey)
        let name = try DistinguishedName { CommonName(identity.peerID.description) }
        let certificate = try Certificate(
            version: .v3,
            serialNumber: Certificate.SerialNumber(),
            publicKey: key.publicKey,
            notValidBefore: now.addingTimeInterval(-86_400),
            notValidAfter: now.addingTimeInterval(20 * 365 * 86_400),
            issuer: name,
            subject: name,
            signatureAlgorithm: .ed25519,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                Critical(KeyUsage(digitalSignature: true))
                try ExtendedKeyUsage([.serverAuth, .clientAuth])
            },
            issuerPrivateKey: key
        )
        let certificatePEM = try certificate.serializeAsPEM().pemString
        let keyPEM = try key.serializeAsPEM().pemString
        return (try NIOSSLCertificate(bytes: Array(certificatePEM.utf8), format: .pem),
                try NIOSSLPrivateKey(bytes: Array(keyPEM.utf8), format: .pem))
    }

    /// The raw Ed25519 public key a certificate carries, or `nil` for any other key type.
    public static func ed25519Key(of certificate: NIOSSLCertificate) -> [UInt8]? {
        guard let spki = try? certificate.extractPublicKey().toSPKIBytes(),
              spki.count == ed25519SPKIPrefix.count + 32,
              Array(spki.prefix(ed25519SPKIPrefix.count)) == ed25519SPKIPrefix
        else { return nil }
        return Array(spki.suffix(32))
    }
}
