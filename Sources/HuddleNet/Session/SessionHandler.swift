import Foundation
import HuddleCore
import NIOCore
import NIOSSL
import NIOTLS

/// One connection's session logic: sends Hello when TLS is up, checks the peer's Hello,
/// answers pings, pings and gives up as ``KeepAlive`` says, and hands everything else to the ``SessionManager``.
final class SessionHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = Huddle_V1_Envelope
    typealias OutboundOut = Huddle_V1_Envelope

    let manager: SessionManager
    let keyBox: PeerKeyBox
    let dialedByUs: Bool
    var peer: SessionPeer?
    var closeReason: String?
    var reportedRefusal = false
    /// The peer ended the session with a Refusal (a deliberate end).
    var refusalReceived = false
    var pingNonce: UInt64 = 0
    var keepAlive: KeepAlive
    var keepAliveTimer: Scheduled<Void>?

    init(manager: SessionManager, keyBox: PeerKeyBox, dialedByUs: Bool) {
        self.manager = manager
        self.keyBox = keyBox
        self.dialedByUs = dialedByUs
        let settings = manager.settings
        keepAlive = KeepAlive(timing: .init(pingAfter: settings.pingAfter, deadAfter: settings.deadAfter,
                                            handshakeTimeout: settings.handshakeTimeout),
                              asksFirst: dialedByUs, start: .now())
    }

    func handlerAdded(context: ChannelHandlerContext) {
        checkKeepAlive(context: context)
    }

    /// The handshake's limit counts from the connection, not from the dial (the connect has
    /// its own timeout).
    func channelActive(context: ChannelHandlerContext) {
        keepAlive.heard(at: .now())
        checkKeepAlive(context: context)
        context.fireChannelActive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        keepAliveTimer?.cancel()
        keepAliveTimer = nil
    }

    /// Pings or closes as ``KeepAlive`` says, and sets the timer for its next check.
    func checkKeepAlive(context: ChannelHandlerContext) {
        keepAliveTimer?.cancel()
        let (action, next) = keepAlive.check(now: .now(), established: peer != nil)
        switch action {
        case .ping?:
            pingNonce &+= 1
            var envelope = Huddle_V1_Envelope()
            envelope.ping = Huddle_V1_Ping.with { $0.nonce = pingNonce }
            context.writeAndFlush(wrapOutboundOut(envelope), promise: nil)
        case let .silent(limit)?:
            return close(context, reason: "no answer for \(limit.nanoseconds / 1_000_000_000) s")
        case let .handshakeTooSlow(limit)?:
            return close(context, reason: "the handshake took longer than \(limit.nanoseconds / 1_000_000_000) s")
        case nil:
            break
        }
        keepAliveTimer = context.eventLoop.assumeIsolated().scheduleTask(deadline: next) { [weak self] in self?.checkKeepAlive(context: context) }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let tlsEvent = event as? TLSUserEvent, case .handshakeCompleted = tlsEvent {
            var envelope = Huddle_V1_Envelope()
            envelope.hello = manager.hello()
            context.writeAndFlush(wrapOutboundOut(envelope), promise: nil)
        }
        context.fireUserInboundEventTriggered(event)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let envelope = unwrapInboundIn(data)
        keepAlive.heard(at: .now())
        guard let peer else {
            receiveFirst(context: context, envelope)
            if peer != nil { checkKeepAlive(context: context) } // from the handshake's limit to the session's
            return
        }
        switch envelope.body {
        case .ping(let ping)?:
            var pong = Huddle_V1_Envelope()
            pong.pong = Huddle_V1_Pong.with { $0.nonce = ping.nonce }
            context.writeAndFlush(wrapOutboundOut(pong), promise: nil)
        case .pong?:
            manager.keepAliveAnswered()
        case .hello?:
            break
        case .refusal(let refusal)?:
            refusalReceived = true
            close(context, reason: "\(peer.nickname) ended the session: \(refusal.message)")
        case nil:
            break // a body from a newer version: ignored
        default:
            manager.received(envelope, from: peer.id)
        }
    }

    /// The first message must be the peer's Hello, after its key was accepted.
    func receiveFirst(context: ChannelHandlerContext, _ envelope: Huddle_V1_Envelope) {
        let address = context.remoteAddress.map(SessionManager.describe) ?? "?"
        if case .refusal(let refusal)? = envelope.body {
            manager.refused(address: address, reason: "refused: \(refusal.message)",
                            incompatible: refusal.reason == .incompatibleVersion)
            reportedRefusal = true
            context.close(promise: nil)
            return
        }
        guard case .hello(let hello)? = envelope.body, case let .accepted(publicKey) = keyBox.outcome else {
            refuse(context, .protocolError, "the first message must be Hello")
            return
        }
        let ours = manager.settings.versions
        guard hello.minProtocolVersion <= ours.upperBound, hello.protocolVersion >= ours.lowerBound else {
            let theirs = ReceivedNickname.capped(hello.nickname)
            let older = hello.protocolVersion < ours.lowerBound ? "\(theirs)'s huddle is older" : "this huddle is older"
            refuse(context, .incompatibleVersion,
                   "protocol versions do not overlap (\(manager.settings.nickname): \(ours.lowerBound)-\(ours.upperBound), "
                       + "\(theirs): \(hello.minProtocolVersion)-\(hello.protocolVersion)); \(older): upgrade it")
            return
        }
        guard PeerID(publicKey: publicKey) != manager.localID else {
            refuse(context, .protocolError, "this is a session with itself")
            return
        }
        let nickname = hello.nickname.precomposedStringWithCanonicalMapping
        if let problem = Nickname.validate(nickname) {
            refuse(context, .protocolError, "the nickname in Hello \(problem) (NFC, at most \(Nickname.maxLength) characters)")
            return
        }
        let session = SessionPeer(
            id: .init(publicKey: publicKey), publicKey: publicKey, nickname: nickname, address: address,
            listenPort: Int(min(hello.listenPort, 65535)), dialedByUs: dialedByUs,
            protocolVersion: min(hello.protocolVersion, ours.upperBound),
            capabilities: hello.capabilities.prefix(WireProtocol.maxCapabilities).filter { $0.utf8.count <= WireProtocol.maxCapabilityBytes })
        peer = session
        manager.established(session, channel: context.channel)
    }

    func refuse(_ context: ChannelHandlerContext, _ reason: Huddle_V1_Refusal.Reason, _ message: String) {
        let address = context.remoteAddress.map(SessionManager.describe) ?? "?"
        manager.refused(address: address, reason: message, incompatible: reason == .incompatibleVersion)
        reportedRefusal = true
        closeReason = message
        var envelope = Huddle_V1_Envelope()
        envelope.refusal = Huddle_V1_Refusal.with {
            $0.reason = reason
            $0.message = message
            $0.protocolVersion = WireProtocol.version
        }
        context.writeAndFlush(wrapOutboundOut(envelope)).whenComplete { _ in context.close(promise: nil) }
    }

    func close(_ context: ChannelHandlerContext, reason: String) {
        if closeReason == nil { closeReason = reason }
        context.close(promise: nil)
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable, let peer { manager.becameWritable(peer.id, channel: context.channel) }
        context.fireChannelWritabilityChanged()
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        if closeReason == nil {
            if case let .refused(reason) = keyBox.outcome {
                closeReason = reason
            } else if let io = error as? IOError, io.errnoCode == ETIMEDOUT {
                let limit = manager.settings.tcpKeepAlive.deadAfter.nanoseconds / 1_000_000_000
                closeReason = "no answer from its host for \(limit) s"
            } else {
                closeReason = NetworkErrorText.describe(error)
            }
        }
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        keepAliveTimer?.cancel()
        keepAliveTimer = nil
        if let peer {
            manager.ended(peer.id, channel: context.channel, reason: closeReason ?? "connection closed", refusalReceived: refusalReceived)
        } else if !reportedRefusal {
            let reason: String
            if case let .refused(why) = keyBox.outcome { reason = why } else { reason = closeReason ?? "closed before the session started" }
            manager.refused(address: context.remoteAddress.map(SessionManager.describe) ?? "?", reason: reason)
        }
        context.fireChannelInactive()
    }
}
