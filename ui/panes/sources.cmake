target_sources(liqheat_ui PRIVATE
    panes/utc_axis.cpp
    panes/pane_colors.cpp
    panes/step_path.cpp
    panes/time_pane.cpp
    panes/funding_pane.cpp
    panes/ratio_pane.cpp
    panes/liquidation_strip_pane.cpp
    panes/time_panes.cpp
)
