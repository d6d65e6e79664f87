//! Tells the tests which real data they can reach (see build/test_env.rs).
include!("../../build/test_env.rs");

fn main() {
    detect_test_environment();
}
