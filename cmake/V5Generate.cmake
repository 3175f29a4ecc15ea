# v5store_generate(TARGET <t> SPEC <file> [OUTPUT_DIR <dir>]) is defined by the generator work;
# this file is installed with the package so find_package(v5store) can include it.
