//! End-to-end tests of the `eci-image-cache` binary (feature `cli`) on the fixture trees
//! under tests/cli/: whole outputs compared with reviewed snapshots (tests/snapshots/).
