import Foundation
import HuddleCore

extension TransferOffer {
    /// The offer as sent.
    public func wire(nickname: String, expiresIn seconds: Int, resume: Bool) -> Huddle_Transfer_V1_Offer {
        .with {
            $0.offerID = Data(id.bytes)
            $0.files = files.map { file in
                .with {
                    $0.path = file.path.description
                    $0.size = file.size
                    $0.executable = file.executable
                }
            }
            $0.chunkSize = UInt32(chunkSize)
            $0.totalBytes = totalBytes
            $0.nickname = nickname
            $0.expiresInSeconds = UInt32(clamping: seconds)
            $0.resume = resume
        }
    }

    /// Checks an offer a peer sent: every rule of ``TransferOffer/make(id:files:chunkSize:limits:)``,
    /// plus a well-formed ID and a total that matches the files.
    public static func received(_ wire: Huddle_Transfer_V1_Offer, limits: TransferLimits) throws(TransferError) -> TransferOffer {
        guard let id = OfferID(bytes: Array(wire.offerID)) else { throw .protocolViolation("the offer ID is not 16 bytes") }
        guard wire.files.count <= limits.maxFiles else {
            throw .invalidOffer(.tooManyFiles(count: wire.files.count, limit: limits.maxFiles))
        }
        let offer: TransferOffer
        do {
            offer = try TransferOffer.make(
                id: id, files: wire.files.map { ($0.path, $0.size, $0.executable) },
                chunkSize: Int(wire.chunkSize), limits: limits)
        } catch {
            throw .invalidOffer(error)
        }
        guard offer.totalBytes == wire.totalBytes else { throw .protocolViolation("the offer's total does not match its files") }
        return offer
    }
}
