//! Presentation without a display: the menu's content, the icon and the sparkline, all pure and tested by value.

pub mod icon;
pub mod menu;
pub mod sparkline;
