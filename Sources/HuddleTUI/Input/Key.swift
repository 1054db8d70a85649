/// A key press (or a paste), after decoding.
public enum Key: Equatable, Sendable {
    /// A printable character.
    case character(Character)
    /// Ctrl with a letter, e.g. `.control("q")` for Ctrl-Q.
    case control(Character)
    case enter, tab, backTab, backspace, delete, escape
    case left, right, up, down, home, end, pageUp, pageDown
    /// Arrows with Shift: they extend a selection.
    case shiftLeft, shiftRight, shiftUp, shiftDown
    /// Ctrl with Left or Right: a word at a time.
    case wordLeft, wordRight
    /// A function key, F1 to F12.
    case function(Int)
    /// Alt with a digit, 1 to 9 (shows the workspace of that number).
    case altDigit(Int)
    /// Alt with a printable key (`ESC b`): Alt-b and Alt-f move a word, Alt-d deletes one.
    case alt(Character)
    /// Alt-Backspace: deletes the word before the cursor.
    case altBackspace
    /// Alt-Enter or Shift-Enter: a new line inside the message being written.
    case newline
    /// Text the terminal delivered as one bracketed paste.
    case paste(String)
}

/// What the terminal adapter reads: scalars, named keys, paste markers and resizes.
public enum TerminalInput: Equatable, Sendable {
    /// A character or control byte.
    case scalar(Unicode.Scalar)
    /// A key the terminal names (arrows, function keys, ...), already decoded.
    case key(Key)
    /// `ESC [ 200 ~`: what follows is pasted text.
    case pasteStart
    /// `ESC [ 201 ~`: the paste is over.
    case pasteEnd
    /// The terminal changed size.
    case resize
    /// A click or a turn of the wheel.
    case mouse(MouseEvent)
}

/// A mouse event at a screen cell.
public struct MouseEvent: Equatable, Sendable {
    /// What happened.
    public enum Kind: Equatable, Sendable {
        case click, wheelUp, wheelDown
    }

    /// The cell, and what happened there.
    public var row: Int, column: Int, kind: Kind

    /// An event from its parts.
    public init(row: Int, column: Int, kind: Kind) {
        self.row = row
        self.column = column
        self.kind = kind
    }
}
