//! Robust statistics for noisy memory series: medians and the Theil–Sen slope.

/// The median of `values` (the mean of the middle two for an even count); `None` when empty.
pub(crate) fn median(values: &mut [f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let mid = values.len() / 2;
    Some(if values.len() % 2 == 1 { values[mid] } else { (values[mid - 1] + values[mid]) / 2.0 })
}

/// A line fitted by Theil–Sen: the median of all pairwise slopes, and the median intercept.
/// Up to 29 % of the points can be outliers without moving it, which is why a brief spike in
/// wired memory does not read as a trend.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Fit {
    pub slope: f64,
    pub intercept: f64,
}

impl Fit {
    pub(crate) fn at(&self, x: f64) -> f64 {
        self.intercept + self.slope * x
    }
}

/// Fits `points` (x, y); `None` with fewer than two distinct x values.
pub(crate) fn theil_sen(points: &[(f64, f64)]) -> Option<Fit> {
    let mut slopes = Vec::with_capacity(points.len() * points.len().saturating_sub(1) / 2);
    for (i, (x1, y1)) in points.iter().enumerate() {
        for (x2, y2) in &points[i + 1..] {
            if x2 != x1 {
                slopes.push((y2 - y1) / (x2 - x1));
            }
        }
    }
    let slope = median(&mut slopes)?;
    let mut intercepts: Vec<f64> = points.iter().map(|(x, y)| y - slope * x).collect();
    let intercept = median(&mut intercepts)?;
    Some(Fit { slope, intercept })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn medians() {
        assert_eq!(median(&mut []), None);
        assert_eq!(median(&mut [3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(&mut [4.0, 1.0, 2.0, 3.0]), Some(2.5));
    }

    #[test]
    fn theil_sen_ignores_outliers_that_least_squares_would_follow() {
        let mut points: Vec<(f64, f64)> = (0..20).map(|x| (f64::from(x), 2.0 * f64::from(x) + 1.0)).collect();
        points[3].1 = 500.0;
        points[15].1 = -400.0;
        let fit = theil_sen(&points).expect("fits");
        assert!((fit.slope - 2.0).abs() < 1e-9, "{fit:?}");
        assert!((fit.intercept - 1.0).abs() < 1e-9, "{fit:?}");
        assert!((fit.at(10.0) - 21.0).abs() < 1e-9);
    }

    #[test]
    fn theil_sen_needs_two_distinct_x() {
        assert_eq!(theil_sen(&[(1.0, 1.0)]), None);
        assert_eq!(theil_sen(&[(1.0, 1.0), (1.0, 5.0)]), None);
    }
}
