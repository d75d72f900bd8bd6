#include "signals_panel.h"

#include "liqheat/model/format.h"

#include <QLabel>
#include <QScrollArea>
#include <QVBoxLayout>

namespace liqheat::ui {
namespace {

QString conditionText(const SignalCondition& c)
{
    const QString value = !c.available || !c.value ? QObject::tr("absent") : QString::number(*c.value, 'g', 4);
    return QStringLiteral("%1 = %2 %3 %4%5")
        .arg(QString::fromStdString(c.name), value, QString::fromStdString(c.comparison),
             QString::number(c.threshold, 'g', 4),
             c.available ? (c.met ? QStringLiteral(" &#10003;") : QStringLiteral(" &#10007;")) : QString());
}

/// The market inputs the rules saw: "RSI(14) 39.1, long/short ratio 1.83" (absent ones say so).
QString inputsText(const MarketInputs& in)
{
    const QString rsi = in.rsi ? QString::fromStdString(formatFixed(*in.rsi, 1)) : QObject::tr("absent");
    const QString ratio =
        in.longShortRatio ? QString::fromStdString(formatFixed(*in.longShortRatio, 2)) : QObject::tr("absent");
    // The document evaluates with the default thresholds, so this is the period in use.
    return QObject::tr("<p>Inputs: RSI(%1) %2, long/short ratio %3</p>")
        .arg(SignalThresholds{}.rsiPeriod)
        .arg(rsi, ratio);
}

}  // namespace

SignalsPanel::SignalsPanel(QWidget* parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("signalsPanel"));
    m_text = new QLabel(this);
    m_text->setObjectName(QStringLiteral("signalsText"));
    m_text->setWordWrap(true);
    m_text->setTextFormat(Qt::RichText);
    m_text->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* scroll = new QScrollArea(this);
    scroll->setWidget(m_text);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(scroll);
    setReport(std::nullopt, tr("Nothing estimated yet."));
}

void SignalsPanel::setReport(const std::optional<SignalReport>& report, const QString& error)
{
    if (!report) {
        m_text->setText(error.toHtmlEscaped());
        return;
    }
    QStringList parts;
    int fired = 0;
    for (const Signal& s : report->results) {
        fired += s.fired ? 1 : 0;
        const QString color = !s.fired                       ? QStringLiteral("#8b93a1")
                              : s.severity == Severity::High ? QStringLiteral("#ef5350")
                                                             : QStringLiteral("#ffb74d");
        QString block = QStringLiteral("<p><b style='color:%1'>%2 %3</b> (%4)<br>%5")
                            .arg(color, s.fired ? QStringLiteral("&#9888;") : QStringLiteral("&#9679;"),
                                 QString::fromStdString(s.id), QString::fromStdString(toString(s.severity)),
                                 QString::fromStdString(s.message).toHtmlEscaped());
        for (const auto& c : s.conditions) {
            block += QStringLiteral("<br>&nbsp;&nbsp;") + conditionText(c);
        }
        for (const auto& note : s.notes) {
            block += QStringLiteral("<br><i>%1</i>").arg(QString::fromStdString(note).toHtmlEscaped());
        }
        parts << block + QStringLiteral("</p>");
    }
    parts.prepend(inputsText(report->inputs));
    parts.prepend(fired == 0 ? tr("<p>No warning fires at the last price.</p>")
                             : tr("<p><b>%n warning(s) fire.</b></p>", nullptr, fired));
    m_text->setText(parts.join(QString()));
}

QString SignalsPanel::text() const { return m_text->text(); }

}  // namespace liqheat::ui
