//! Chart scales: the value axis (nice steps, from zero unless that would
//! flatten the line) and the time axis (months for a short series, years
//! for a long one, labels thinned out). Pure arithmetic, no drawing.

use crate::locale::Locale;
use crate::period::Period;

/// The vertical axis of a chart.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Axis {
    pub(crate) low: f64,
    pub(crate) high: f64,
    pub(crate) step: f64,
    pub(crate) decimals: usize,
}

impl Axis {
    /// Whether the axis leaves out zero (the chart must then say so).
    pub(crate) fn starts_above_zero(&self) -> bool {
        self.low > 0.0 || self.high < 0.0
    }

    pub(crate) fn ticks(&self) -> Vec<f64> {
        let count = ((self.high - self.low) / self.step).round().clamp(0.0, 50.0) as usize;
        (0..=count).map(|i| self.low + self.step * i as f64).collect()
    }
}

/// 1, 2, 2.5 or 5 times a power of ten, at least `raw`, and the decimals
/// its multiples need.
fn nice_step(raw: f64) -> (f64, usize) {
    if !(raw.is_finite() && raw > 0.0) {
        return (1.0, 0);
    }
    let magnitude = 10f64.powf(raw.log10().floor());
    let factor = [1.0, 2.0, 2.5, 5.0, 10.0].into_iter().find(|f| f * magnitude >= raw * 0.999_999).unwrap_or(10.0);
    let step = factor * magnitude;
    let decimals = (0..=6)
        .find(|&d| {
            let scaled = step * 10f64.powi(d);
            (scaled - scaled.round()).abs() < 1e-6 * scaled.abs().max(1.0)
        })
        .unwrap_or(6);
    (step, decimals as usize)
}

/// The axis for values between `min` and `max`: from zero, unless zero
/// would squeeze the variation into less than a quarter of the height.
pub(crate) fn axis(min: f64, max: f64) -> Axis {
    let (min, max) = if min <= max { (min, max) } else { (max, min) };
    let zero_based = {
        let (lo, hi) = (min.min(0.0), max.max(0.0));
        let span = hi - lo;
        // One value (or one level) shows no variation to magnify.
        span == 0.0 || min == max || (max - min) >= 0.25 * span || (min <= 0.0 && max >= 0.0)
    };
    let (mut lo, mut hi) = if zero_based { (min.min(0.0), max.max(0.0)) } else { (min, max) };
    if hi - lo <= f64::EPSILON * hi.abs().max(1.0) {
        let pad = if hi == 0.0 { 1.0 } else { hi.abs() * 0.1 };
        if zero_based && lo == 0.0 {
            hi += pad;
        } else {
            lo -= pad;
            hi += pad;
        }
    }
    let (step, decimals) = nice_step((hi - lo) / 5.0);
    let low = (lo / step).floor() * step;
    let high = (hi / step).ceil() * step;
    Axis { low, high: if high > low { high } else { low + step }, step, decimals }
}

/// The x-axis labels: months for a short series, years for a long one; at
/// most about `labels` of them (a wide chart has room for 10, a narrow one for fewer).
pub(crate) fn x_ticks_at_most(first: Period, months: i32, locale: &Locale, labels: i32) -> Vec<(i32, String, bool)> {
    let labels = labels.max(2);
    if months <= 18 {
        let per = (labels - 2).max(2);
        let every = (months + per - 1) / per;
        return (0..months)
            .map(|i| {
                let period = first.add_months(i).unwrap_or(first);
                (i, locale.period_short(period), i % every.max(1) == 0)
            })
            .collect();
    }
    let first_year = i32::from(first.year) + i32::from(first.month != 1);
    let last = first.add_months(months - 1).unwrap_or(first);
    let years = i32::from(last.year) - first_year + 1;
    let every = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000]
        .into_iter()
        .find(|e| years / e <= labels)
        .unwrap_or(10000);
    // Unlabelled year marks only while there are few of them.
    let marks = if years <= 60 { 1 } else { every };
    (first_year..=i32::from(last.year))
        .filter(|year| year % marks == 0)
        .filter_map(|year| {
            let period = Period::new(i16::try_from(year).ok()?, 1)?;
            Some((first.months_until(period), year.to_string(), year % every == 0))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::locale::Language;

    #[test]
    fn axes_start_at_zero_unless_that_flattens_the_line() {
        let a = axis(10.0, 95.0);
        assert_eq!((a.low, a.high, a.step), (0.0, 100.0, 20.0));
        assert!(!a.starts_above_zero());
        let b = axis(1_700_000.0, 1_730_000.0);
        assert!(b.starts_above_zero());
        assert!(b.low <= 1_700_000.0 && b.high >= 1_730_000.0);
        let negative = axis(-5.0, 3.0);
        assert!(negative.low <= -5.0 && negative.high >= 3.0 && !negative.starts_above_zero());
        let flat = axis(0.0, 0.0);
        assert!(flat.high > flat.low);
        let small = axis(0.0, 0.3);
        assert_eq!((small.step, small.decimals), (0.1, 1), "{small:?}");
        assert_eq!(nice_step(0.22), (0.25, 2));
        assert_eq!(nice_step(1.7), (2.0, 0));
    }

    #[test]
    fn long_series_get_year_ticks() {
        let vi = Locale::new(Language::Vi);
        let first = Period::parse("1990-01").unwrap();
        let ticks = x_ticks_at_most(first, 360, &vi, 10);
        assert_eq!(ticks.len(), 30);
        assert!(ticks.iter().filter(|t| t.2).count() <= 10);
        let short = x_ticks_at_most(Period::parse("2014-03").unwrap(), 6, &vi, 10);
        assert_eq!(short[0].1, "3/2014");
    }

    #[test]
    fn very_long_spans_stay_small() {
        let vi = Locale::new(Language::Vi);
        let ticks = x_ticks_at_most(Period::parse("1000-01").unwrap(), 9000 * 12, &vi, 10);
        assert!(ticks.len() <= 20, "{}", ticks.len());
    }
}
