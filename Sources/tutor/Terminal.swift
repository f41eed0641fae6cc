import CTutordSystem
import CNCursesW
import ChatClient
#if canImport(Glibc)
import Glibc
#endif

/// The thin layer that talks to ncurses: set-up and restore, drawing a rendered screen, and
/// turning key codes into ``ChatScreen/Key``s. Everything else is in the pure model.
final class Terminal {
    /// Whether the terminal shows colours (otherwise the model uses text prefixes).
    private(set) var colors = false
    private var isOpen = false

    /// Takes over the terminal; `false` when it cannot show a screen (TERM=dumb, unknown).
    func open(monochrome: Bool) -> Bool {
        setlocale(LC_ALL, "")
        guard tutor_start_screen() != 0 else { return false }
        isOpen = true
        raw()  // Ctrl-C arrives as a key, so quitting always goes through close()
        noecho()
        nonl()
        keypad(tutor_stdscr(), true)
        nodelay(tutor_stdscr(), true)
        scrollok(tutor_stdscr(), false)
        mousemask(tutor_wheel_up() | tutor_wheel_down(), nil)
        mouseinterval(0)
        if !monochrome && has_colors() {
            start_color()
            use_default_colors()
            colors = true
            init_pair(1, Int16(COLOR_CYAN), -1)     // tutor
            init_pair(2, Int16(COLOR_YELLOW), -1)   // learner
            init_pair(3, Int16(COLOR_GREEN), -1)    // good
            init_pair(4, Int16(COLOR_RED), -1)      // bad
            init_pair(5, Int16(COLOR_MAGENTA), -1)  // heading, takeaway
            init_pair(6, Int16(COLOR_BLACK), Int16(COLOR_CYAN))  // header, footer
            init_pair(7, Int16(COLOR_GREEN), -1)    // code
        }
        return true
    }

    /// Restores the terminal. Safe to call more than once.
    func close() {
        guard isOpen else { return }
        isOpen = false
        endwin()
    }

    /// Gives the terminal back as it was (for the learner's editor); ``resume()`` takes it again.
    func suspend() {
        guard isOpen else { return }
        endwin()
    }

    /// Back from ``suspend()``: ncurses restores its modes with the next refresh, and the
    /// next draw repaints everything.
    func resume() {
        guard isOpen else { return }
        refresh()
        clearok(tutor_stdscr(), true)
    }

    var size: (width: Int, height: Int) { (Int(tutor_cols()), Int(tutor_lines())) }

    func draw(_ frame: (lines: [StyledLine], cursorRow: Int, cursorColumn: Int)) {
        erase()
        for (row, line) in frame.lines.enumerated() {
            move(Int32(row), 0)
            _ = tutor_attrset(attributes(line.style))
            // In forms ncurses gives the widths the screen model laid them out with.
            _ = tutor_addstr_utf8(CellText.drawable(line.text, wcwidth: { Int(csystem_wcwidth($0.value)) }))
        }
        _ = tutor_attrset(0)
        move(Int32(frame.cursorRow), Int32(frame.cursorColumn))
        refresh()
    }

    private func attributes(_ style: Style) -> attr_t {
        let pair: Int16
        var extra: chtype = 0
        switch style {
        case .plain, .input: pair = 0
        case .tutor: pair = 1
        case .learner: pair = 2; extra = tutor_a_bold()
        case .heading: pair = 5; extra = tutor_a_bold()
        case .takeaway: pair = 5
        case .quiz: pair = 0; extra = tutor_a_bold()
        case .selected: pair = 0; extra = tutor_a_reverse()
        case .good: pair = 3
        case .bad: pair = 4
        case .dim: pair = 0; extra = tutor_a_dim()
        case .code: pair = 7; extra = colors ? 0 : tutor_a_underline()
        case .marker: pair = 0; extra = tutor_a_reverse() | tutor_a_bold()
        case .system: pair = 4; extra = tutor_a_bold()
        case .header, .footer: pair = 6; extra = colors ? 0 : tutor_a_reverse()
        case .overlay: pair = 0; extra = tutor_a_reverse()
        }
        return attr_t((colors && pair > 0 ? tutor_color_pair(pair) : 0) | extra)
    }

    /// The next key, or `nil` when none is waiting.
    func nextKey() -> ChatScreen.Key?? {
        var character: wint_t = 0
        let result = get_wch(&character)
        if result == ERR { return nil }
        if result == KEY_CODE_YES {
            switch Int32(character) {
            case KEY_UP: return .up
            case KEY_DOWN: return .down
            case KEY_LEFT: return .left
            case KEY_RIGHT: return .right
            case KEY_HOME: return .home
            case KEY_END: return .end
            case KEY_PPAGE: return .pageUp
            case KEY_NPAGE: return .pageDown
            case KEY_BACKSPACE: return .backspace
            case KEY_DC: return .delete
            case KEY_ENTER: return .enter
            case tutor_key_f(1): return .help
            case tutor_key_resize(): return .some(nil)  // redraw at the new size
            case tutor_key_mouse():
                var event = MEVENT()
                guard getmouse(&event) == OK else { return .some(nil) }
                if event.bstate & tutor_wheel_up() != 0 { return .wheelUp }
                if tutor_wheel_down() != 0 && event.bstate & tutor_wheel_down() != 0 { return .wheelDown }
                return .some(nil)
            default: return .some(nil)
            }
        }
        switch character {
        case 10, 13: return .enter
        case 127, 8: return .backspace
        case 1: return .lineStart
        case 5: return .lineEnd
        case 11: return .killToEnd
        case 21: return .clearLine
        case 23: return .deleteWord
        case 3: return .interrupt
        case 4: return .endOfInput
        case 9: return .text("    ")  // Tab: an indent, for code typed in the inline editor
        case 27: return .escape
        default:
            guard character >= 32, let scalar = Unicode.Scalar(UInt32(character)) else { return .some(nil) }
            return .text(String(Character(scalar)))
        }
    }
}
