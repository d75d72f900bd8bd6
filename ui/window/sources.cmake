target_sources(liqheat_ui PRIVATE
    window/app_settings.cpp
    window/actions.cpp
    window/theme.cpp
    window/help_dialogs.cpp
    window/dock_set.cpp
    window/planner_binding.cpp
    window/archive_binding.cpp
    window/backfill_dialog.cpp
    window/stored_span_dialog.cpp
    window/main_window.cpp
    window/main_window_sources.cpp
    window/notifier.cpp
    window/watch_binding.cpp
)
