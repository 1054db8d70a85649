import ArgumentParser
import HuddleCore

/// `--peer HOST:PORT`, parsed by the one parser of addresses.
extension PeerAddress: ExpressibleByArgument {
    public init?(argument: String) {
        self.init(parsing: argument)
    }
}
