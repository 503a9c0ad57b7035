#include "historychartview.h"

#include "history/historystore.h"
#include "dashboard/portfolio.h"

#include <QButtonGroup>
#include <QChart>
#include <QChartView>
#include <QDateTimeAxis>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineSeries>
#include <QPushButton>
#include <QTimer>
#include <QToolTip>
#include <QValueAxis>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace cvc::ui {

HistoryChartView::HistoryChartView(HistoryStore *store, QWidget *parent)
    : QWidget(parent)
    , m_store(store)
    , m_rangeButtons(new QButtonGroup(this))
    , m_chart(new QChart)
    , m_chartView(new QChartView(m_chart, this))
    , m_timeAxis(new QDateTimeAxis(this))
    , m_valueAxis(new QValueAxis(this))
    , m_hover(new QLabel(this))
    , m_empty(new QLabel(this))
    , m_refreshTimer(new QTimer(this))
{
    setObjectName(QStringLiteral("historyChartView"));
    m_hover->setObjectName(QStringLiteral("hoverLabel"));
    m_empty->setObjectName(QStringLiteral("historyEmptyLabel"));
    m_chartView->setObjectName(QStringLiteral("historyChart"));
    m_chartView->setRenderHint(QPainter::Antialiasing);
    m_chart->addAxis(m_timeAxis, Qt::AlignBottom);
    m_chart->addAxis(m_valueAxis, Qt::AlignLeft);
    m_chart->legend()->setAlignment(Qt::AlignBottom);
    m_chart->legend()->setVisible(true);
    m_valueAxis->setLabelFormat(QStringLiteral("$%.2f"));

    auto *bar = new QHBoxLayout;
    for (HistoryRange range : allHistoryRanges()) {
        auto *button = new QPushButton(historyRangeLabel(range), this);
        button->setObjectName(QStringLiteral("range_") + historyRangeLabel(range));
        button->setCheckable(true);
        button->setChecked(range == m_range);
        m_rangeButtons->addButton(button, int(range));
        bar->addWidget(button);
    }
    m_rangeButtons->setExclusive(true);
    bar->addStretch();
    connect(m_rangeButtons, &QButtonGroup::idClicked, this, [this](int id) { setRange(HistoryRange(id)); });

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(m_empty);
    layout->addWidget(m_chartView, 1);
    layout->addWidget(m_hover);
    m_chartView->setMinimumHeight(220);

    // Many samples can land at once (a tick of many CVCs, a backfill): redraw once after them.
    m_refreshTimer->setSingleShot(true);
    m_refreshTimer->setInterval(100);
    connect(m_refreshTimer, &QTimer::timeout, this, &HistoryChartView::refresh);
    if (m_store) {
        connect(m_store, &HistoryStore::samplesAdded, m_refreshTimer, qOverload<>(&QTimer::start));
        connect(m_store, &HistoryStore::historyCleared, m_refreshTimer, qOverload<>(&QTimer::start));
    }
    refresh();
}

void HistoryChartView::setKeys(const QStringList &keys)
{
    if (keys == m_keys)
        return;
    m_keys = keys;
    refresh();
}

void HistoryChartView::setNamespaceFilter(const QString &namespaceName)
{
    if (namespaceName == m_namespace)
        return;
    m_namespace = namespaceName;
    refresh();
}

void HistoryChartView::setRange(HistoryRange range)
{
    if (QAbstractButton *button = m_rangeButtons->button(int(range)))
        button->setChecked(true);
    if (range == m_range)
        return;
    m_range = range;
    refresh();
    Q_EMIT rangeChanged(range);
}

void HistoryChartView::refresh()
{
    m_refreshTimer->stop();
    m_chart->removeAllSeries();
    if (!m_store || !m_store->isOpen()) {
        m_empty->setText(tr("No value history: %1").arg(m_store ? m_store->errorString() : QString()));
        m_empty->show();
        return;
    }
    const QDateTime end = QDateTime::currentDateTimeUtc();
    QList<QPair<QString, QList<HistoryPoint>>> lines;
    // At most a handful of CVC lines stay readable.
    for (const QString &key : m_keys.mid(0, 6))
        lines.append({key, m_store->series(key, m_range, end)});
    lines.append({tr("Total"), m_store->totalSeries(m_range, end, m_namespace)});

    double low = std::numeric_limits<double>::max();
    double high = std::numeric_limits<double>::lowest();
    int points = 0;
    for (const auto &[name, values] : lines) {
        auto *series = new QLineSeries;
        series->setName(name);
        series->setPointsVisible(values.size() < 60);
        for (const HistoryPoint &p : values) {
            series->append(double(p.time.toMSecsSinceEpoch()), p.value);
            low = std::min(low, p.value);
            high = std::max(high, p.value);
        }
        points += int(values.size());
        m_chart->addSeries(series);
        series->attachAxis(m_timeAxis);
        series->attachAxis(m_valueAxis);
        connect(series, &QLineSeries::hovered, this,
                [this, series](const QPointF &point, bool state) { onHovered(series, point, state); });
    }
    const QDateTime start = end.addMSecs(-historyRangeSpanMs(m_range));
    m_timeAxis->setRange(start.toLocalTime(), end.toLocalTime());
    m_timeAxis->setFormat(historyRangeSpanMs(m_range) <= 24 * 3600 * 1000 ? QStringLiteral("HH:mm")
                                                                           : QStringLiteral("MMM d"));
    if (points > 0) {
        const double pad = std::max((high - low) * 0.05, std::abs(high) * 0.01 + 0.0001);
        m_valueAxis->setRange(std::max(0.0, low - pad), high + pad);
        m_empty->hide();
    } else {
        m_valueAxis->setRange(0, 1);
        m_empty->setText(tr("No values in the last %1 yet: points appear as CVCs are valued.")
                             .arg(historyRangeLabel(m_range)));
        m_empty->show();
    }
}

int HistoryChartView::pointCount(const QString &seriesName) const
{
    for (QAbstractSeries *series : m_chart->series()) {
        if (series->name() == seriesName)
            return int(static_cast<QLineSeries *>(series)->count());
    }
    return 0;
}

QString HistoryChartView::hoverText() const
{
    return m_hover->text();
}

void HistoryChartView::onHovered(QLineSeries *series, const QPointF &point, bool state)
{
    if (!state) {
        m_hover->clear();
        return;
    }
    // The nearest real point, not the position on the segment under the mouse.
    QPointF nearest = point;
    double best = std::numeric_limits<double>::max();
    for (const QPointF &p : series->points()) {
        const double distance = std::abs(p.x() - point.x());
        if (distance < best) {
            best = distance;
            nearest = p;
        }
    }
    const QDateTime time = QDateTime::fromMSecsSinceEpoch(qint64(nearest.x())).toLocalTime();
    m_hover->setText(tr("%1 · %2 · %3").arg(series->name(), time.toString(QStringLiteral("yyyy-MM-dd HH:mm")),
                                           Portfolio::formatUsd(nearest.y())));
    QToolTip::showText(QCursor::pos(), m_hover->text(), m_chartView);
}

} // namespace cvc::ui
