//! The figures and goals of a run: printed as a table, written as JSON.

use std::fmt::Write as _;
use std::path::Path;

use serde_json::json;

/// One measured number.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// The case it belongs to (`client_overhead`, `decode`, …).
    pub case: &'static str,
    /// What it is.
    pub name: String,
    /// The value (NaN when it could not be computed; written as `null`).
    pub value: f64,
    /// Its unit (`µs`, `req/s`, `ratio`, …).
    pub unit: &'static str,
}

/// How a value is compared with its target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Comparison {
    /// The value must be at most the target.
    AtMost,
    /// The value must be at least the target.
    AtLeast,
}

impl Comparison {
    fn symbol(self) -> &'static str {
        match self {
            Comparison::AtMost => "<=",
            Comparison::AtLeast => ">=",
        }
    }
}

/// A goal of issue 9 and whether this run met it.
#[derive(Debug, Clone, PartialEq)]
pub struct Goal {
    /// The case it belongs to.
    pub case: &'static str,
    /// What is compared.
    pub name: String,
    /// The measured value.
    pub value: f64,
    /// How it is compared.
    pub comparison: Comparison,
    /// The target.
    pub target: f64,
}

impl Goal {
    /// Whether the value meets the target; a value that could not be measured never does.
    pub fn passed(&self) -> bool {
        match self.comparison {
            Comparison::AtMost => self.value <= self.target,
            Comparison::AtLeast => self.value >= self.target,
        }
    }
}

/// Everything a run produced.
#[derive(Debug, Default)]
pub struct Report {
    figures: Vec<Figure>,
    goals: Vec<Goal>,
    failures: Vec<(&'static str, String)>,
    notes: Vec<(&'static str, String)>,
}

impl Report {
    /// Records a figure.
    pub fn figure(
        &mut self,
        case: &'static str,
        name: impl Into<String>,
        value: f64,
        unit: &'static str,
    ) {
        self.figures.push(Figure {
            case,
            name: name.into(),
            value,
            unit,
        });
    }

    /// Records a goal and prints its verdict right away, so a long run shows progress.
    pub fn goal(
        &mut self,
        case: &'static str,
        name: impl Into<String>,
        value: f64,
        comparison: Comparison,
        target: f64,
    ) {
        let goal = Goal {
            case,
            name: name.into(),
            value,
            comparison,
            target,
        };
        eprintln!("  {}", goal_line(&goal));
        self.goals.push(goal);
    }

    /// Records a case that could not run to the end.
    pub fn failure(&mut self, case: &'static str, message: impl Into<String>) {
        self.failures.push((case, message.into()));
    }

    /// Records a remark shown under the table (a skipped case, a caveat about a figure).
    pub fn note(&mut self, case: &'static str, message: impl Into<String>) {
        self.notes.push((case, message.into()));
    }

    /// The goals recorded so far.
    pub fn goals(&self) -> &[Goal] {
        &self.goals
    }

    /// The cases that failed.
    pub fn failures(&self) -> &[(&'static str, String)] {
        &self.failures
    }

    /// The table of figures, then the goals with PASS/MISS, then failures and notes.
    pub fn table(&self) -> String {
        let mut out = String::new();
        let name_width = self
            .figures
            .iter()
            .map(|f| f.name.chars().count())
            .chain(self.goals.iter().map(|g| g.name.chars().count()))
            .max()
            .unwrap_or(0)
            .max(6);
        let _ = writeln!(
            out,
            "{:<20} {:<name_width$} {:>14}  unit",
            "case", "figure", "value"
        );
        let _ = writeln!(out, "{}", "-".repeat(20 + name_width + 14 + 9));
        for figure in &self.figures {
            let _ = writeln!(
                out,
                "{:<20} {:<name_width$} {:>14}  {}",
                figure.case,
                figure.name,
                format_value(figure.value),
                figure.unit
            );
        }
        let _ = writeln!(out, "\ngoals");
        for goal in &self.goals {
            let _ = writeln!(out, "  {}", goal_line(goal));
        }
        for (case, message) in &self.failures {
            let _ = writeln!(out, "  [FAIL] {case}: {message}");
        }
        if !self.notes.is_empty() {
            let _ = writeln!(out, "\nnotes");
            for (case, message) in &self.notes {
                let _ = writeln!(out, "  {case}: {message}");
            }
        }
        out
    }

    /// The whole report as JSON (`figures`, `goals` with `pass`, `failures`, `notes`, and the
    /// run's `settings`).
    pub fn to_json(&self, settings: serde_json::Value) -> serde_json::Value {
        let goals: Vec<serde_json::Value> = self
            .goals
            .iter()
            .map(|goal| {
                json!({
                    "case": goal.case,
                    "name": goal.name,
                    "value": finite(goal.value),
                    "comparison": goal.comparison.symbol(),
                    "target": goal.target,
                    "pass": goal.passed(),
                })
            })
            .collect();
        let figures: Vec<serde_json::Value> = self
            .figures
            .iter()
            .map(|figure| {
                json!({
                    "case": figure.case,
                    "name": figure.name,
                    "value": finite(figure.value),
                    "unit": figure.unit,
                })
            })
            .collect();
        let failures: Vec<serde_json::Value> = self
            .failures
            .iter()
            .map(|(case, message)| json!({"case": case, "message": message}))
            .collect();
        let notes: Vec<serde_json::Value> = self
            .notes
            .iter()
            .map(|(case, message)| json!({"case": case, "message": message}))
            .collect();
        json!({
            "settings": settings,
            "figures": figures,
            "goals": goals,
            "failures": failures,
            "notes": notes,
        })
    }

    /// Writes [`Report::to_json`] to `path`, creating its directory.
    ///
    /// # Errors
    /// When the directory or the file cannot be written.
    pub fn write_json(&self, path: &Path, settings: serde_json::Value) -> std::io::Result<()> {
        if let Some(directory) = path.parent() {
            std::fs::create_dir_all(directory)?;
        }
        let text = serde_json::to_string_pretty(&self.to_json(settings))?;
        std::fs::write(path, text + "\n")
    }
}

/// `[PASS] case: name  value  (goal <= target)`.
fn goal_line(goal: &Goal) -> String {
    format!(
        "[{}] {}: {} = {} (goal {} {})",
        if goal.passed() { "PASS" } else { "MISS" },
        goal.case,
        goal.name,
        format_value(goal.value),
        goal.comparison.symbol(),
        format_value(goal.target)
    )
}

/// Four significant digits or so, enough for timings that vary by a few percent anyway.
fn format_value(value: f64) -> String {
    if !value.is_finite() {
        return "n/a".to_owned();
    }
    let magnitude = value.abs();
    if magnitude >= 1000.0 {
        format!("{value:.0}")
    } else if magnitude >= 100.0 {
        format!("{value:.1}")
    } else if magnitude >= 1.0 {
        format!("{value:.2}")
    } else {
        format!("{value:.3}")
    }
}

/// JSON has no NaN: unmeasured values are `null`.
fn finite(value: f64) -> serde_json::Value {
    if value.is_finite() {
        json!(value)
    } else {
        serde_json::Value::Null
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn goal(value: f64, comparison: Comparison, target: f64) -> Goal {
        Goal {
            case: "c",
            name: "g".to_owned(),
            value,
            comparison,
            target,
        }
    }

    #[test]
    fn goals_compare_in_their_direction_and_nan_never_passes() {
        assert!(goal(1.05, Comparison::AtMost, 1.10).passed());
        assert!(goal(1.10, Comparison::AtMost, 1.10).passed());
        assert!(!goal(1.2, Comparison::AtMost, 1.10).passed());
        assert!(goal(0.95, Comparison::AtLeast, 0.90).passed());
        assert!(!goal(0.5, Comparison::AtLeast, 0.90).passed());
        assert!(!goal(f64::NAN, Comparison::AtMost, 1.0).passed());
        assert!(!goal(f64::NAN, Comparison::AtLeast, 1.0).passed());
    }

    #[test]
    fn table_shows_figures_and_verdicts() {
        let mut report = Report::default();
        report.figure("decode", "typed page", 12.345, "ms");
        report.goal("decode", "speed-up", 1.6, Comparison::AtLeast, 1.0);
        report.goal("rss", "growth", 80.0, Comparison::AtMost, 64.0);
        report.failure("build", "cargo not found");
        report.note("build", "skipped");
        let table = report.table();
        assert!(table.contains("typed page"));
        assert!(table.contains("12.35"));
        assert!(table.contains("[PASS] decode: speed-up = 1.60 (goal >= 1.00)"));
        assert!(table.contains("[MISS] rss: growth = 80.00 (goal <= 64.00)"));
        assert!(table.contains("[FAIL] build: cargo not found"));
        assert!(table.contains("build: skipped"));
    }

    #[test]
    fn json_has_pass_flags_and_null_for_unmeasured() {
        let mut report = Report::default();
        report.figure("a", "x", f64::NAN, "ms");
        report.goal("a", "y", 2.0, Comparison::AtMost, 1.0);
        let json = report.to_json(json!({"quick": true}));
        assert_eq!(json["settings"]["quick"], true);
        assert_eq!(json["figures"][0]["value"], serde_json::Value::Null);
        assert_eq!(json["goals"][0]["pass"], false);
        assert_eq!(json["goals"][0]["comparison"], "<=");
    }

    #[test]
    fn writes_json_into_a_new_directory() {
        let directory =
            std::env::temp_dir().join(format!("timekit-bench-test-{}", std::process::id()));
        let path = directory.join("nested").join("results.json");
        let mut report = Report::default();
        report.figure("a", "x", 1.0, "ms");
        report.write_json(&path, json!({})).unwrap();
        let written: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        assert_eq!(written["figures"][0]["name"], "x");
        std::fs::remove_dir_all(directory).unwrap();
    }

    #[test]
    fn values_are_formatted_by_magnitude() {
        assert_eq!(format_value(12345.6), "12346");
        assert_eq!(format_value(123.45), "123.5");
        assert_eq!(format_value(1.234), "1.23");
        assert_eq!(format_value(0.1234), "0.123");
        assert_eq!(format_value(f64::INFINITY), "n/a");
    }
}
