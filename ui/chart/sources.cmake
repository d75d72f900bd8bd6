target_sources(liqheat_ui PRIVATE
    chart/chart_transform.cpp
    chart/heatmap_image.cpp
    chart/chart_renderer.cpp
    chart/chart_overlays.cpp
    chart/chart_widget.cpp
    chart/png_export.cpp
)
