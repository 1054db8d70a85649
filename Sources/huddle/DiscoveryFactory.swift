import HuddleApp
import HuddleNet
import NIOPosix

/// Makes the LAN discovery (mDNS / DNS-SD) for a peer.
enum DiscoveryFactory {
    static func make(profile: LocalProfile, network: NetworkOptions) -> Peer.DiscoveryMaker? {
        guard network.discovery else { return nil }
        return { port in
            let configuration = DiscoveryConfiguration(nickname: profile.config.nickname, peerID: profile.identity.peerID,
                                                       port: UInt16(clamping: port), interfaces: network.interfaces)
            return Discovery(configuration: configuration, group: MultiThreadedEventLoopGroup.singleton)
        }
    }
}

