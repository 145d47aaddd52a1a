//! ferry's plain data, shared by every layer ([`model`]: transfers, groups,
//! settings, conditions), and the file that lets it outlive the process
//! ([`store`]: state.ron, its journal, the writer lock).

pub mod model;
pub mod store;
