target_sources(liqheat_ui PRIVATE
    controllers/document_controller.cpp
    controllers/fetch_controller.cpp
    controllers/archive_controller.cpp
    controllers/live_controller.cpp
    controllers/stream_feed.cpp
    controllers/watchlist_controller.cpp
    controllers/zoom_detail.cpp
    controllers/thread_relay.h
)
