import Foundation
import HuddleCore

extension SyncEngine {
    /// The note a user means by `name` in `workspace`.
    ///
    /// Note names follow the channels' rule: case does not tell two apart, and neither does how
    /// an accent is encoded, so `Plan`, `plan` and `PLAN` are one note, named `plan` (NFC, lower
    /// case). The ID is the folded name, so teammates who make `Plan` and `plan` offline make
    /// the same note. A note held under another spelling (made before this rule, or by an older
    /// peer: its changes are signed for that ID, so it cannot be renamed) is found by any
    /// spelling; of several, the one spelled exactly as `name`, then the first by ID.
    func note(named name: String, in workspace: Workspace) throws(DocumentNameError) -> DocumentID {
        let folded = Self.foldedNoteName(name)
        let canonical = try DocumentID.note(folded, in: workspace)
        if replicas[canonical] != nil { return canonical }
        let held = replicas.keys.filter { id in
            guard case let .note(heldWorkspace, heldName) = id else { return false }
            return heldWorkspace == workspace && Self.foldedNoteName(heldName) == folded
        }
        func rank(_ id: DocumentID) -> (Int, String) { (id.name == name ? 0 : 1, id.description) }
        return held.min { rank($0) < rank($1) } ?? canonical
    }

    /// A note name as new IDs spell it: NFC, lower case.
    static func foldedNoteName(_ name: String) -> String {
        name.precomposedStringWithCanonicalMapping.lowercased()
    }
}
