#include "credentialfile.h"

#include <QTemporaryDir>
#include <QTest>

using namespace cvc::sandbox;

class TestCredentialFile : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parsesKubeApiserverFormat()
    {
        const QByteArray content = "t0k3n,alice,uid-1\r\n"
                                   "\n"
                                   "secret2, bob ,uid-2,\"devs,ops\"\n"
                                   "s3,carol,uid-3,viewers,ignored-extra\n"
                                   "\"quoted \"\"token\"\"\",dave,uid-4,\" a , ,b \"\n";
        QString error;
        const auto records = CredentialFile::parse(content, QStringLiteral("tokens.csv"), &error);
        QVERIFY2(records, qPrintable(error));
        QCOMPARE(records->size(), 4);
        QCOMPARE(records->at(0).secret, QStringLiteral("t0k3n"));
        QCOMPARE(records->at(0).user.name, QStringLiteral("alice"));
        QCOMPARE(records->at(0).user.uid, QStringLiteral("uid-1"));
        QVERIFY(records->at(0).user.groups.isEmpty());
        QCOMPARE(records->at(0).line, 1);
        // Go's csv trims only leading spaces.
        QCOMPARE(records->at(1).user.name, QStringLiteral("bob "));
        QCOMPARE(records->at(1).user.groups, (QStringList{"devs", "ops"}));
        QCOMPARE(records->at(1).line, 3);
        QCOMPARE(records->at(2).user.groups, (QStringList{"viewers"}));
        QCOMPARE(records->at(3).secret, QStringLiteral("quoted \"token\""));
        QCOMPARE(records->at(3).user.groups, (QStringList{"a", "b"}));
    }

    void emptyFileIsFine()
    {
        const auto records = CredentialFile::parse("\n\n", QStringLiteral("empty.csv"));
        QVERIFY(records);
        QVERIFY(records->isEmpty());
    }

    void reportsMalformedLines_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("expected");
        QTest::newRow("too few columns") << QByteArray("ok,a,1\nsecretvalue,bob\n") << "tokens.csv:2: expected at least 3 columns";
        QTest::newRow("bare quote") << QByteArray("a\"b,c,d\n") << "tokens.csv:1: bare \"";
        QTest::newRow("unterminated") << QByteArray("ok,a,1\n\nx,y,z,\"g1,g2\n") << "tokens.csv:3: unterminated quoted field in column 4";
        QTest::newRow("junk after quote") << QByteArray("\"a\"b,c,d\n") << "tokens.csv:1: extraneous";
        QTest::newRow("empty secret") << QByteArray(",alice,1\n") << "tokens.csv:1: empty secret";
        QTest::newRow("empty user") << QByteArray("tok,,1\n") << "tokens.csv:1: empty user name";
    }

    void reportsMalformedLines()
    {
        QFETCH(QByteArray, content);
        QFETCH(QString, expected);
        QString error;
        QVERIFY(!CredentialFile::parse(content, QStringLiteral("tokens.csv"), &error));
        QVERIFY2(error.startsWith(expected), qPrintable(error));
        // A secret never shows up in an error.
        QVERIFY(!error.contains(QLatin1String("secretvalue")));
    }

    void loadNamesMissingFile()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("missing.csv"));
        QString error;
        QVERIFY(!CredentialFile::load(path, &error));
        QVERIFY2(error.startsWith(path + QStringLiteral(": cannot read")), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TestCredentialFile)
#include "tst_credentialfile.moc"
