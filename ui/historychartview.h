#pragma once

#include "history/historyrange.h"

#include <QPointer>
#include <QStringList>
#include <QWidget>

class QButtonGroup;
class QChart;
class QChartView;
class QDateTimeAxis;
class QLabel;
class QLineSeries;
class QTimer;
class QValueAxis;

namespace cvc {
class HistoryStore;
}

namespace cvc::ui {

// Value over time from the HistoryStore: one line per selected CVC and one for the total, over
// 1h, 24h, 7d, 30d or 1y. Hovering a line shows the time and value of the nearest point.
class HistoryChartView : public QWidget
{
    Q_OBJECT
public:
    explicit HistoryChartView(cvc::HistoryStore *store, QWidget *parent = nullptr);

    void setKeys(const QStringList &keys);
    QStringList keys() const { return m_keys; }
    void setRange(cvc::HistoryRange range);
    // The Total line sums this namespace's CVCs only (the one on screen); "" = every namespace.
    void setNamespaceFilter(const QString &namespaceName);
    cvc::HistoryRange range() const { return m_range; }

    // Points currently drawn, per series name ("Total", "default/my-btc").
    int pointCount(const QString &seriesName) const;
    QString hoverText() const;
    void refresh();

Q_SIGNALS:
    void rangeChanged(cvc::HistoryRange range);

private:
    void onHovered(QLineSeries *series, const QPointF &point, bool state);

    QPointer<cvc::HistoryStore> m_store;
    QStringList m_keys;
    QString m_namespace;
    cvc::HistoryRange m_range = cvc::HistoryRange::Day;
    QButtonGroup *m_rangeButtons;
    QChart *m_chart;
    QChartView *m_chartView;
    QDateTimeAxis *m_timeAxis;
    QValueAxis *m_valueAxis;
    QLabel *m_hover;
    QLabel *m_empty;
    QTimer *m_refreshTimer;
};

} // namespace cvc::ui
