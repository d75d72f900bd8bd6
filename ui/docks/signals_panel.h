#pragma once

#include "liqheat/analysis/signals.h"

#include <QWidget>

class QLabel;

namespace liqheat::ui {

/// Confluence warnings (funding, long/short ratio, clusters) with the numbers behind them and the
/// thresholds used.
class SignalsPanel final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SignalsPanel)

public:
    explicit SignalsPanel(QWidget* parent = nullptr);
    void setReport(const std::optional<SignalReport>& report, const QString& error);
    [[nodiscard]] QString text() const;

private:
    QLabel* m_text = nullptr;
};

}  // namespace liqheat::ui
