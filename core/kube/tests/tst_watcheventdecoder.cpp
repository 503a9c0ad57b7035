#include "watcheventdecoder.h"

#include <QTest>

using namespace cvc;

class TestWatchEventDecoder : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // Whatever the chunk boundaries, the same events come out in order.
    void everySplitPoint()
    {
        const QByteArray stream =
            "{\"type\":\"ADDED\",\"object\":{\"metadata\":{\"name\":\"a\",\"resourceVersion\":\"5\"},\"s\":\"\\u00e9\\n\"}}\n"
            "{\"type\":\"BOOKMARK\",\"object\":{\"metadata\":{\"resourceVersion\":\"9\"}}}\r\n"
            "\n"
            "{\"type\":\"DELETED\",\"object\":{\"metadata\":{\"name\":\"a\",\"resourceVersion\":\"10\"}}}\n";
        for (int i = 0; i <= stream.size(); ++i) {
            for (int j = i; j <= stream.size(); j += 7) {
                WatchEventDecoder d;
                QList<WatchEvent> events = d.feed(stream.left(i));
                events += d.feed(stream.mid(i, j - i));
                events += d.feed(stream.mid(j));
                events += d.finish();
                QVERIFY2(!d.hasError(), qPrintable(d.errorString()));
                QCOMPARE(events.size(), 3);
                QCOMPARE(events[0].type, QStringLiteral("ADDED"));
                QCOMPARE(events[0].object.value(QLatin1String("s")).toString(), QString::fromUtf8("\xc3\xa9\n"));
                QCOMPARE(events[1].type, QStringLiteral("BOOKMARK"));
                QCOMPARE(events[2].object.value(QLatin1String("metadata")).toObject().value(QLatin1String("resourceVersion")).toString(),
                         QStringLiteral("10"));
            }
        }
    }

    void byteByByte()
    {
        const QByteArray stream = "{\"type\":\"MODIFIED\",\"object\":{\"x\":1}}\n{\"type\":\"ERROR\",\"object\":{\"kind\":\"Status\",\"code\":410}}";
        WatchEventDecoder d;
        QList<WatchEvent> events;
        for (char c : stream)
            events += d.feed(QByteArray(1, c));
        QCOMPARE(events.size(), 1);
        events += d.finish(); // the last event had no newline
        QCOMPARE(events.size(), 2);
        QCOMPARE(events[1].type, QStringLiteral("ERROR"));
        QCOMPARE(events[1].object.value(QLatin1String("code")).toInt(), 410);
        QCOMPARE(d.bufferedBytes(), 0);
    }

    void malformedLines_data()
    {
        QTest::addColumn<QByteArray>("line");
        QTest::addColumn<QString>("error");
        QTest::newRow("not json") << QByteArray("hello\n") << "malformed watch event";
        QTest::newRow("array") << QByteArray("[1,2]\n") << "malformed watch event: not a JSON object";
        QTest::newRow("unknown type") << QByteArray("{\"type\":\"SOMETHING\",\"object\":{}}\n") << "got invalid watch event type \"SOMETHING\"";
        QTest::newRow("no object") << QByteArray("{\"type\":\"ADDED\"}\n") << "watch event ADDED without an object";
    }

    void malformedLines()
    {
        QFETCH(QByteArray, line);
        QFETCH(QString, error);
        WatchEventDecoder d;
        const QList<WatchEvent> events = d.feed(line + "{\"type\":\"ADDED\",\"object\":{}}\n");
        QCOMPARE(events.size(), 1); // the good event after the bad line still decodes
        QVERIFY(d.hasError());
        QVERIFY2(d.errorString().startsWith(error), qPrintable(d.errorString()));
    }
};

QTEST_GUILESS_MAIN(TestWatchEventDecoder)
#include "tst_watcheventdecoder.moc"
