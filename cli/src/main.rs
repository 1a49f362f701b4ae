fn main() { let _ = riptide_extractor::VERSION; }
