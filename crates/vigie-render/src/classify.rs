//! Classification of values into classes for maps: quantile breaks and the colour palettes.
//!
//! Quantile classes put about as many areas in each class. The breaks are data values, so every class holds at
//! least one value; ties may merge classes, which is why fewer classes than asked can come back (all-equal values
//! give one class).

use vigie_domain::Direction;

/// The most classes a map draws: the largest ColorBrewer scheme has nine colours.
pub const MAX_CLASSES: usize = 9;

/// Quantile class breaks: the upper bound of each class, in increasing order.
///
/// Non-finite values (NaN, ±∞) are ignored. Class `i` (from 0) holds the values `v` with
/// `breaks[i - 1] < v <= breaks[i]` (the first class everything up to `breaks[0]`). The last break is the largest
/// value. `classes` is read as at least 1; the result has at most `classes` breaks, fewer when ties merge classes
/// or when there are fewer distinct values, and is empty when there is no finite value.
pub fn quantile_breaks(values: &[f64], classes: usize) -> Vec<f64> {
    let mut sorted: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
    if sorted.is_empty() {
        return Vec::new();
    }
    sorted.sort_by(f64::total_cmp);
    let n = sorted.len();
    let k = classes.clamp(1, n);
    let mut breaks: Vec<f64> = Vec::with_capacity(k);
    for i in 1..=k {
        // The upper bound of class i is the value at rank ceil(i·n/k).
        let rank = i.saturating_mul(n).div_ceil(k);
        let Some(&b) = sorted.get(rank.saturating_sub(1).min(n - 1)) else {
            continue;
        };
        if breaks.last().is_none_or(|&last| b > last) {
            breaks.push(b);
        }
    }
    breaks
}

/// The class (from 0) of a value given [`quantile_breaks`]; `None` for a non-finite value or without breaks.
pub fn class_of(breaks: &[f64], value: f64) -> Option<usize> {
    if !value.is_finite() || breaks.is_empty() {
        return None;
    }
    Some(
        breaks
            .iter()
            .position(|&b| value <= b)
            .unwrap_or(breaks.len() - 1),
    )
}

/// ColorBrewer YlOrRd sequential schemes (light to dark), by number of classes. Colour-blind safe and print
/// friendly. One and two classes use colours of the middle of the scheme.
const YL_OR_RD: [&[&str]; MAX_CLASSES] = [
    &["#fd8d3c"],
    &["#feb24c", "#e31a1c"],
    &["#ffeda0", "#feb24c", "#f03b20"],
    &["#ffffb2", "#fecc5c", "#fd8d3c", "#e31a1c"],
    &["#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026"],
    &["#ffffb2", "#fed976", "#feb24c", "#fd8d3c", "#f03b20", "#bd0026"],
    &[
        "#ffffb2", "#fed976", "#feb24c", "#fd8d3c", "#fc4e2a", "#e31a1c", "#b10026",
    ],
    &[
        "#ffffcc", "#ffeda0", "#fed976", "#feb24c", "#fd8d3c", "#fc4e2a", "#e31a1c", "#b10026",
    ],
    &[
        "#ffffcc", "#ffeda0", "#fed976", "#feb24c", "#fd8d3c", "#fc4e2a", "#e31a1c", "#bd0026", "#800026",
    ],
];

/// The fills of `classes` classes in increasing order of value, darker meaning worse: for
/// [`Direction::HigherIsBetter`] the scheme is reversed so the lowest values are the darkest.
/// `classes` is clamped to `1..=MAX_CLASSES`.
pub fn palette(classes: usize, direction: Direction) -> Vec<&'static str> {
    let k = classes.clamp(1, MAX_CLASSES);
    let mut colours: Vec<&'static str> = YL_OR_RD.get(k - 1).map(|s| s.to_vec()).unwrap_or_default();
    if direction == Direction::HigherIsBetter {
        colours.reverse();
    }
    colours
}

/// Background of the "no data" fill (under a grey hatch), clearly apart from every palette colour.
pub(crate) const NO_DATA_FILL: &str = "#f2f2f2";
/// Colour of the "no data" hatch lines.
pub(crate) const NO_DATA_HATCH: &str = "#969696";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn breaks_of_ten_values_in_five_classes() {
        let v: Vec<f64> = (1..=10).map(f64::from).collect();
        assert_eq!(quantile_breaks(&v, 5), vec![2.0, 4.0, 6.0, 8.0, 10.0]);
        assert_eq!(quantile_breaks(&v, 3), vec![4.0, 7.0, 10.0]);
        assert_eq!(quantile_breaks(&v, 1), vec![10.0]);
        assert_eq!(quantile_breaks(&v, 0), vec![10.0]);
    }

    #[test]
    fn breaks_ignore_non_finite_and_merge_ties() {
        assert_eq!(
            quantile_breaks(&[3.0, f64::NAN, 1.0, f64::INFINITY, 2.0], 3),
            vec![1.0, 2.0, 3.0]
        );
        assert_eq!(quantile_breaks(&[5.0; 7], 5), vec![5.0]);
        assert_eq!(quantile_breaks(&[1.0, 1.0, 1.0, 1.0, 9.0], 5), vec![1.0, 9.0]);
        assert_eq!(quantile_breaks(&[2.0, 1.0], 5), vec![1.0, 2.0]);
        assert!(quantile_breaks(&[], 5).is_empty());
        assert!(quantile_breaks(&[f64::NAN], 5).is_empty());
    }

    #[test]
    fn classes_of_values() {
        let b = [2.0, 4.0, 10.0];
        assert_eq!(class_of(&b, 1.0), Some(0));
        assert_eq!(class_of(&b, 2.0), Some(0));
        assert_eq!(class_of(&b, 2.5), Some(1));
        assert_eq!(class_of(&b, 10.0), Some(2));
        assert_eq!(class_of(&b, 11.0), Some(2));
        assert_eq!(class_of(&b, f64::NAN), None);
        assert_eq!(class_of(&[], 1.0), None);
    }

    #[test]
    fn palettes_have_the_asked_length_and_reverse() {
        for k in 0..12 {
            assert_eq!(
                palette(k, Direction::HigherIsWorse).len(),
                k.clamp(1, MAX_CLASSES)
            );
        }
        let worse = palette(5, Direction::HigherIsWorse);
        let better = palette(5, Direction::HigherIsBetter);
        assert_eq!(worse.first(), better.last());
        assert_eq!(worse[4], "#bd0026");
    }
}
