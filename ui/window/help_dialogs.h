#pragma once

class QWidget;

namespace liqheat::ui {

/// Help > How the estimate works: what the heatmap is and is not, in plain words.
void showModelExplanation(QWidget* parent);
/// Help > About.
void showAbout(QWidget* parent);

}  // namespace liqheat::ui
