#pragma once

#include "liqheat/live/binance_archive.h"

#include <QDialog>

class QComboBox;
class QDateEdit;
class QLabel;
class QLineEdit;
class QPushButton;

namespace liqheat::ui {

/// Asks for what File > Backfill from Binance Archive fetches: symbol, first and last day (UTC,
/// both included) and kline interval. OK stays disabled until the span is valid.
class BackfillDialog final : public QDialog {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BackfillDialog)

public:
    explicit BackfillDialog(QWidget* parent = nullptr);

    void setSpan(const ArchiveSpan& span);
    [[nodiscard]] ArchiveSpan span() const;

private:
    void validate();

    QLineEdit* m_symbol;
    QDateEdit* m_from;
    QDateEdit* m_to;
    QComboBox* m_interval;
    QLabel* m_problem;
    QPushButton* m_ok = nullptr;
};

}  // namespace liqheat::ui
