//! vigie-synth
