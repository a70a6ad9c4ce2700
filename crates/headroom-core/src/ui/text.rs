//! Outside text made safe to show: process, extension and module names come from the system and
//! may carry newlines, terminal escapes, right-to-left overrides or kilobytes of text.

/// Most characters a notification title shows of one piece of outside text.
pub(crate) const LABEL_CHARS: usize = 120;
/// Most characters of a menu row: GTK sizes the menu to its widest row, and a 478 px menu cut a
/// long row off at the screen's edge; a row cut here ends in "…" (what it cut is in the answer's
/// notification or the command line).
pub const MENU_ROW_CHARS: usize = 72;
/// Most characters of a notification body.
pub(crate) const BODY_CHARS: usize = 1000;

/// Bidirectional controls that can make text read differently from what it is (U+061C, U+200E/F,
/// U+202A–U+202E, U+2066–U+2069): dropped, so "evil\u{202E}txt.exe" cannot pose as something else.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// One line for a menu row or a title: controls (newlines, tabs, escapes) become spaces, bidi
/// controls are dropped, and anything past `max_chars` is cut with "…".
pub fn one_line(text: &str, max_chars: usize) -> String {
    cut(text.chars().filter(|c| !is_bidi_control(*c)).map(|c| if c.is_control() { ' ' } else { c }), max_chars)
}

/// Text for a terminal or a notification body: newlines stay, other controls (ESC, which starts
/// terminal escape sequences, CR, C1 controls) become spaces, bidi controls are dropped.
pub fn multi_line(text: &str, max_chars: usize) -> String {
    cut(
        text.chars().filter(|c| !is_bidi_control(*c)).map(|c| if c.is_control() && c != '\n' { ' ' } else { c }),
        max_chars,
    )
}

/// Text for HTML or XML-like markup (the report's page, freedesktop notification bodies): safe
/// inside elements and quoted attributes.
pub(crate) fn markup_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn cut(chars: impl Iterator<Item = char>, max_chars: usize) -> String {
    let mut out = String::new();
    for (count, c) in chars.enumerate() {
        if count == max_chars {
            out.push('…');
            break;
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_stays_literal_controls_and_overrides_are_neutralised_and_long_names_cut() {
        // Markup and ampersands are left as text here; each display escapes them its own way.
        assert_eq!(one_line("<img src=x onerror=alert(1)> & co", 120), "<img src=x onerror=alert(1)> & co");
        assert_eq!(one_line("two\nlines\tand\u{1b}[31mred", 120), "two lines and [31mred");
        assert_eq!(one_line("invoice\u{202E}fdp.exe", 120), "invoicefdp.exe");
        let long = "x".repeat(4096);
        let shown = one_line(&long, LABEL_CHARS);
        assert_eq!(shown.chars().count(), LABEL_CHARS + 1);
        assert!(shown.ends_with('…'));
        assert_eq!(multi_line("a\nb\r\u{9b}c", 100), "a\nb  c");
    }
}
