//! Unit tests of the user-memory boundary; the exhaustive struct tests are
//! in the workspace's `tests/`.
