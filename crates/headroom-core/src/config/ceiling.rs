//! `apps.ceiling`: how large one app may grow before it is told, as a size (`"8G"`) or a share of
//! the RAM (`"50%"`).

use std::fmt;

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::units::parse_size;

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Ceiling {
    Bytes(u64),
    /// A share of the RAM, 0–100 %.
    Percent(f64),
}

impl Ceiling {
    /// The ceiling in bytes on a machine of `ram` bytes.
    pub fn bytes(self, ram: u64) -> u64 {
        match self {
            Ceiling::Bytes(bytes) => bytes,
            Ceiling::Percent(percent) => (ram as f64 * percent / 100.0) as u64,
        }
    }
}

impl fmt::Display for Ceiling {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Ceiling::Bytes(bytes) => write!(f, "{}", super::Size(*bytes)),
            Ceiling::Percent(percent) => write!(f, "{percent}%"),
        }
    }
}

impl Serialize for Ceiling {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Ceiling {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Ceiling, D::Error> {
        struct CeilingVisitor;
        impl Visitor<'_> for CeilingVisitor {
            type Value = Ceiling;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a size such as \"8G\" or a share of RAM such as \"50%\"")
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<Ceiling, E> {
                match text.trim().strip_suffix('%') {
                    Some(number) => match number.trim().parse::<f64>() {
                        Ok(percent) if (0.0..=100.0).contains(&percent) && percent > 0.0 => {
                            Ok(Ceiling::Percent(percent))
                        }
                        _ => Err(E::custom("a share of RAM between 0 and 100 %, such as \"50%\"")),
                    },
                    None => parse_size(text).map(Ceiling::Bytes).map_err(E::custom),
                }
            }
        }
        deserializer.deserialize_str(CeilingVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_size_or_a_share_of_ram() {
        let parse = |text: &str| {
            toml::from_str::<std::collections::HashMap<String, Ceiling>>(&format!("c = \"{text}\"")).map(|m| m["c"])
        };
        assert_eq!(parse("50%").expect("a share"), Ceiling::Percent(50.0));
        assert_eq!(parse("8G").expect("a size"), Ceiling::Bytes(8 << 30));
        assert!(parse("150%").is_err() && parse("lots").is_err());
        assert_eq!(Ceiling::Percent(50.0).bytes(16 << 30), 8 << 30);
        assert_eq!(Ceiling::Percent(50.0).to_string(), "50%");
    }
}
