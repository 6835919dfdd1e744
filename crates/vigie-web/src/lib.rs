//! vigie-web
