import HuddleApp
import HuddleNet
import NIOPosix

/// Makes the LAN discovery for a peer: mDNS / DNS-SD on the selected interfaces, or none
/// when discovery is switched off.
enum DiscoveryFactory {
    static func make(profile: LocalProfile, network: NetworkOptions) -> (any DiscoveryService)? {
        guard network.discovery else { return nil }
        let configuration = DiscoveryConfiguration(nickname: profile.config.nickname, peerID: profile.identity.peerID,
                                                   port: UInt16(clamping: network.port), interfaces: network.interfaces)
        return Discovery(configuration: configuration, group: MultiThreadedEventLoopGroup.singleton)
    }
}
