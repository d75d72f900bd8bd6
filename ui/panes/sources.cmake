target_sources(liqheat_ui PRIVATE
    panes/pane_colors.cpp
    panes/pane_units.cpp
    panes/sample_lookup.cpp
    panes/step_path.cpp
    panes/pane_chart_view.cpp
    panes/time_pane.cpp
    panes/funding_pane.cpp
    panes/ratio_pane.cpp
    panes/open_interest_pane.cpp
    panes/rsi_pane.cpp
    panes/liquidation_strip_pane.cpp
    panes/time_panes.cpp
)
