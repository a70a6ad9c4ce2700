//! /proc/pressure/memory text to the PSI figures, and the thresholds that turn them into a pressure level.

use thiserror::Error;

/// Why /proc/pressure/memory could not be used.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum PsiError {
    #[error("no `{0}` line with avg10")]
    Missing(&'static str),
    #[error("`{0}` is not a PSI line")]
    Malformed(String),
}

/// The avg10 figures of /proc/pressure/memory, in percent.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Psi {
    pub some_avg10: f64,
    pub full_avg10: f64,
}

impl Psi {
    /// Parses /proc/pressure/memory: `some avg10=0.00 avg60=… total=…` and `full avg10=…`.
    pub fn parse(text: &str) -> Result<Psi, PsiError> {
        let mut some = None;
        let mut full = None;
        for line in text.lines().map(str::trim).filter(|line| !line.is_empty()) {
            let mut words = line.split_whitespace();
            let kind = words.next().unwrap_or_default();
            let avg10 = words
                .find_map(|word| word.strip_prefix("avg10="))
                .and_then(|v| v.parse::<f64>().ok())
                .filter(|v| v.is_finite() && *v >= 0.0)
                .ok_or_else(|| PsiError::Malformed(line.to_owned()))?;
            match kind {
                "some" => some = Some(avg10),
                "full" => full = Some(avg10),
                _ => return Err(PsiError::Malformed(line.to_owned())),
            }
        }
        Ok(Psi {
            some_avg10: some.ok_or(PsiError::Missing("some"))?,
            // Kernels before 5.13 printed no `full` line for the system-wide file.
            full_avg10: full.unwrap_or(0.0),
        })
    }
}

/// PSI thresholds (docs/formulas.md, "Pressure" in the Linux table): some ≥ 10 % warns; full ≥ 5 % or some ≥ 40 % is critical.
pub const PSI_WARN_SOME: f64 = 10.0;
pub const PSI_CRITICAL_SOME: f64 = 40.0;
pub const PSI_CRITICAL_FULL: f64 = 5.0;
