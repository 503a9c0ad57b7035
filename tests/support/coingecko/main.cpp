// fake-coingecko: the in-process FakeCoinGecko as a process, for tests in other processes and the
// operator's end-to-end tests. Prints one line "fake-coingecko listening on http://127.0.0.1:PORT"
// once it accepts calls; control it with POST /_admin/state and GET /_admin/calls.

#include "fakecoingecko.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QHostAddress>

#include <cstdio>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("fake-coingecko"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("A CoinGecko-compatible price server on loopback for tests."));
    parser.addHelpOption();
    const QCommandLineOption portOption(QStringLiteral("port"), QStringLiteral("Port (0 picks a free one)."),
                                        QStringLiteral("port"), QStringLiteral("0"));
    const QCommandLineOption flavourOption(QStringLiteral("flavour"),
                                           QStringLiteral("public (api.coingecko.com) or pro (pro-api.coingecko.com)."),
                                           QStringLiteral("flavour"), QStringLiteral("public"));
    const QCommandLineOption keyFileOption(QStringLiteral("api-key-file"),
                                           QStringLiteral("File holding the only key accepted."), QStringLiteral("file"));
    const QCommandLineOption rateOption(QStringLiteral("rate-limit"),
                                        QStringLiteral("Calls per minute before 429 (0 = none)."),
                                        QStringLiteral("calls"), QStringLiteral("0"));
    const QCommandLineOption retryOption(QStringLiteral("retry-after"),
                                         QStringLiteral("Retry-After seconds sent with 429 (-1 = no header)."),
                                         QStringLiteral("seconds"), QStringLiteral("60"));
    const QCommandLineOption priceOption(QStringLiteral("price"),
                                         QStringLiteral("coin=usd[:change24h]; repeatable. Without any, the "
                                                        "example prices (bitcoin 41222, ethereum 3095.76, …)."),
                                         QStringLiteral("coin=usd"));
    parser.addOptions({portOption, flavourOption, keyFileOption, rateOption, retryOption, priceOption});
    parser.process(app);

    const auto fail = [](const QString &message) {
        std::fprintf(stderr, "fake-coingecko: %s\n", qPrintable(message));
        return 2;
    };

    cvc::FakeCoinGecko fake;
    const QString flavour = parser.value(flavourOption);
    if (flavour == QLatin1String("pro"))
        fake.setFlavour(cvc::FakeCoinGecko::Flavour::Pro);
    else if (flavour != QLatin1String("public"))
        return fail(QStringLiteral("--flavour must be public or pro, not \"%1\"").arg(flavour));
    if (parser.isSet(keyFileOption)) {
        QFile file(parser.value(keyFileOption));
        if (!file.open(QIODevice::ReadOnly))
            return fail(QStringLiteral("cannot read --api-key-file %1: %2").arg(file.fileName(), file.errorString()));
        fake.setApiKey(file.readAll().trimmed());
    }
    fake.setRateLimitPerMinute(parser.value(rateOption).toInt());
    const int retryAfter = parser.value(retryOption).toInt();
    fake.setRetryAfter(retryAfter >= 0 ? std::optional<int>(retryAfter) : std::nullopt);

    const QStringList prices = parser.values(priceOption);
    if (prices.isEmpty())
        fake.setDefaultPrices();
    for (const QString &spec : prices) {
        const QString coin = spec.section(QLatin1Char('='), 0, 0);
        const QStringList numbers = spec.section(QLatin1Char('='), 1).split(QLatin1Char(':'));
        bool ok = false;
        const double usd = numbers.value(0).toDouble(&ok);
        if (coin.isEmpty() || !ok)
            return fail(QStringLiteral("--price %1: write coin=usd[:change24h], e.g. bitcoin=41222:1.25").arg(spec));
        std::optional<double> change;
        if (numbers.size() > 1)
            change = numbers.value(1).toDouble();
        fake.setPrice(coin, usd, change);
    }

    bool ok = false;
    const uint port = parser.value(portOption).toUInt(&ok);
    if (!ok || port > 65535)
        return fail(QStringLiteral("--port must be a number from 0 to 65535"));
    if (!fake.listen(quint16(port), QHostAddress::LocalHost))
        return fail(QStringLiteral("cannot listen on 127.0.0.1:%1: %2").arg(port).arg(fake.errorString()));

    std::printf("fake-coingecko listening on http://127.0.0.1:%u\n", unsigned(fake.port()));
    std::fflush(stdout);
    return app.exec();
}
