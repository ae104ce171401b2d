//! `ddgen import`: front ends that turn other modelling languages into
//! `.ddd` syntax trees, checked by the same pipeline as `.ddd` files.

pub mod cml;
