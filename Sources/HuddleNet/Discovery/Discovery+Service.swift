/// The mDNS implementation is what peers use to find each other on the LAN.
extension Discovery: DiscoveryService {}
