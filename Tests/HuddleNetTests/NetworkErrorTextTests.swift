import Foundation
import NIOCore
import Testing
@testable import HuddleNet

@Suite("Network errors said plainly")
struct NetworkErrorTextTests {
    struct Raw: Error, CustomStringConvertible {
        let description: String
    }

    @Test("a BoringSSL error becomes a sentence without the build path")
    func boringSSLError() {
        let raw = Raw(description: "handshakeFailed(NIOSSL.BoringSSLError.sslError([Error: 268435703 error:100000f7:SSL routines:OPENSSL_internal:WRONG_VERSION_NUMBER at /work/.build/checkouts/swift-nio-ssl/Sources/CNIOBoringSSL/ssl/tls_record.cc:231]))")
        let text = NetworkErrorText.describe(raw)
        #expect(text == "TLS handshake failed: the other side does not speak TLS (not a huddle peer?)")
        #expect(!text.contains("/"))
    }

    @Test("an unknown TLS reason is said in words; anything with a path loses it")
    func unknownReason() {
        #expect(NetworkErrorText.describe(Raw(description: "error:1000:SSL routines:OPENSSL_internal:SOME_NEW_THING at /x/y.cc:1")) == "TLS handshake failed: some new thing")
        #expect(NetworkErrorText.describe(Raw(description: "odd failure at /build/path/file.c:12")) == "odd failure")
        #expect(NetworkErrorText.describe(Raw(description: "uncleanShutdown")) == "the connection was cut before TLS said goodbye")
        #expect(NetworkErrorText.describe(IOError(errnoCode: ECONNRESET, reason: "read")) == "connection reset by peer")
    }
}
