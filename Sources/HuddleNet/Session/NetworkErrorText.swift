import Foundation
import NIOCore

/// What went wrong on a connection, in a sentence for the log and the user: never a raw
/// BoringSSL error with its build path (`error:100000f7:SSL routines:OPENSSL_internal:
/// WRONG_VERSION_NUMBER at /…/tls_record.cc:231`).
public enum NetworkErrorText {
    /// TLS reasons people meet, said plainly.
    static let tlsReasons: [String: String] = [
        "WRONG_VERSION_NUMBER": "the other side does not speak TLS (not a huddle peer?)",
        "UNSUPPORTED_PROTOCOL": "the other side does not speak TLS 1.3",
        "TLSV1_ALERT_PROTOCOL_VERSION": "the other side does not speak TLS 1.3",
        "CERTIFICATE_VERIFY_FAILED": "its certificate does not match the key it is known by",
        "TLSV1_ALERT_BAD_CERTIFICATE": "it refused our certificate",
        "SSLV3_ALERT_BAD_CERTIFICATE": "it refused our certificate",
        "TLSV1_ALERT_CERTIFICATE_REQUIRED": "it wants a certificate we did not send",
        "NO_SHARED_CIPHER": "no cipher both sides accept",
        "DECRYPTION_FAILED_OR_BAD_RECORD_MAC": "a record failed to decrypt (corrupted or forged)",
        "BAD_DECRYPT": "a record failed to decrypt (corrupted or forged)",
        "EXCESSIVE_MESSAGE_SIZE": "the other side sent a handshake message too large",
    ]

    /// A sentence for `error`.
    public static func describe(_ error: Error) -> String {
        if let io = error as? IOError { return String(cString: strerror(io.errnoCode)).lowercased() }
        let text = String(describing: error)
        if text.contains("uncleanShutdown") { return "the connection was cut before TLS said goodbye" }
        if let marker = text.range(of: "OPENSSL_internal:") {
            let token = String(text[marker.upperBound...].prefix { $0.isLetter || $0.isNumber || $0 == "_" })
            return "TLS handshake failed: " + (tlsReasons[token] ?? token.lowercased().replacingOccurrences(of: "_", with: " "))
        }
        // Whatever else: never a path from the build machine.
        if let at = text.range(of: " at /") { return String(text[..<at.lowerBound]) }
        return text
    }
}
