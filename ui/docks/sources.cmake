target_sources(liqheat_ui PRIVATE
    docks/leverage_tier_model.cpp
    docks/model_panel.cpp
    docks/model_options_box.cpp
    docks/clusters_panel.cpp
    docks/calibration_panel.cpp
    docks/data_source_panel.cpp
    docks/trade_planner_panel.cpp
    docks/signals_panel.cpp
    docks/layer_control.cpp
    docks/watchlist_model.cpp
    docks/watchlist_panel.cpp
    docks/symbol_picker.cpp
    docks/alert_rules_model.cpp
    docks/alert_rules_editor.cpp
    docks/alerts_panel.cpp
)
