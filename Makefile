# Developer shortcuts; the two commands of the README are setup/run.sh and
# setup/test.sh.

.PHONY: help screenshots docs

help:
	@echo "make screenshots   regenerate docs/images/*.png from a fresh demo database"
	@echo "                   (DB=<name> FRESH=0 reuses a database, PORT=<port> picks the port)"
	@echo "make docs          the same"

screenshots:
	bash docs/screenshots.sh

docs: screenshots
