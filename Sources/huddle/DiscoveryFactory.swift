import HuddleApp
import HuddleNet

/// Makes the LAN discovery for a peer; `nil` until mDNS discovery is part of the build.
enum DiscoveryFactory {
    static func make(profile: LocalProfile, network: NetworkOptions) -> (any DiscoveryService)? {
        nil
    }
}
