//! HMAC-SHA256 with a 32-byte key whose inner and outer states are computed once: a message of up to 55 bytes
//! (every token and blocking key of a usual schema) then costs two SHA-256 compressions instead of four, with no
//! allocation. Longer messages go through the `hmac` crate. The result is HMAC-SHA256 (RFC 2104), tested against
//! the `hmac` crate.

use hmac::digest::KeyInit;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use zeroize::{Zeroize, Zeroizing};

/// SHA-256's initial state (FIPS 180-4, 5.3.3).
const IV: [u32; 8] = [
    0x6a09_e667,
    0xbb67_ae85,
    0x3c6e_f372,
    0xa54f_f53a,
    0x510e_527f,
    0x9b05_688c,
    0x1f83_d9ab,
    0x5be0_cd19,
];

/// Longest message hashed with one block after the key's: 64 bytes less the 0x80 byte and the 8-byte length.
const ONE_BLOCK: usize = 55;

/// HMAC-SHA256 keyed once. Wiped when dropped (its states stand for the key).
pub struct KeyedHash {
    key: Zeroizing<[u8; 32]>,
    inner: [u32; 8],
    outer: [u32; 8],
}

impl Drop for KeyedHash {
    fn drop(&mut self) {
        self.inner.zeroize();
        self.outer.zeroize();
    }
}

fn compress(state: &mut [u32; 8], block: &[u8; 64]) {
    sha2::compress256(state, &[(*block).into()]);
}

fn keyed_state(key: &[u8; 32], pad: u8) -> [u32; 8] {
    let mut block = Zeroizing::new([pad; 64]);
    for (b, k) in block.iter_mut().zip(key) {
        *b ^= k;
    }
    let mut state = IV;
    compress(&mut state, &block);
    state
}

impl KeyedHash {
    pub fn new(key: &Zeroizing<[u8; 32]>) -> Self {
        Self {
            key: key.clone(),
            inner: keyed_state(key, 0x36),
            outer: keyed_state(key, 0x5c),
        }
    }

    /// `HMAC-SHA256(key, parts concatenated)`.
    pub fn mac(&self, parts: &[&[u8]]) -> [u8; 32] {
        let len: usize = parts.iter().map(|p| p.len()).sum();
        if len > ONE_BLOCK {
            return self.mac_long(parts);
        }
        let mut block = Zeroizing::new([0u8; 64]);
        let mut at = 0;
        for p in parts {
            block[at..at + p.len()].copy_from_slice(p);
            at += p.len();
        }
        block[at] = 0x80;
        // The message follows the key's block: 64 bytes more, in bits.
        block[56..].copy_from_slice(&(((64 + len) as u64) * 8).to_be_bytes());
        let mut inner = self.inner;
        compress(&mut inner, &block);
        let mut outer_block = [0u8; 64];
        for (chunk, word) in outer_block.chunks_exact_mut(4).zip(inner) {
            chunk.copy_from_slice(&word.to_be_bytes());
        }
        outer_block[32] = 0x80;
        outer_block[56..].copy_from_slice(&((64 + 32) as u64 * 8).to_be_bytes());
        let mut outer = self.outer;
        compress(&mut outer, &outer_block);
        let mut out = [0u8; 32];
        for (chunk, word) in out.chunks_exact_mut(4).zip(outer) {
            chunk.copy_from_slice(&word.to_be_bytes());
        }
        inner.zeroize();
        out
    }

    fn mac_long(&self, parts: &[&[u8]]) -> [u8; 32] {
        // A 32-byte key is padded with zeros to the block by HMAC, so keying with the padded block is the same.
        let mut block = Zeroizing::new([0u8; 64]);
        block[..32].copy_from_slice(self.key.as_slice());
        let mut h = <Hmac<Sha256> as KeyInit>::new(&(*block).into());
        for p in parts {
            h.update(p);
        }
        h.finalize().into_bytes().into()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn reference(key: &[u8; 32], msg: &[u8]) -> [u8; 32] {
        let mut h = <Hmac<Sha256> as Mac>::new_from_slice(key).unwrap();
        h.update(msg);
        h.finalize().into_bytes().into()
    }

    #[test]
    fn rfc_4231_case_2_with_a_padded_key() {
        // RFC 4231 test case 2 has the 4-byte key "Jefe"; HMAC pads it with zeros, so the 32-byte zero-padded key
        // gives the same MAC.
        let mut key = [0u8; 32];
        key[..4].copy_from_slice(b"Jefe");
        let mac = KeyedHash::new(&Zeroizing::new(key)).mac(&[b"what do ya want ", b"for nothing?"]);
        let hex: String = mac.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(
            hex,
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    proptest::proptest! {
        #[test]
        fn equals_the_hmac_crate(key in proptest::array::uniform32(0u8..), msg in proptest::collection::vec(0u8.., 0..130), cut in 0usize..130) {
            let cut = cut.min(msg.len());
            let k = KeyedHash::new(&Zeroizing::new(key));
            proptest::prop_assert_eq!(k.mac(&[&msg[..cut], &msg[cut..]]), reference(&key, &msg));
        }
    }
}
