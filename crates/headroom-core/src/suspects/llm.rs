//! Recognises local LLM runtimes (ollama, llama.cpp, LM Studio, MLX servers, exo) by executable name, and
//! Python-run ones by their command line.
//!
//! A runtime's model lives in GPU memory (wired on Apple Silicon), so naming the process tells the
//! user what to unload. Sources of every name are in tests/fixtures/llm/SOURCES.md.

/// Executables that hold a model, compared exactly (case included: ollama's menu-bar app is
/// `Ollama`, which holds none; the server and its runners are `ollama`).
const EXACT: &[(&str, &str)] = &[
    // `ollama serve`, and since ollama 0.5-ish the model runner `ollama runner --model …`
    // (atineiatte/deep-research-at-home#14 quotes ollama's own "starting llama server" line).
    ("ollama", "ollama"),
    // Earlier ollama extracted a runner binary per backend (runners/metal/ollama_llama_server).
    ("ollama_llama_server", "ollama"),
    // llama.cpp's server and CLI (tools/server, tools/main build as llama-server, llama-cli).
    ("llama-server", "llama.cpp"),
    ("llama-cli", "llama.cpp"),
    // LM Studio: the app ("LM Studio.exe" in lmstudio-bug-tracker#1158; LM Studio.app/Contents/MacOS/LM Studio),
    // its Linux service process (`lm-studio --run-as-service`, #1068) and the headless daemon `llmster`
    // (lmstudio-ai/docs#169). `lms` is only a client of these and is not matched.
    ("LM Studio", "LM Studio"),
    ("lm-studio", "LM Studio"),
    ("llmster", "LM Studio"),
    // mlx-lm's console script when the process table shows it by its own name.
    ("mlx_lm.server", "MLX"),
];

/// Python modules or scripts that serve a model: `python -m mlx_lm.server`, `…/bin/mlx_lm.server`,
/// `mlx_lm server` (mlx-lm's subcommand form, ml-explore/mlx-lm#1433), `python -m exo`.
const PYTHON: &[(&str, &str)] = &[("mlx_lm.server", "MLX"), ("exo", "exo")];

/// Whether the executable is an interpreter whose command line must be read to know what it runs.
/// Only these pay for reading the arguments. Homebrew's framework Python runs as `Python`.
pub(crate) fn needs_arguments(executable: &str) -> bool {
    executable.to_ascii_lowercase().starts_with("python")
}

/// The runtime a process belongs to, from its executable's file name and, for an interpreter, its
/// arguments (`argv`, argv[0] included).
pub fn runtime(executable: &str, argv: &[&str]) -> Option<&'static str> {
    if let Some((_, kind)) = EXACT.iter().find(|(name, _)| *name == executable) {
        return Some(kind);
    }
    if !needs_arguments(executable) {
        return None;
    }
    let target = python_target(argv)?;
    if let Some((_, kind)) = PYTHON.iter().find(|(name, _)| *name == target.0) {
        return Some(kind);
    }
    // `mlx_lm server …`: the console script with its subcommand.
    (target.0 == "mlx_lm" && target.1 == Some("server")).then_some("MLX")
}

/// What a Python command line runs: the module after `-m`, or the script's file name, with the
/// argument after it. Interpreter options before it (`-u`, `-X dev`) are skipped.
fn python_target<'a>(argv: &[&'a str]) -> Option<(&'a str, Option<&'a str>)> {
    let mut args = argv.iter().skip(1).copied();
    while let Some(arg) = args.next() {
        match arg {
            "-m" => return Some((args.next()?, args.next())),
            "-c" => return None,
            "-X" | "-W" | "-Q" => {
                args.next();
            }
            flag if flag.starts_with('-') => {}
            script => {
                let name = script.rsplit('/').next().unwrap_or(script);
                return Some((name.strip_suffix(".py").unwrap_or(name), args.next()));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Splits a recorded command line into the executable's file name and argv.
    fn split(line: &str) -> (String, Vec<&str>) {
        let argv: Vec<&str> = line.split(' ').collect();
        let executable = argv[0].rsplit('/').next().unwrap_or(argv[0]).to_owned();
        (executable, argv)
    }

    #[test]
    fn real_command_lines_are_recognised() {
        let text = include_str!("../../tests/fixtures/llm/command-lines.txt");
        let mut checked = 0;
        for line in text.lines().filter(|l| !l.is_empty()) {
            let (want, command) = line.split_once('\t').expect("runtime<TAB>command");
            let (executable, argv) = split(command);
            let want = (want != "-").then_some(want);
            assert_eq!(runtime(&executable, &argv), want, "{command}");
            checked += 1;
        }
        assert_eq!(checked, 13, "every recorded line is checked");
    }

    #[test]
    fn look_alikes_are_not_runtimes() {
        let cases: &[(&str, &[&str], Option<&str>)] = &[
            ("Ollama", &["/Applications/Ollama.app/Contents/MacOS/Ollama"], None),
            ("lms", &["lms", "ls"], None),
            ("llama", &["llama"], None),
            (
                "Python",
                &["/opt/homebrew/Cellar/python@3.12/Python.app/Contents/MacOS/Python", "-m", "mlx_lm.server"],
                Some("MLX"),
            ),
            ("python3", &["python3", "-u", "-X", "dev", "/venv/bin/exo"], Some("exo")),
            ("python3", &["python3", "/venv/bin/mlx_lm", "server", "--model", "m"], Some("MLX")),
            ("python3", &["python3", "/venv/bin/mlx_lm", "generate", "--model", "m"], None),
            ("python3", &["python3", "-c", "from multiprocessing.spawn import spawn_main"], None),
            ("python3", &["python3"], None),
            ("node", &["node", "-m", "mlx_lm.server"], None),
        ];
        for (executable, argv, want) in cases {
            assert_eq!(runtime(executable, argv), *want, "{argv:?}");
        }
        assert!(needs_arguments("Python") && needs_arguments("python3.12") && !needs_arguments("ollama"));
    }
}
