//! Hints for command lines clap would refuse without saying what was meant: a span typed as two
//! words (`--since 3 days`) reads to clap as a value and a stray argument.

/// Options that take a span ("24h", "7d").
const SPAN_OPTIONS: [&str; 4] = ["--since", "--cadence", "--interval", "--replay"];

/// Words that name a unit of time, as a person types them after a number.
const UNITS: [(&str, &str); 7] =
    [("sec", "s"), ("min", "m"), ("hour", "h"), ("day", "d"), ("week", "w"), ("month", "M"), ("year", "y")];

/// The hint for `args` (without the program name), if a span option's value is a bare number
/// followed by a unit word: "`--since 3 days` is one value: write --since 3d".
pub fn split_span(args: &[String]) -> Option<String> {
    args.windows(3).find_map(|window| {
        let [option, number, word] = window else { return None };
        let option = option.split('=').next().unwrap_or(option);
        if !SPAN_OPTIONS.contains(&option) || number.parse::<f64>().is_err() {
            return None;
        }
        let word = word.to_ascii_lowercase();
        let short = UNITS.iter().find(|(unit, _)| word.starts_with(unit)).map(|(_, short)| *short)?;
        Some(format!("`{option} {number} {word}` is one value: write {option} {number}{short}"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(line: &str) -> Vec<String> {
        line.split_whitespace().map(str::to_owned).collect()
    }

    #[test]
    fn a_span_in_two_words_gets_its_one_word_form() {
        assert_eq!(
            split_span(&args("history --since 3 days")).as_deref(),
            Some("`--since 3 days` is one value: write --since 3d")
        );
        assert_eq!(
            split_span(&args("doctor --cadence 30 seconds")).as_deref(),
            Some("`--cadence 30 seconds` is one value: write --cadence 30s")
        );
        assert_eq!(split_span(&args("history --since 3d")), None);
        assert_eq!(split_span(&args("history --since 3 --json")), None);
        assert_eq!(split_span(&args("analyze 3 days")), None, "only after a span option");
    }
}
