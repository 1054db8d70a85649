/// Where each part of the screen goes, for one terminal size.
///
/// ```
/// title bar                                       (1 line)
/// peers      | chat                     | channels
/// transfers  | [input]                  | notes
/// status bar                                      (1 line)
/// ```
public struct Layout: Equatable, Sendable {
    /// The smallest size the layout works at.
    public static let minimum = TerminalSize(rows: 16, columns: 60)

    /// The terminal size laid out.
    public let size: TerminalSize

    /// A layout for `size`.
    public init(size: TerminalSize) {
        self.size = size
    }

    /// Whether the terminal is too small for the layout.
    public var isTooSmall: Bool {
        size.rows < Self.minimum.rows || size.columns < Self.minimum.columns
    }

    var sideWidth: Int { min(30, max(16, size.columns / 5)) }
    var body: Rect { Rect(row: 1, column: 0, height: max(0, size.rows - 2), width: size.columns) }

    /// The title bar.
    public var titleBar: Rect { Rect(row: 0, column: 0, height: 1, width: size.columns) }
    /// The status bar.
    public var statusBar: Rect { Rect(row: size.rows - 1, column: 0, height: 1, width: size.columns) }

    /// The peers pane (upper left).
    public var peers: Rect {
        Rect(row: body.row, column: 0, height: body.height - transfers.height, width: sideWidth)
    }

    /// The transfers pane (lower left).
    public var transfers: Rect {
        let height = max(5, body.height * 2 / 5)
        return Rect(row: body.bottom - height, column: 0, height: height, width: sideWidth)
    }

    /// The channels pane (upper right).
    public var channels: Rect {
        Rect(row: body.row, column: size.columns - sideWidth, height: body.height - notes.height, width: sideWidth)
    }

    /// The notes pane (lower right).
    public var notes: Rect {
        let height = max(5, body.height * 2 / 5)
        return Rect(row: body.bottom - height, column: size.columns - sideWidth, height: height, width: sideWidth)
    }

    /// The chat pane (centre), above the input box.
    public var chat: Rect {
        Rect(row: body.row, column: sideWidth, height: body.height - 3, width: size.columns - 2 * sideWidth)
    }

    /// The input box under the chat.
    public var inputBox: Rect {
        Rect(row: chat.bottom, column: chat.column, height: 3, width: chat.width)
    }

    /// The editable field inside the input box, after the prompt.
    public var inputField: Rect {
        let inner = inputBox.inner
        return Rect(row: inner.row, column: inner.column + 2, height: 1, width: max(1, inner.width - 2))
    }

    /// The rectangle of `pane`.
    public func rect(of pane: Pane) -> Rect {
        switch pane {
        case .chat: chat
        case .channels: channels
        case .notes: notes
        case .peers: peers
        case .transfers: transfers
        }
    }
}
