# The project's orchestration lives in GNUmakefile, which GNU make reads first.
# An in-tree `phpize && ./configure` replaces this file with PHP's generated
# Makefile; GNUmakefile then forwards `make`, `make install` and `make clean`
# to it (restore this file with `git checkout Makefile` after `phpize --clean`).
include GNUmakefile
