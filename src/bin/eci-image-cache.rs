//! The `eci-image-cache` command (feature `cli`): everything is in `eci_image_cache::cli`.

fn main() -> std::process::ExitCode {
    eci_image_cache::cli::main()
}
