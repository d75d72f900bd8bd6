# Third-party packages come from the system (Debian 12 packages; see packaging/build-deps.sh).
find_package(nlohmann_json 3.10 REQUIRED)
find_package(ZLIB REQUIRED)
find_package(Threads REQUIRED)
