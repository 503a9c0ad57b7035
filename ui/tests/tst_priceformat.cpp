// Prices as people read them (trial problem 6: "$45060.995443048145 per coin"), in the table and in
// the create/edit dialog, with the exact price one hover away; in en_US and de_DE.
#include "cvcdialog.h"
#include "dashboard/cvcwriter.h"
#include "dashboard/holding.h"
#include "dashboard/holdingsmodel.h"

#include "kube/objectcache.h"

#include <QComboBox>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QTest>

using namespace cvc;
using namespace cvc::ui;

namespace {

QJsonObject pricedCvc(const QString &name, const QString &coin, double amount, double price, const QString &value)
{
    QJsonObject metadata{{"namespace", "default"}, {"resourceVersion", "7"}, {"generation", 1}};
    metadata.insert("name", name);
    metadata.insert("uid", QString(QStringLiteral("uid-") + name));
    metadata.insert("annotations", QJsonObject{{"value", value}});
    QJsonObject ready{{"type", "Ready"}, {"status", "True"}, {"reason", "Valued"}};
    QJsonObject status{{"observedGeneration", 1}, {"lastUpdated", "2026-12-07T09:38:26Z"}};
    status.insert("price", price);
    status.insert("value", value.mid(1).toDouble());
    status.insert("conditions", QJsonArray{ready});
    QJsonObject spec{{"amount", amount}};
    spec.insert("coin", coin);
    return QJsonObject{{"apiVersion", "crypto.tools/v1"}, {"kind", "CryptoValueCalculator"},
                       {"metadata", metadata}, {"spec", spec}, {"status", status}};
}

const QLocale english(QLocale::English, QLocale::UnitedStates);
const QLocale german(QLocale::German, QLocale::Germany);

} // namespace

class TestPriceFormat : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void cleanup() { QLocale::setDefault(QLocale::c()); }

    void readablePrices_data()
    {
        QTest::addColumn<double>("price");
        QTest::addColumn<QString>("us");
        QTest::addColumn<QString>("de");
        // The trial's own numbers: float noise from a product, and a price below a cent.
        QTest::newRow("bitcoin, every float digit") << 45060.995443048145 << "45,061.00" << "45.061,00";
        QTest::newRow("dogecoin with float noise") << 0.08925000000000001 << "0.08925" << "0,08925";
        QTest::newRow("dogecoin, short") << 0.0812 << "0.0812" << "0,0812";
        QTest::newRow("shiba-inu") << 0.00001035123 << "0.00001035" << "0,00001035";
        QTest::newRow("what kubectl prints as 9.5e-06") << 9.5e-06 << "0.0000095" << "0,0000095";
        QTest::newRow("uneven decimals") << 2950.1 << "2,950.10" << "2.950,10";
        QTest::newRow("whole dollars") << 41222.0 << "41,222.00" << "41.222,00";
        QTest::newRow("thousands") << 1234.56 << "1,234.56" << "1.234,56";
        QTest::newRow("half a dollar") << 0.5 << "0.50" << "0,50";
    }
    void readablePrices()
    {
        QFETCH(double, price);
        QFETCH(QString, us);
        QFETCH(QString, de);
        QCOMPARE(Holding::formatPrice(price, english), us);
        QCOMPARE(Holding::formatPrice(price, german), de);
    }

    void tableShowsReadablePriceAndExactTooltip()
    {
        QLocale::setDefault(german);
        ObjectCache cache;
        cache.replaceAll({pricedCvc("doge-jar", "dogecoin", 1200, 0.08925000000000001, "$107.1000")}, "1");
        HoldingsModel model;
        model.setCache(&cache);
        QCOMPARE(model.rowCount(), 1);
        const QModelIndex price = model.index(0, HoldingsModel::PriceColumn);
        QCOMPARE(price.data().toString(), QStringLiteral("$0,08925"));
        QCOMPARE(price.data(Qt::ToolTipRole).toString(),
                 QStringLiteral("$0.08925000000000001 per coin, exactly as status.price has it"));
        // The value annotation is the contract's, whatever the locale.
        QCOMPARE(model.index(0, HoldingsModel::ValueColumn).data().toString(), QStringLiteral("$107.1000"));
    }

    void dialogPreviewShowsReadablePrice()
    {
        QLocale::setDefault(english);
        ObjectCache cache;
        cache.replaceAll({pricedCvc("bitcoin-stash", "bitcoin", 0.0023, 45060.995443048145, "$103.6403")}, "1");
        HoldingsModel holdings;
        holdings.setCache(&cache);
        CvcWriter writer;
        CvcDialog dialog(&writer);
        dialog.setCoins({QStringLiteral("bitcoin"), QStringLiteral("dogecoin")});
        dialog.setHoldings(&holdings);
        dialog.startCreate(QStringLiteral("default"));
        dialog.findChild<QComboBox *>(QStringLiteral("coinCombo"))->setCurrentText(QStringLiteral("bitcoin"));
        QTest::keyClicks(dialog.findChild<QLineEdit *>(QStringLiteral("amountEdit")), QStringLiteral("2"));
        auto *preview = dialog.findChild<QLabel *>(QStringLiteral("previewLabel"));
        QCOMPARE(preview->text(), QStringLiteral("$90121.9909 at $45,061.00 per coin (the cluster's price)"));
        QCOMPARE(preview->toolTip(), QStringLiteral("The price exactly: $45060.995443048145 per coin"));
    }
};

QTEST_MAIN(TestPriceFormat)
#include "tst_priceformat.moc"
