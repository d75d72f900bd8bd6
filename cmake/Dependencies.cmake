# Third-party packages come from the system (Debian 12 packages; see packaging/build-deps.sh).
find_package(nlohmann_json 3.10 REQUIRED)
find_package(ZLIB REQUIRED)
find_package(Threads REQUIRED)
find_package(libzip REQUIRED)  # Binance archive zips (core/io only)
find_package(OpenSSL REQUIRED COMPONENTS Crypto)  # sha256 of archive zips (core/io only)
find_package(CURL REQUIRED)  # live exchange data (core/src/http_client.cpp)
find_package(SQLite3 REQUIRED)  # the local store (core/store)
find_package(CLI11 CONFIG REQUIRED)  # liqheat-cli's command line
# The liquidation streams' WebSocket transport (stream/), used by liqheat-cli record and the GUI.
find_package(Qt6 6.4 REQUIRED COMPONENTS Core WebSockets)
if(LIQHEAT_BUILD_GUI)
    # Found here, at the top, so every directory sees the same imported Qt targets.
    find_package(Qt6 6.4 REQUIRED COMPONENTS Widgets Charts Concurrent DBus)
endif()
