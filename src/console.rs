//! The terminal annals talks to: Vietnamese text and colours where the
//! terminal can show them, plain text where it cannot or is asked not to.
//!
//! On Windows the console's output code page is set to UTF-8 (65001) for the
//! run and put back afterwards, so programs that read annals' output through
//! the console (a `for /f` in a .cmd file, PowerShell) decode Vietnamese
//! correctly; colours are ANSI sequences, which a Windows console shows only
//! once "virtual terminal processing" is switched on, so colour is used only
//! when that succeeds. Everywhere: no colour when the stream is not a
//! terminal, when `NO_COLOR` is set (<https://no-color.org>) or `TERM=dumb`.
//! Knows nothing of what is printed.

use std::ffi::OsStr;
use std::io::IsTerminal;
use std::sync::OnceLock;

/// Whether to paint the diagnostics written to standard error.
pub fn stderr_color() -> bool {
    static COLOR: OnceLock<bool> = OnceLock::new();
    *COLOR.get_or_init(|| {
        let terminal = std::io::stderr().is_terminal();
        wants_color(
            terminal,
            std::env::var_os("NO_COLOR").as_deref(),
            std::env::var_os("TERM").as_deref(),
            terminal && windows::enable_ansi_on_stderr(),
        )
    })
}

/// The rule, pure: colour on a terminal that can show it, unless told not to.
/// `ansi` is whether the terminal interprets ANSI sequences (always true on
/// Unix; on Windows, whether virtual terminal processing could be enabled).
pub fn wants_color(terminal: bool, no_color: Option<&OsStr>, term: Option<&OsStr>, ansi: bool) -> bool {
    let no_color = no_color.is_some_and(|v| !v.is_empty());
    let dumb = term.is_some_and(|t| t == "dumb");
    terminal && ansi && !no_color && !dumb
}

/// Sets the console up for the run (UTF-8 output on Windows); dropping the
/// guard puts back what was there, so the user's console is left as found.
#[must_use = "the console is restored when the guard is dropped"]
pub fn setup() -> Guard {
    Guard { previous: windows::use_utf8_output() }
}

pub struct Guard {
    /// The output code page found at start, when it was changed.
    previous: Option<u32>,
}

impl Drop for Guard {
    fn drop(&mut self) {
        if let Some(code_page) = self.previous {
            windows::restore_output(code_page);
        }
    }
}

#[cfg(windows)]
mod windows {
    use windows_sys::Win32::System::Console::{
        ENABLE_VIRTUAL_TERMINAL_PROCESSING, GetConsoleMode, GetConsoleOutputCP, GetStdHandle, STD_ERROR_HANDLE,
        SetConsoleMode, SetConsoleOutputCP,
    };

    const UTF8: u32 = 65001;

    /// Switches the console to UTF-8 output; the code page it had, if changed.
    pub(super) fn use_utf8_output() -> Option<u32> {
        // SAFETY: these calls take and return plain integers; without a
        // console they fail (return 0) and nothing changes.
        unsafe {
            let previous = GetConsoleOutputCP();
            if previous == 0 || previous == UTF8 {
                return None;
            }
            (SetConsoleOutputCP(UTF8) != 0).then_some(previous)
        }
    }

    pub(super) fn restore_output(code_page: u32) {
        // SAFETY: as above; a failure leaves UTF-8 in place, which is harmless.
        unsafe {
            SetConsoleOutputCP(code_page);
        }
    }

    /// Asks the console behind standard error to interpret ANSI sequences
    /// (Windows 10 and later); false on older consoles and non-consoles.
    pub(super) fn enable_ansi_on_stderr() -> bool {
        // SAFETY: GetStdHandle returns a handle owned by the process (never
        // closed here); GetConsoleMode writes one u32 that we own; both fail
        // cleanly on a handle that is not a console.
        unsafe {
            let handle = GetStdHandle(STD_ERROR_HANDLE);
            let mut mode = 0u32;
            if handle.is_null() || GetConsoleMode(handle, &mut mode) == 0 {
                return false;
            }
            mode & ENABLE_VIRTUAL_TERMINAL_PROCESSING != 0
                || SetConsoleMode(handle, mode | ENABLE_VIRTUAL_TERMINAL_PROCESSING) != 0
        }
    }
}

#[cfg(not(windows))]
mod windows {
    pub(super) fn use_utf8_output() -> Option<u32> {
        None
    }

    pub(super) fn restore_output(_code_page: u32) {}

    /// Unix terminals interpret ANSI sequences.
    pub(super) fn enable_ansi_on_stderr() -> bool {
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colour_only_on_a_terminal_that_can_and_may_show_it() {
        let s = |v: &'static str| Some(OsStr::new(v));
        // (terminal, NO_COLOR, TERM, ansi) → colour
        let cases = [
            (true, None, s("xterm-256color"), true, true),
            (true, None, None, true, true),
            (false, None, s("xterm"), true, false),
            (true, s("1"), s("xterm"), true, false),
            (true, s(""), s("xterm"), true, true),
            (true, None, s("dumb"), true, false),
            (true, None, s("xterm"), false, false),
        ];
        for (terminal, no_color, term, ansi, expected) in cases {
            assert_eq!(
                wants_color(terminal, no_color, term, ansi),
                expected,
                "terminal {terminal}, NO_COLOR {no_color:?}, TERM {term:?}, ansi {ansi}"
            );
        }
    }
}
