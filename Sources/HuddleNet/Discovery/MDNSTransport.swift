#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import NIOCore
import NIOPosix

/// The sockets of discovery: one UDP socket per link, bound to port 5353 and shared with
/// other responders, joined to the link's group on its interface (NETWORK-NOTES.md).
///
/// Confined to one event loop. NIO closes a datagram channel when a send fails; the
/// transport then forgets it and reports it, and the owner opens it again later, so one
/// bad interface never stops discovery on the others.
final class MDNSTransport: @unchecked Sendable { // confined to `loop`
    /// The mDNS port.
    static let port = 5353
    /// 224.0.0.251 and ff02::fb.
    static let group4 = try! SocketAddress(ipAddress: "224.0.0.251", port: port)
    static let group6 = try! SocketAddress(ipAddress: "ff02::fb", port: port)

    /// A received packet: link, bytes, source address bytes and port.
    typealias Receive = @Sendable (MDNSLink, [UInt8], [UInt8], UInt16) -> Void

    let loop: EventLoop
    private var channels: [MDNSLink: Channel] = [:]
    private let receive: Receive
    private let closed: @Sendable (MDNSLink) -> Void

    init(loop: EventLoop, receive: @escaping Receive, closed: @escaping @Sendable (MDNSLink) -> Void) {
        self.loop = loop
        self.receive = receive
        self.closed = closed
    }

    /// The links with an open socket.
    var openLinks: Set<MDNSLink> { Set(channels.keys) }

    /// Opens the socket of a link: bind, join the group on the device, pick the device for
    /// sending, TTL/hops 255.
    func open(_ link: MDNSLink, found: MDNSInterfaceScanner.Found) -> EventLoopFuture<Void> {
        loop.preconditionInEventLoop()
        guard channels[link] == nil else { return loop.makeSucceededVoidFuture() }
        let device = link.family == .v4 ? found.ipv4Device : found.ipv6Device
        guard let device else { return loop.makeFailedFuture(DiscoveryError.socketFailed(interface: found.interface.name, reason: "no address")) }
        let receive = self.receive
        var bootstrap = DatagramBootstrap(group: loop)
            .channelOption(.socketOption(.so_reuseaddr), value: 1)
            .channelOption(ChannelOptions.Types.SocketOption(level: .socket, name: .init(rawValue: 15)), value: 1) // SO_REUSEPORT
            .channelOption(.receivePacketInfo, value: true)
            .channelOption(.recvAllocator, value: FixedSizeRecvByteBufferAllocator(capacity: 9216))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(MDNSInboundHandler(link: link, receive: receive)) }
            }
        if link.family == .v6 {
            bootstrap = bootstrap.channelOption(ChannelOptions.Types.SocketOption(level: .ipv6, name: .ipv6_v6only), value: 1)
        }
        let host = link.family == .v4 ? "0.0.0.0" : "::"
        let interfaceAddress = found.interface.ipv4.first?.address ?? [0, 0, 0, 0]
        return bootstrap.bind(host: host, port: Self.port).flatMap { channel in
            let configured: EventLoopFuture<Void>
            let multicast = channel as! MulticastChannel
            let options = channel as! SocketOptionProvider
            switch link.family {
            case .v4:
                var raw = in_addr()
                withUnsafeMutableBytes(of: &raw) { $0.copyBytes(from: interfaceAddress) }
                let address = raw
                configured = multicast.joinGroup(Self.group4, device: device)
                    .flatMap { options.setIPMulticastIF(address) }
                    .flatMap { options.setIPMulticastTTL(255) }
            case .v6:
                configured = multicast.joinGroup(Self.group6, device: device)
                    .flatMap { options.setIPv6MulticastIF(CUnsignedInt(link.interfaceIndex)) }
                    .flatMap { options.setIPv6MulticastHops(255) }
            }
            return configured.map {
                self.channels[link] = channel
                channel.closeFuture.whenComplete { _ in self.forget(link, channel) }
            }.flatMapError { error in
                channel.close(promise: nil)
                return self.loop.makeFailedFuture(error)
            }
        }
    }

    private func forget(_ link: MDNSLink, _ channel: Channel) {
        guard channels[link] === channel else { return }
        channels[link] = nil
        closed(link)
    }

    /// Sends a datagram; a failure is reported through the returned future.
    func send(_ datagram: MDNSDatagram) -> EventLoopFuture<Void> {
        guard let channel = channels[datagram.link] else {
            return loop.makeFailedFuture(DiscoveryError.socketFailed(interface: "\(datagram.link)", reason: "not open"))
        }
        let address: SocketAddress?
        switch datagram.destination {
        case .multicast:
            address = datagram.link.family == .v4 ? Self.group4 : Self.group6
        case let .unicast(bytes, port):
            address = MDNSSocketAddress.make(bytes, port: port, interfaceIndex: datagram.link.interfaceIndex)
        }
        guard let address else { return loop.makeSucceededVoidFuture() }
        var buffer = channel.allocator.buffer(capacity: datagram.bytes.count)
        buffer.writeBytes(datagram.bytes)
        return channel.writeAndFlush(AddressedEnvelope(remoteAddress: address, data: buffer))
    }

    /// Closes one link's socket.
    func close(_ link: MDNSLink) {
        channels.removeValue(forKey: link)?.close(promise: nil)
    }

    /// Closes every socket.
    func closeAll() -> EventLoopFuture<Void> {
        let all = channels.values.map { $0.close() }
        channels = [:]
        return EventLoopFuture.whenAllComplete(all, on: loop).map { _ in () }
    }
}

/// Turns datagrams into (link, bytes, source) calls. Thin: the engine decides everything.
/// With several sockets bound to 5353 every socket hears every group packet, so a packet
/// whose interface index is not this socket's is ignored here.
final class MDNSInboundHandler: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>

    let link: MDNSLink
    let receive: MDNSTransport.Receive

    init(link: MDNSLink, receive: @escaping MDNSTransport.Receive) {
        self.link = link
        self.receive = receive
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let envelope = unwrapInboundIn(data)
        if let info = envelope.metadata?.packetInfo, info.interfaceIndex != link.interfaceIndex { return }
        guard let source = MDNSSocketAddress.bytes(of: envelope.remoteAddress), let port = envelope.remoteAddress.port else { return }
        let bytes = envelope.data.getBytes(at: envelope.data.readerIndex, length: envelope.data.readableBytes) ?? []
        receive(link, bytes, source, UInt16(clamping: port))
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        // Read errors (e.g. ICMP-triggered) are not fatal for a datagram socket.
    }
}

/// Why discovery could not start or run.
public enum DiscoveryError: Error, Equatable, Sendable, CustomStringConvertible {
    /// `start()` was called twice, or after `stop()`.
    case alreadyStarted
    /// A configured interface does not exist, is down or cannot do multicast.
    case interfaceUnusable(String)
    /// No socket could be opened on any selected interface (port 5353 taken without
    /// SO_REUSEPORT, or no permission).
    case socketFailed(interface: String, reason: String)

    /// What happened and what to do, for the user.
    public var description: String {
        switch self {
        case .alreadyStarted: "discovery is already running"
        case let .interfaceUnusable(name): "interface \(name) is missing, down or without multicast; pick another with --interface"
        case let .socketFailed(interface, reason): "cannot open the mDNS socket on \(interface): \(reason)"
        }
    }
}
