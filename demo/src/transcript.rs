//! The readable transcript: one aligned line per operation, no JSON.

use std::fmt::Write as _;

/// Width of the operation column.
const OPERATION_WIDTH: usize = 22;
/// Width of the outcome column.
const OUTCOME_WIDTH: usize = 26;

/// Collects the transcript's lines and, when echoing, prints each as it is written.
#[derive(Debug)]
pub struct Transcript {
    lines: Vec<String>,
    echo: bool,
}

impl Transcript {
    /// A transcript printed to stdout as it grows.
    pub fn printed() -> Self {
        Transcript {
            lines: Vec::new(),
            echo: true,
        }
    }

    /// A transcript kept in memory only (tests).
    #[cfg(test)]
    pub fn silent() -> Self {
        Transcript {
            lines: Vec::new(),
            echo: false,
        }
    }

    /// Every line written so far.
    #[cfg(test)]
    pub fn lines(&self) -> &[String] {
        &self.lines
    }

    /// Free text (title, summary).
    pub fn say(&mut self, text: impl Into<String>) {
        self.push(text.into());
    }

    /// A chapter heading, after a blank line.
    pub fn chapter(&mut self, title: &str) {
        self.push(String::new());
        self.push(format!("── {title}"));
    }

    /// One operation: its name, what happened, and the key fields.
    pub fn row(&mut self, operation: &str, outcome: &str, details: &str) {
        self.push(Self::columns(operation, outcome, details));
    }

    /// A line belonging to the row above (an item of a bulk answer, a listed booking).
    pub fn item(&mut self, label: &str, outcome: &str, details: &str) {
        self.push(Self::columns(&format!("  {label}"), outcome, details));
    }

    fn columns(first: &str, second: &str, third: &str) -> String {
        let mut line = String::new();
        // Writing to a String cannot fail.
        let _ = write!(
            line,
            "{first:<OPERATION_WIDTH$} {second:<OUTCOME_WIDTH$} {third}"
        );
        line.trim_end().to_owned()
    }

    fn push(&mut self, line: String) {
        if self.echo {
            println!("{line}");
        }
        self.lines.push(line);
    }
}

/// Details made of fixed-width fields, so rows of one kind line up: `[("Ann", 12), …]`.
pub fn fields(parts: &[(&str, usize)]) -> String {
    let mut text = String::new();
    for (value, width) in parts {
        let _ = write!(text, "{value:<width$} ");
    }
    text.trim_end().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_align_in_columns() {
        let mut transcript = Transcript::silent();
        transcript.row("get_app", "connected", "Harbour Clinic");
        transcript.item("item 1", "confirmed", "Wed 09:00");
        let lines = transcript.lines();
        assert_eq!(lines[0].find("connected"), Some(OPERATION_WIDTH + 1));
        assert_eq!(lines[1].find("confirmed"), Some(OPERATION_WIDTH + 1));
        assert_eq!(
            lines[0].find("Harbour"),
            Some(OPERATION_WIDTH + OUTCOME_WIDTH + 2)
        );
        assert!(lines[1].starts_with("  item 1"));
    }

    #[test]
    fn fields_pad_all_but_the_last() {
        assert_eq!(fields(&[("a", 3), ("bc", 4), ("d", 5)]), "a   bc   d");
    }
}
