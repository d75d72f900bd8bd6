# Third-party packages come from the system (Debian 12 packages; see packaging/build-deps.sh).
find_package(nlohmann_json 3.10 REQUIRED)
find_package(ZLIB REQUIRED)
find_package(Threads REQUIRED)
find_package(CURL REQUIRED)  # live exchange data (core/src/http_client.cpp)
find_package(CLI11 CONFIG REQUIRED)  # liqheat-cli's command line
if(LIQHEAT_BUILD_GUI)
    # Found here, at the top, so every directory sees the same imported Qt targets.
    find_package(Qt6 6.4 REQUIRED COMPONENTS Widgets Charts Concurrent DBus)
endif()
