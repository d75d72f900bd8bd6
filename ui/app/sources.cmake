target_sources(liqheat_ui PRIVATE
    app/app_settings.cpp
    app/document_controller.cpp
    app/fetch_controller.cpp
    app/trade_planner.cpp
    app/actions.cpp
    app/main_window.cpp
)
