//! vigie-render
