import NIOCore
import NIOEmbedded
import Testing
@testable import HuddleNet

@Suite("mDNS inbound handler: datagrams to (link, bytes, source)")
struct MDNSInboundHandlerTests {
    final class Received: @unchecked Sendable {
        var packets: [(MDNSLink, [UInt8], [UInt8], UInt16)] = []
    }

    func envelope(_ channel: EmbeddedChannel, from source: String, port: Int, interfaceIndex: Int?) throws -> AddressedEnvelope<ByteBuffer> {
        var buffer = channel.allocator.buffer(capacity: 4)
        buffer.writeBytes([1, 2, 3, 4])
        let metadata = interfaceIndex.map {
            AddressedEnvelope<ByteBuffer>.Metadata(ecnState: .transportNotCapable,
                                                   packetInfo: NIOPacketInfo(destinationAddress: try! SocketAddress(ipAddress: "224.0.0.251", port: 5353),
                                                                             interfaceIndex: $0))
        }
        return AddressedEnvelope(remoteAddress: try SocketAddress(ipAddress: source, port: port), data: buffer, metadata: metadata)
    }

    @Test("a datagram that arrived on this socket's interface is passed on with its source")
    func passesOwnInterface() throws {
        let received = Received()
        let link = MDNSLink(interfaceIndex: 3, family: .v4)
        let channel = EmbeddedChannel(handler: MDNSInboundHandler(link: link) { received.packets.append(($0, $1, $2, $3)) })
        try channel.writeInbound(envelope(channel, from: "10.0.0.7", port: 5353, interfaceIndex: 3))
        #expect(received.packets.count == 1)
        #expect(received.packets.first?.0 == link && received.packets.first?.1 == [1, 2, 3, 4])
        #expect(received.packets.first?.2 == [10, 0, 0, 7] && received.packets.first?.3 == 5353)
    }

    @Test("a group packet that arrived on another interface is ignored (every 5353 socket hears it)")
    func ignoresOtherInterfaces() throws {
        let received = Received()
        let channel = EmbeddedChannel(handler: MDNSInboundHandler(link: MDNSLink(interfaceIndex: 3, family: .v4)) { received.packets.append(($0, $1, $2, $3)) })
        try channel.writeInbound(envelope(channel, from: "10.0.0.7", port: 5353, interfaceIndex: 4))
        #expect(received.packets.isEmpty)
    }

    @Test("an IPv6 source is passed on as 16 bytes")
    func ipv6Source() throws {
        let received = Received()
        let channel = EmbeddedChannel(handler: MDNSInboundHandler(link: MDNSLink(interfaceIndex: 3, family: .v6)) { received.packets.append(($0, $1, $2, $3)) })
        try channel.writeInbound(envelope(channel, from: "fe80::1", port: 5353, interfaceIndex: 3))
        #expect(received.packets.first?.2 == [0xFE, 0x80] + [UInt8](repeating: 0, count: 13) + [1])
    }

    @Test("addresses are formatted in the shortest form and socket addresses round-trip")
    func addressText() throws {
        #expect(MDNSAddressText.format([0xFE, 0x80] + [UInt8](repeating: 0, count: 13) + [1]) == "fe80::1")
        #expect(MDNSAddressText.format([0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1]) == "2001:db8::1:0:0:1")
        #expect(MDNSAddressText.format([192, 168, 1, 7]) == "192.168.1.7")
        let address = try #require(MDNSSocketAddress.make([0xFE, 0x80] + [UInt8](repeating: 0, count: 13) + [1], port: 5353, interfaceIndex: 5))
        #expect(MDNSSocketAddress.bytes(of: address) == [0xFE, 0x80] + [UInt8](repeating: 0, count: 13) + [1])
        #expect(address.port == 5353)
    }
}
