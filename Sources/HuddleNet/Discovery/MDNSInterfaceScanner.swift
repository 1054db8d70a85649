#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import NIOCore

/// Finds the interfaces discovery runs on.
///
/// By default: every interface that is up (with carrier), multicast-capable and not loopback, except
/// virtual bridges of containers and VMs (docker0, br-*, virbr*, ...). A configured list
/// selects interfaces by name instead (and may then name `lo`, for tests).
enum MDNSInterfaceScanner {
    /// Name prefixes of virtual bridges skipped by default.
    static let virtualBridgePrefixes = ["docker", "br-", "virbr", "lxcbr", "lxdbr", "vmnet", "vboxnet", "cni", "podman"]

    /// An interface found, with the NIO devices to join its groups with.
    struct Found {
        var interface: MDNSInterface
        var ipv4Device: NIONetworkDevice?
        var ipv6Device: NIONetworkDevice?
    }

    /// The interfaces to use now; `selected` empty means the default choice.
    static func scan(selected: [String]) -> [Found] {
        let flags = interfaceFlags()
        let devices = (try? System.enumerateDevices()) ?? []
        var found: [String: Found] = [:]
        for device in devices {
            guard let address = device.address, let bytes = MDNSSocketAddress.bytes(of: address) else { continue }
            let flag = flags[device.name] ?? 0
            let isLoopback = flag & UInt32(IFF_LOOPBACK) != 0
            guard isUsable(name: device.name, flags: flag, multicast: device.multicastSupported, selected: selected) else { continue }
            var entry = found[device.name] ?? Found(interface: MDNSInterface(index: device.interfaceIndex, name: device.name, ipv4: [], ipv6: []))
            let subnet = MDNSSubnet(address: bytes, prefixLength: device.netmask.map(prefixLength) ?? bytes.count * 8)
            if bytes.count == 4 {
                entry.interface.ipv4.append(subnet)
                if entry.ipv4Device == nil { entry.ipv4Device = device }
            } else if !isLoopback { // IPv6 multicast does not work on lo (NETWORK-NOTES.md)
                entry.interface.ipv6.append(subnet)
                if entry.ipv6Device == nil { entry.ipv6Device = device }
            }
            found[device.name] = entry
        }
        return found.values.sorted { $0.interface.index < $1.interface.index }
    }

    /// Whether an interface is used: a selected name, or by default one that is not loopback
    /// and not a virtual bridge; in both cases up with a carrier (IFF_UP, IFF_RUNNING; one
    /// without waits for the next scan) and multicast-capable.
    static func isUsable(name: String, flags: UInt32, multicast: Bool, selected: [String]) -> Bool {
        let isLoopback = flags & UInt32(IFF_LOOPBACK) != 0
        let wanted = selected.isEmpty
            ? !isLoopback && !virtualBridgePrefixes.contains { name.hasPrefix($0) }
            : selected.contains(name)
        let running = flags & UInt32(IFF_UP) != 0 && flags & UInt32(IFF_RUNNING) != 0
        return wanted && running && multicast
    }

    /// Leading one bits of a netmask.
    static func prefixLength(_ netmask: SocketAddress) -> Int {
        (MDNSSocketAddress.bytes(of: netmask) ?? []).reduce(0) { $0 + $1.nonzeroBitCount }
    }

    /// Interface flags (IFF_UP, IFF_LOOPBACK, ...) by name, from getifaddrs.
    static func interfaceFlags() -> [String: UInt32] {
        var list: UnsafeMutablePointer<ifaddrs>?
        guard getifaddrs(&list) == 0 else { return [:] }
        defer { freeifaddrs(list) }
        var result: [String: UInt32] = [:]
        var cursor = list
        while let entry = cursor {
            result[String(cString: entry.pointee.ifa_name)] = UInt32(entry.pointee.ifa_flags)
            cursor = entry.pointee.ifa_next
        }
        return result
    }
}

/// Conversions between NIO socket addresses and address bytes.
enum MDNSSocketAddress {
    /// The 4 or 16 address bytes.
    static func bytes(of address: SocketAddress) -> [UInt8]? {
        switch address {
        case let .v4(v4):
            var raw = v4.address.sin_addr
            return withUnsafeBytes(of: &raw) { Array($0) }
        case let .v6(v6):
            var raw = v6.address.sin6_addr
            return withUnsafeBytes(of: &raw) { Array($0) }
        default:
            return nil
        }
    }

    /// A socket address for bytes and port; link-local IPv6 gets the interface as scope.
    static func make(_ bytes: [UInt8], port: UInt16, interfaceIndex: Int) -> SocketAddress? {
        if bytes.count == 4 {
            var raw = sockaddr_in()
            raw.sin_family = sa_family_t(AF_INET)
            raw.sin_port = port.bigEndian
            withUnsafeMutableBytes(of: &raw.sin_addr) { $0.copyBytes(from: bytes) }
            return SocketAddress(raw, host: "")
        }
        guard bytes.count == 16 else { return nil }
        var raw = sockaddr_in6()
        raw.sin6_family = sa_family_t(AF_INET6)
        raw.sin6_port = port.bigEndian
        withUnsafeMutableBytes(of: &raw.sin6_addr) { $0.copyBytes(from: bytes) }
        if MDNSAddressText.isLinkLocal(bytes) || bytes[0] == 0xFF { raw.sin6_scope_id = UInt32(clamping: interfaceIndex) }
        return SocketAddress(raw, host: "")
    }
}
