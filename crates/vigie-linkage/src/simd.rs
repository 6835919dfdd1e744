//! The inner loop of all-pairs matching: one filter against a run of filters, counting the bits set in both.
//!
//! The portable path counts with `u64::count_ones` (POPCNT, which the workspace's x86-64-v2 build assumes). On a
//! processor with AVX-512 and its population-count extension (VPOPCNTDQ), detected **at run time**, 1024-bit
//! filters take a vector path: two 512-bit registers hold the filter, eight filters of the run are counted at once
//! and their counts summed across lanes by a shuffle tree, and the threshold test is made on the eight counts
//! together. Both paths report exactly the same pairs (a test compares them).
//!
//! The same for OR-ing the masks of a record's tokens into its filter ([`or_masks`]), with AVX2.
//!
//! This is the one module of vigie that uses `unsafe`: calling a function compiled for CPU features the build does
//! not assume, which is sound only after the run-time check, and unaligned vector loads from slices whose lengths
//! are checked before each load.

/// Calls `hit(k, c)` for each filter `k` of `ys` (consecutive filters of `x.len()` words; `ones[k]` bits set) for
/// which `c`, the bits set in both, passes the cheap test `2c ≥ loose · (xo + ones[k])`, in increasing `k`. The
/// caller makes the exact test.
#[inline]
pub(crate) fn scan(
    x: &[u64],
    xo: u32,
    ys: &[u64],
    ones: &[u32],
    loose: f64,
    hit: &mut impl FnMut(usize, u32),
) {
    #[cfg(target_arch = "x86_64")]
    if x.len() == 16 && avx512::available() {
        // SAFETY: the processor has the features the function is compiled for (checked just above).
        unsafe { avx512::scan16(x, xo, ys, ones, loose, hit) };
        return;
    }
    scan_portable(x, xo, ys, ones, loose, hit, 0);
}

/// The portable path, from filter `start` of `ys` on.
fn scan_portable(
    x: &[u64],
    xo: u32,
    ys: &[u64],
    ones: &[u32],
    loose: f64,
    hit: &mut impl FnMut(usize, u32),
    start: usize,
) {
    let w = x.len();
    if w == 0 {
        return;
    }
    for (k, y) in ys.chunks_exact(w).enumerate().skip(start) {
        let c = common(x, y);
        if f64::from(2 * c) >= loose * f64::from(xo + ones[k]) {
            hit(k, c);
        }
    }
}

/// Bits set in both of two equally long word slices. The usual filter lengths (512, 1024, 2048 bits) take a
/// fixed-length path that the compiler unrolls.
#[inline]
pub(crate) fn common(x: &[u64], y: &[u64]) -> u32 {
    #[inline]
    fn fixed<const N: usize>(x: &[u64], y: &[u64]) -> Option<u32> {
        let x: &[u64; N] = x.try_into().ok()?;
        let y: &[u64; N] = y.try_into().ok()?;
        let mut c = 0u32;
        for k in 0..N {
            c += (x[k] & y[k]).count_ones();
        }
        Some(c)
    }
    match x.len() {
        8 => fixed::<8>(x, y),
        16 => fixed::<16>(x, y),
        32 => fixed::<32>(x, y),
        _ => None,
    }
    .unwrap_or_else(|| x.iter().zip(y).map(|(a, b)| (a & b).count_ones()).sum())
}

/// Which path [`scan`] takes for 1024-bit filters on this processor (for benchmarks and the manual).
pub fn kernel() -> &'static str {
    #[cfg(target_arch = "x86_64")]
    if avx512::available() {
        return "avx512-vpopcntdq";
    }
    "popcnt"
}

/// ORs masks (`filter.len()` words each, by number in `masks`) into `filter`, which it first clears: the bits a
/// record's tokens set. 1024-bit filters take a path compiled for AVX2 when the processor has it (detected at run
/// time): the filter stays in four 256-bit registers while the masks are read. Both paths give the same filter (a
/// test compares them).
pub(crate) fn or_masks(filter: &mut [u64], masks: &[u64], ids: &[u32]) {
    #[cfg(target_arch = "x86_64")]
    if filter.len() == 16 && std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: the processor has the feature the function is compiled for (checked just above).
        unsafe { or16_avx2(filter, masks, ids) };
        return;
    }
    or_portable(filter, masks, ids);
}

fn or_portable(filter: &mut [u64], masks: &[u64], ids: &[u32]) {
    let w = filter.len();
    filter.fill(0);
    for &id in ids {
        let at = id as usize * w;
        if let Some(mask) = masks.get(at..at + w) {
            for (f, m) in filter.iter_mut().zip(mask) {
                *f |= m;
            }
        }
    }
}

/// [`or_masks`] for 16 words, with the accumulator in registers.
///
/// # Safety
/// The processor must have AVX2.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn or16_avx2(filter: &mut [u64], masks: &[u64], ids: &[u32]) {
    const W: usize = 16;
    let mut acc = [0u64; W];
    for &id in ids {
        let at = id as usize * W;
        if let Some(mask) = masks.get(at..at + W).and_then(|m| <&[u64; W]>::try_from(m).ok()) {
            for (a, m) in acc.iter_mut().zip(mask) {
                *a |= m;
            }
        }
    }
    if let Some(out) = filter.get_mut(..W) {
        out.copy_from_slice(&acc);
    }
}

#[cfg(target_arch = "x86_64")]
mod avx512 {
    use std::arch::x86_64::*;

    pub(super) fn available() -> bool {
        std::arch::is_x86_feature_detected!("avx512f")
            && std::arch::is_x86_feature_detected!("avx512dq")
            && std::arch::is_x86_feature_detected!("avx512vpopcntdq")
    }

    /// Sums of each of eight vectors' lanes, as the eight lanes of one vector (in order).
    #[inline]
    #[target_feature(enable = "avx512f,avx512dq,avx512vpopcntdq")]
    fn transpose_sum(v: [__m512i; 8]) -> __m512i {
        // Within each 128-bit block: [v_i lanes 2b + 2b+1 summed, v_{i+1} likewise].
        let p = |a: __m512i, b: __m512i| {
            _mm512_add_epi64(_mm512_unpacklo_epi64(a, b), _mm512_unpackhi_epi64(a, b))
        };
        let (a01, a23, a45, a67) = (p(v[0], v[1]), p(v[2], v[3]), p(v[4], v[5]), p(v[6], v[7]));
        // Blocks 0+1 and 2+3 of the first operand, then of the second.
        let q = |a: __m512i, b: __m512i| {
            _mm512_add_epi64(
                _mm512_shuffle_i64x2::<0b10_00_10_00>(a, b),
                _mm512_shuffle_i64x2::<0b11_01_11_01>(a, b),
            )
        };
        let (b0123, b4567) = (q(a01, a23), q(a45, a67));
        q(b0123, b4567)
    }

    /// [`super::scan`] for 1024-bit filters.
    ///
    /// # Safety
    /// The processor must have AVX-512 F, DQ and VPOPCNTDQ ([`available`]).
    #[target_feature(enable = "avx512f,avx512dq,avx512vpopcntdq")]
    pub(super) unsafe fn scan16(
        x: &[u64],
        xo: u32,
        ys: &[u64],
        ones: &[u32],
        loose: f64,
        hit: &mut impl FnMut(usize, u32),
    ) {
        const W: usize = 16;
        let n = (ys.len() / W).min(ones.len());
        if x.len() != W {
            return;
        }
        // SAFETY: `x` has 16 words (checked above): two unaligned 512-bit loads stay inside it.
        let (x0, x1) = unsafe {
            (
                _mm512_loadu_epi64(x.as_ptr().cast()),
                _mm512_loadu_epi64(x.as_ptr().add(8).cast()),
            )
        };
        let two = _mm512_set1_pd(2.0);
        let xo_loose = _mm512_set1_pd(f64::from(xo));
        let loose_v = _mm512_set1_pd(loose);
        let mut k = 0;
        while k + 8 <= n {
            let block = &ys[k * W..(k + 8) * W];
            let mut v = [_mm512_setzero_si512(); 8];
            for (j, slot) in v.iter_mut().enumerate() {
                let y = &block[j * W..(j + 1) * W];
                // SAFETY: `y` has 16 words: two unaligned 512-bit loads stay inside it.
                let (y0, y1) = unsafe {
                    (
                        _mm512_loadu_epi64(y.as_ptr().cast()),
                        _mm512_loadu_epi64(y.as_ptr().add(8).cast()),
                    )
                };
                *slot = _mm512_add_epi64(
                    _mm512_popcnt_epi64(_mm512_and_si512(x0, y0)),
                    _mm512_popcnt_epi64(_mm512_and_si512(x1, y1)),
                );
            }
            let c = transpose_sum(v);
            let o = &ones[k..k + 8];
            // SAFETY: `o` has 8 u32: one unaligned 256-bit load stays inside it.
            let yo = unsafe { _mm256_loadu_si256(o.as_ptr().cast()) };
            let total = _mm512_add_pd(xo_loose, _mm512_cvtepu32_pd(yo));
            let lhs = _mm512_mul_pd(two, _mm512_cvtepu64_pd(c));
            let rhs = _mm512_mul_pd(loose_v, total);
            let mut mask = _mm512_cmp_pd_mask::<_CMP_GE_OQ>(lhs, rhs);
            if mask != 0 {
                let mut counts = [0u64; 8];
                // SAFETY: `counts` has 8 u64: one unaligned 512-bit store stays inside it.
                unsafe { _mm512_storeu_epi64(counts.as_mut_ptr().cast(), c) };
                while mask != 0 {
                    let j = mask.trailing_zeros() as usize;
                    hit(k + j, counts[j] as u32);
                    mask &= mask - 1;
                }
            }
            k += 8;
        }
        super::scan_portable(x, xo, &ys[..n * W], ones, loose, hit, k);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Hits of both paths for one filter against a run (on a processor without AVX-512 both are the portable one).
    type Hits = Vec<(usize, u32)>;

    fn both(x: &[u64], ys: &[u64], ones: &[u32], loose: f64) -> (Hits, Hits) {
        let xo = x.iter().map(|w| w.count_ones()).sum();
        let (mut fast, mut slow) = (Vec::new(), Vec::new());
        scan(x, xo, ys, ones, loose, &mut |k, c| fast.push((k, c)));
        scan_portable(x, xo, ys, ones, loose, &mut |k, c| slow.push((k, c)), 0);
        (fast, slow)
    }

    proptest! {
        #[test]
        fn both_or_paths_give_the_same_filter(
            masks in proptest::collection::vec(any::<u64>(), 16..200),
            ids in proptest::collection::vec(0u32..14, 0..40),
        ) {
            let (mut fast, mut slow) = (vec![7u64; 16], vec![9u64; 16]);
            or_masks(&mut fast, &masks, &ids);
            or_portable(&mut slow, &masks, &ids);
            prop_assert_eq!(&fast, &slow);
            let mut expected = vec![0u64; 16];
            for &id in ids.iter().filter(|&&id| (id as usize + 1) * 16 <= masks.len()) {
                for (e, m) in expected.iter_mut().zip(&masks[id as usize * 16..]) {
                    *e |= m;
                }
            }
            prop_assert_eq!(fast, expected);
        }

        /// Filters of 1024 bits that share a varying part of one base filter, so that every outcome of the
        /// threshold test occurs; runs whose length is not a multiple of eight exercise the tail.
        #[test]
        fn the_vector_path_reports_what_the_portable_path_reports(
            base in proptest::collection::vec(any::<u64>(), 16),
            noise in proptest::collection::vec((any::<u64>(), 0u32..64), 0..45),
            loose in 0.0f64..1.0,
        ) {
            let mut ys = Vec::new();
            let mut ones = Vec::new();
            for (k, (seed, keep)) in noise.iter().enumerate() {
                let mut s = seed | 1;
                for (i, b) in base.iter().enumerate() {
                    // xorshift: a word of noise, of which `keep / 64` is replaced by the base filter's bits.
                    s ^= s << 13; s ^= s >> 7; s ^= s << 17;
                    let mask = if (i as u32 * 4 + k as u32) % 64 < *keep { !0u64 } else { s };
                    ys.push((b & mask) | (s & !mask));
                }
                ones.push(ys[ys.len() - 16..].iter().map(|w| w.count_ones()).sum());
            }
            let (fast, slow) = both(&base, &ys, &ones, loose);
            prop_assert_eq!(fast, slow);
        }
    }

    #[test]
    fn identical_filters_always_pass() {
        let x: Vec<u64> = (0..16u64)
            .map(|i| i.wrapping_mul(0x9E37_79B9_7F4A_7C15))
            .collect();
        let ys: Vec<u64> = x.iter().cycle().take(16 * 11).copied().collect();
        let o: u32 = x.iter().map(|w| w.count_ones()).sum();
        let (fast, slow) = both(&x, &ys, &[o; 11], 1.0);
        assert_eq!(fast.len(), 11);
        assert_eq!(fast, slow);
        assert!(fast.iter().all(|&(_, c)| c == o));
    }
}
